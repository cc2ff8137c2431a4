import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { LogGroup, LogStream } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FIREHOSE_PARTITIONED_PREFIX, PARTITION_JQ_QUERY } from '../../lambda/batches/partitioning.ts';
import type { ResolvedForwarderProps } from '../defender-forwarder-props.ts';
import { acknowledgeWildcardResource } from '../nag/acknowledge.ts';
import { BUCKET_PREFIXES } from '../storage/bucket-layout.ts';

/** Where Firehose writes records it could not partition or deliver, by error type and day. */
export const FIREHOSE_ERROR_OUTPUT_PREFIX = `${BUCKET_PREFIXES.errors}!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`;

/** Where Firehose writes OCSF records: `ocsf/class=<class>/table=<table>/dt=<day>/`. */
export const FIREHOSE_OCSF_PREFIX = `${BUCKET_PREFIXES.ocsf}${FIREHOSE_PARTITIONED_PREFIX}`;

export interface OcsfDeliveryStreamProps {
  readonly bucket: IBucket;
  /** The bucket's customer-managed key, if any: Firehose encrypts what it writes with it. */
  readonly encryptionKey?: IKey;
  readonly settings: ResolvedForwarderProps;
}

/**
 * Direct PUT delivery stream to the bucket. The function packs several OCSF records into each Firehose
 * record; Firehose splits them (`RecordDeAggregation`), reads the partition keys with the shared JQ
 * query, writes one newline-delimited, gzipped object per partition and buffer, and sends records it
 * cannot partition to `errors/`.
 */
export class OcsfDeliveryStream extends Construct {
  readonly deliveryStream: CfnDeliveryStream;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: OcsfDeliveryStreamProps) {
    super(scope, id);
    const { bucket, encryptionKey, settings } = props;

    this.logGroup = new LogGroup(this, 'Logs', { retention: settings.logRetention });
    const logStream = new LogStream(this, 'DeliveryLogs', { logGroup: this.logGroup, logStreamName: 'DestinationDelivery' });

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', {
        // Only this account's delivery streams may use the role (confused-deputy guard).
        conditions: { StringEquals: { 'sts:ExternalId': Aws.ACCOUNT_ID } },
      }),
      description: 'Lets the OCSF delivery stream write to its prefixes of the forwarder bucket.',
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [bucket.bucketArn],
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [bucket.arnForObjects(`${BUCKET_PREFIXES.ocsf}*`), bucket.arnForObjects(`${BUCKET_PREFIXES.errors}*`)],
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:PutLogEvents'],
        resources: [
          Stack.of(this).formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: `${this.logGroup.logGroupName}:log-stream:${logStream.logStreamName}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    for (const prefix of [BUCKET_PREFIXES.ocsf, BUCKET_PREFIXES.errors]) {
      acknowledgeWildcardResource(
        this.role,
        bucket.arnForObjects(`${prefix}*`),
        `Firehose names its objects itself (partition, time and a random suffix) under ${prefix}; the grant stops at that prefix.`,
      );
    }
    if (encryptionKey) {
      this.role.addToPolicy(
        new PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [encryptionKey.keyArn],
          // Only through S3 (the bucket uses an S3 Bucket Key, so the context is the bucket, not each object).
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }

    this.deliveryStream = new CfnDeliveryStream(this, 'Stream', {
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: encryptionKey
        ? { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: encryptionKey.keyArn }
        : { keyType: 'AWS_OWNED_CMK' },
      extendedS3DestinationConfiguration: {
        bucketArn: bucket.bucketArn,
        roleArn: this.role.roleArn,
        prefix: FIREHOSE_OCSF_PREFIX,
        errorOutputPrefix: FIREHOSE_ERROR_OUTPUT_PREFIX,
        compressionFormat: 'GZIP',
        // Newline-delimited JSON, gzipped: the extension is what tells Athena to decompress.
        fileExtension: '.json.gz',
        bufferingHints: {
          sizeInMBs: settings.bufferSizeMiB,
          intervalInSeconds: settings.bufferInterval.toSeconds(),
        },
        ...(encryptionKey ? { encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: encryptionKey.keyArn } } } : {}),
        dynamicPartitioningConfiguration: {
          enabled: true,
          retryOptions: { durationInSeconds: settings.partitioningRetry.toSeconds() },
        },
        processingConfiguration: {
          enabled: true,
          processors: [
            { type: 'RecordDeAggregation', parameters: [{ parameterName: 'SubRecordType', parameterValue: 'JSON' }] },
            {
              type: 'MetadataExtraction',
              parameters: [
                { parameterName: 'MetadataExtractionQuery', parameterValue: PARTITION_JQ_QUERY },
                { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
              ],
            },
            // Without it the records of one object would run together (JSON lines need the newline).
            { type: 'AppendDelimiterToRecord', parameters: [{ parameterName: 'Delimiter', parameterValue: '\\n' }] },
          ],
        },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: this.logGroup.logGroupName,
          logStreamName: logStream.logStreamName,
        },
        s3BackupMode: 'Disabled',
      },
    });
    // Firehose checks its role's access when the stream is created: the policy must exist first.
    this.deliveryStream.node.addDependency(this.role);
  }

  /** The stream name, as `SINK_URI` (`firehose://<name>`) and the metrics' `DeliveryStreamName` dimension spell it. */
  get deliveryStreamName(): string {
    return this.deliveryStream.ref;
  }

  get deliveryStreamArn(): string {
    return this.deliveryStream.attrArn;
  }
}
