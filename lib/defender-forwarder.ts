import type { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import type { Alarm, Dashboard } from 'aws-cdk-lib/aws-cloudwatch';
import type { Rule } from 'aws-cdk-lib/aws-events';
import type { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { classesByTable } from '../lambda/ocsf/registry.ts';
import { OcsfAthenaCatalog } from './athena/ocsf-athena-catalog.ts';
import { planOcsfTables } from './athena/ocsf-table-plan.ts';
import { type DefenderForwarderProps, type ResolvedForwarderProps, resolveProps } from './defender-forwarder-props.ts';
import { OcsfDeliveryStream } from './delivery/ocsf-delivery-stream.ts';
import { ForwarderFunction } from './function/forwarder-function.ts';
import { ForwarderAlarms } from './monitoring/forwarder-alarms.ts';
import { ForwarderDashboard } from './monitoring/forwarder-dashboard.ts';
import { DeliveryStreamMetrics, RuntimeMetrics } from './monitoring/forwarder-metrics.ts';
import { loadOcsfSchema } from './ocsf-schema/schema.ts';
import { ForwarderBucket } from './storage/forwarder-bucket.ts';

export type { DefenderForwarderProps } from './defender-forwarder-props.ts';

/**
 * Forwards Microsoft Defender XDR Advanced Hunting exports from Azure Storage to S3 as OCSF records, and
 * makes them queryable in Athena.
 *
 * A scheduled function reads the blobs the Defender Streaming API writes, maps each row to OCSF and puts
 * the records to a Firehose stream; the stream partitions them by class, table and day into one bucket;
 * a Glue table per OCSF class (partition projection) and an Athena workgroup sit on top. Alarms and a
 * dashboard watch every hop.
 *
 * @example
 * new DefenderForwarder(this, 'Forwarder', {
 *   azureAuth: {
 *     mode: 'workload-identity',
 *     accountUrl: 'https://contosodefender.blob.core.windows.net',
 *     tenantId: '00000000-0000-0000-0000-000000000001',
 *     clientId: '00000000-0000-0000-0000-000000000002',
 *   },
 *   alarmEmail: 'soc@example.com',
 * });
 */
export class DefenderForwarder extends Construct {
  /** The settings after defaults, as used to build everything below. */
  readonly settings: ResolvedForwarderProps;
  /** Holds `ocsf/`, `errors/`, `dead-letter/`, `state/` and `athena-results/`. */
  readonly bucket: IBucket;
  readonly deliveryStream: CfnDeliveryStream;
  readonly function: NodejsFunction;
  readonly schedule: Rule;
  readonly database: CfnDatabase;
  /** Glue tables by OCSF class name (plus `base_event`). */
  readonly tables: ReadonlyMap<string, CfnTable>;
  readonly workgroup: CfnWorkGroup;
  readonly alarms: readonly Alarm[];
  readonly dashboard: Dashboard;
  /** The topic the alarms notify, when `alarmTopic` or `alarmEmail` was given. */
  readonly topic?: ITopic;

  constructor(scope: Construct, id: string, props: DefenderForwarderProps) {
    super(scope, id);
    const settings = resolveProps(props);
    this.settings = settings;

    this.bucket = new ForwarderBucket(this, 'Storage', settings).bucket;
    const delivery = new OcsfDeliveryStream(this, 'Delivery', {
      bucket: this.bucket,
      encryptionKey: settings.encryptionKey,
      settings,
    });
    this.deliveryStream = delivery.deliveryStream;

    const forwarder = new ForwarderFunction(this, 'Forwarder', {
      bucket: this.bucket,
      encryptionKey: settings.encryptionKey,
      deliveryStreamName: delivery.deliveryStreamName,
      deliveryStreamArn: delivery.deliveryStreamArn,
      settings,
    });
    this.function = forwarder.function;
    this.schedule = forwarder.rule;

    const catalog = new OcsfAthenaCatalog(this, 'Athena', {
      bucket: this.bucket,
      encryptionKey: settings.encryptionKey,
      schema: loadOcsfSchema(),
      plans: planOcsfTables(classesByTable(), settings.tables),
      settings,
    });
    this.database = catalog.database;
    this.tables = catalog.tables;
    this.workgroup = catalog.workgroup;

    const runtimeMetrics = new RuntimeMetrics(settings.metricsNamespace, settings.serviceName);
    const deliveryMetrics = new DeliveryStreamMetrics(delivery.deliveryStreamName);
    const alarms = new ForwarderAlarms(this, 'Alarms', {
      function: this.function,
      runtimeMetrics,
      deliveryMetrics,
      encryptionKey: settings.encryptionKey,
      settings,
    });
    this.alarms = alarms.all;
    if (alarms.topic) this.topic = alarms.topic;
    this.dashboard = new ForwarderDashboard(this, 'Dashboard', {
      function: this.function,
      runtimeMetrics,
      deliveryMetrics,
      alarms,
    }).dashboard;
  }
}
