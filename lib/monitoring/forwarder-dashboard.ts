import { Duration } from 'aws-cdk-lib';
import { AlarmStatusWidget, Dashboard, GraphWidget, type IMetric, type IWidget, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ForwarderAlarms } from './forwarder-alarms.ts';
import type { DeliveryStreamMetrics, RuntimeMetrics } from './forwarder-metrics.ts';

export interface ForwarderDashboardProps {
  readonly function: IFunction;
  readonly runtimeMetrics: RuntimeMetrics;
  readonly deliveryMetrics: DeliveryStreamMetrics;
  readonly alarms: ForwarderAlarms;
}

const WIDTH = 8;
const HEIGHT = 6;

/** One dashboard, read top to bottom in the data's order: alarms, Azure → function, function → Firehose → S3. */
export class ForwarderDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ForwarderDashboardProps) {
    super(scope, id);
    const { runtimeMetrics: runtime, deliveryMetrics: delivery } = props;
    const fn = props.function;
    const graph = (title: string, left: IMetric[], right?: IMetric[]): IWidget =>
      new GraphWidget({ title, left, ...(right ? { right } : {}), width: WIDTH, height: HEIGHT });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new TextWidget({
            markdown: '# Defender forwarder\nAzure Storage (Defender export) → function → Firehose → S3 (`ocsf/`) → Athena',
            width: 24,
            height: 2,
          }),
        ],
        [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms.all], width: 24, height: 4 })],
        [
          graph('Rows read', [runtime.rowsRead()], [runtime.deadLettered()]),
          graph('Lag of the newest row (s)', [runtime.lagSeconds()]),
          graph('Function runs', [fn.metricInvocations(), fn.metricErrors()], [fn.metricDuration({ statistic: 'Maximum' })]),
        ],
        [
          graph('Firehose records in / delivered', [delivery.incomingRecords(), delivery.deliveredRecords()]),
          graph('Delivery success and freshness', [delivery.deliverySuccess()], [delivery.dataFreshness()]),
          graph('Partitions and throttling', [delivery.partitionCount(), delivery.partitionCountExceeded()], [delivery.throttledRecords()]),
        ],
      ],
    });
  }
}
