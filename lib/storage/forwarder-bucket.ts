import { Duration, Validations } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  type LifecycleRule,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ResolvedForwarderProps } from '../defender-forwarder-props.ts';
import { BUCKET_PREFIXES } from './bucket-layout.ts';

/**
 * The forwarder's one bucket (OCSF records, Firehose errors, dead letters, state, Athena results) and,
 * unless the caller brings one, a bucket for its server access logs. With `existingBucket`, that bucket
 * is used as is.
 */
export class ForwarderBucket extends Construct {
  readonly bucket: IBucket;
  /** The bucket holding the server access logs, when the construct created the main bucket. */
  readonly accessLogsBucket?: IBucket;

  constructor(scope: Construct, id: string, props: ResolvedForwarderProps) {
    super(scope, id);
    if (props.existingBucket) {
      this.bucket = props.existingBucket;
      return;
    }
    this.accessLogsBucket = props.accessLogsBucket ?? this.createAccessLogsBucket(props);
    this.bucket = new Bucket(this, 'Bucket', {
      ...(props.encryptionKey
        ? { encryption: BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true }
        : { encryption: BucketEncryption.S3_MANAGED }),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'forwarder-bucket/',
      lifecycleRules: lifecycleRules(props.retention),
      removalPolicy: props.removalPolicy,
    });
  }

  private createAccessLogsBucket(props: ResolvedForwarderProps): IBucket {
    const logs = new Bucket(this, 'AccessLogs', {
      // S3 delivers server access logs only to buckets with SSE-S3 default encryption.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'access-logs', expiration: props.retention.accessLogs }],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the server access logs of the forwarder bucket; logging it in turn would only move the question.',
    });
    return logs;
  }
}

function lifecycleRules(retention: ResolvedForwarderProps['retention']): LifecycleRule[] {
  return [
    { id: 'ocsf', prefix: BUCKET_PREFIXES.ocsf, expiration: retention.ocsf },
    { id: 'errors', prefix: BUCKET_PREFIXES.errors, expiration: retention.errors },
    { id: 'dead-letter', prefix: BUCKET_PREFIXES.deadLetter, expiration: retention.deadLetter },
    { id: 'athena-results', prefix: BUCKET_PREFIXES.athenaResults, expiration: retention.athenaResults },
    // The lease and checkpoints are rewritten every run: their old versions are worth nothing after a day.
    { id: 'state-versions', prefix: BUCKET_PREFIXES.state, noncurrentVersionExpiration: Duration.days(1) },
    {
      id: 'noncurrent-versions',
      noncurrentVersionExpiration: retention.noncurrentVersions,
      expiredObjectDeleteMarker: true,
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    },
  ];
}
