import { Duration } from 'aws-cdk-lib';
import { Metric, type MetricOptions, Stats } from 'aws-cdk-lib/aws-cloudwatch';

/**
 * Metrics the function emits (Powertools EMF) in `POWERTOOLS_METRICS_NAMESPACE`, each with the single
 * dimension `service` = `POWERTOOLS_SERVICE_NAME` that Powertools adds by default.
 */
export const RUNTIME_METRIC_NAMES = {
  /** Defender rows read from Azure in a run (count). */
  rowsRead: 'RowsRead',
  /** Age of the newest row read, in seconds, at the end of a run. */
  lagSeconds: 'LagSeconds',
  /** Rows or records written to `dead-letter/` (count). */
  deadLettered: 'DeadLettered',
} as const;

export const FIVE_MINUTES = Duration.minutes(5);

/** Factory for the function's own metrics. */
export class RuntimeMetrics {
  constructor(
    private readonly namespace: string,
    private readonly serviceName: string,
  ) {}

  rowsRead(options: MetricOptions = {}): Metric {
    return this.metric(RUNTIME_METRIC_NAMES.rowsRead, { statistic: Stats.SUM, ...options });
  }

  lagSeconds(options: MetricOptions = {}): Metric {
    return this.metric(RUNTIME_METRIC_NAMES.lagSeconds, { statistic: Stats.MAXIMUM, ...options });
  }

  deadLettered(options: MetricOptions = {}): Metric {
    return this.metric(RUNTIME_METRIC_NAMES.deadLettered, { statistic: Stats.SUM, ...options });
  }

  private metric(metricName: string, options: MetricOptions): Metric {
    return new Metric({
      namespace: this.namespace,
      metricName,
      dimensionsMap: { service: this.serviceName },
      period: FIVE_MINUTES,
      ...options,
    });
  }
}

/** Factory for the delivery stream's `AWS/Firehose` metrics. */
export class DeliveryStreamMetrics {
  constructor(private readonly deliveryStreamName: string) {}

  /** Share of S3 puts that succeeded (0 to 1). */
  deliverySuccess(options: MetricOptions = {}): Metric {
    return this.metric('DeliveryToS3.Success', { statistic: Stats.AVERAGE, ...options });
  }

  /** Age in seconds of the oldest record not yet delivered. */
  dataFreshness(options: MetricOptions = {}): Metric {
    return this.metric('DeliveryToS3.DataFreshness', { statistic: Stats.MAXIMUM, ...options });
  }

  throttledRecords(options: MetricOptions = {}): Metric {
    return this.metric('ThrottledRecords', { statistic: Stats.SUM, ...options });
  }

  /** 1 while the stream has more active partitions than its quota (the excess goes to `errors/`). */
  partitionCountExceeded(options: MetricOptions = {}): Metric {
    return this.metric('PartitionCountExceeded', { statistic: Stats.MAXIMUM, ...options });
  }

  partitionCount(options: MetricOptions = {}): Metric {
    return this.metric('PartitionCount', { statistic: Stats.MAXIMUM, ...options });
  }

  incomingRecords(options: MetricOptions = {}): Metric {
    return this.metric('IncomingRecords', { statistic: Stats.SUM, ...options });
  }

  deliveredRecords(options: MetricOptions = {}): Metric {
    return this.metric('DeliveryToS3.Records', { statistic: Stats.SUM, ...options });
  }

  private metric(metricName: string, options: MetricOptions): Metric {
    return new Metric({
      namespace: 'AWS/Firehose',
      metricName,
      dimensionsMap: { DeliveryStreamName: this.deliveryStreamName },
      period: FIVE_MINUTES,
      ...options,
    });
  }
}
