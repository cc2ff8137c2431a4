import { Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { ResolvedForwarderProps } from '../defender-forwarder-props.ts';
import { DeliveryStreamMetrics, FIVE_MINUTES, RuntimeMetrics } from './forwarder-metrics.ts';

export interface ForwarderAlarmsProps {
  readonly function: IFunction;
  readonly runtimeMetrics: RuntimeMetrics;
  readonly deliveryMetrics: DeliveryStreamMetrics;
  readonly encryptionKey?: IKey;
  readonly settings: ResolvedForwarderProps;
}

/** The alarms, each a plain `cloudwatch.Alarm`, and the topic they notify when one is configured. */
export class ForwarderAlarms extends Construct {
  /** The function failed a run. */
  readonly functionErrors: Alarm;
  /** Rows were dead-lettered. */
  readonly deadLettered: Alarm;
  /** The newest row read is older than `alarms.maxLag`. */
  readonly lag: Alarm;
  /** No row was read for `alarms.noRowsFor` (also when the function stopped reporting). */
  readonly noRowsRead: Alarm;
  /** Firehose failed S3 puts. */
  readonly deliveryFailures: Alarm;
  /** Records waited in Firehose longer than `alarms.maxDeliveryFreshness`. */
  readonly deliveryFreshness: Alarm;
  /** Firehose throttled the function's puts. */
  readonly throttledRecords: Alarm;
  /** Firehose hit its dynamic-partition quota and sent records to `errors/`. */
  readonly partitionCountExceeded: Alarm;
  readonly topic?: ITopic;

  constructor(scope: Construct, id: string, props: ForwarderAlarmsProps) {
    super(scope, id);
    const { runtimeMetrics: runtime, deliveryMetrics: delivery, settings } = props;
    const { alarms } = settings;

    this.functionErrors = new Alarm(this, 'FunctionErrors', {
      alarmDescription: 'The forwarder function failed a run (see its log group).',
      metric: props.function.metricErrors({ period: FIVE_MINUTES }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLettered = new Alarm(this, 'DeadLettered', {
      alarmDescription: 'Rows went to the dead-letter/ prefix of the bucket.',
      metric: runtime.deadLettered(),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.lag = new Alarm(this, 'Lag', {
      alarmDescription: `The newest Defender row read is more than ${alarms.maxLag.toHumanString()} old.`,
      metric: runtime.lagSeconds(),
      threshold: alarms.maxLag.toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.noRowsRead = new Alarm(this, 'NoRowsRead', {
      alarmDescription: `No Defender row was read for ${alarms.noRowsFor.toHumanString()}: the export, the credential or the function stopped.`,
      metric: runtime.rowsRead({ period: alarms.noRowsFor }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });
    this.deliveryFailures = new Alarm(this, 'DeliveryFailures', {
      alarmDescription: 'Firehose failed to put objects to S3 for 15 minutes (its log group has the reason).',
      metric: delivery.deliverySuccess(),
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deliveryFreshness = new Alarm(this, 'DeliveryFreshness', {
      alarmDescription: `Records waited in Firehose more than ${alarms.maxDeliveryFreshness.toHumanString()}.`,
      metric: delivery.dataFreshness(),
      threshold: alarms.maxDeliveryFreshness.toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.throttledRecords = new Alarm(this, 'ThrottledRecords', {
      alarmDescription: 'Firehose throttled puts: raise the stream quota or slow the function down.',
      metric: delivery.throttledRecords(),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.partitionCountExceeded = new Alarm(this, 'PartitionCountExceeded', {
      alarmDescription: 'Firehose had more active partitions than its quota; the excess records went to errors/.',
      metric: delivery.partitionCountExceeded(),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.topic = settings.alarmTopic ?? (settings.alarmEmail ? this.createTopic(settings.alarmEmail, props.encryptionKey) : undefined);
    if (this.topic) {
      const action = new SnsAction(this.topic);
      for (const alarm of this.all) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  /** Every alarm, for the dashboard and for wiring actions. */
  get all(): readonly Alarm[] {
    return [
      this.functionErrors,
      this.deadLettered,
      this.lag,
      this.noRowsRead,
      this.deliveryFailures,
      this.deliveryFreshness,
      this.throttledRecords,
      this.partitionCountExceeded,
    ];
  }

  private createTopic(email: string, encryptionKey: IKey | undefined): Topic {
    const topic = new Topic(this, 'Topic', {
      displayName: 'Defender forwarder alarms',
      enforceSSL: true,
      ...(encryptionKey ? { masterKey: encryptionKey } : {}),
    });
    topic.addSubscription(new EmailSubscription(email));
    if (encryptionKey) {
      // CloudWatch publishes to an encrypted topic only when the key lets it.
      encryptionKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    } else {
      Validations.of(topic).acknowledge({
        id: 'AwsSolutions-SNS2',
        reason:
          'Alarm notifications carry only the alarm name and state. CloudWatch cannot publish to a topic under the AWS-managed SNS key; give encryptionKey to encrypt the topic with it.',
      });
    }
    return topic;
  }
}

