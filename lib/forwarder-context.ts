import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { AzureAuth, DefenderForwarderProps } from './defender-forwarder-props.ts';

/**
 * The context keys the stack reads (from `cdk.json` or `cdk deploy -c key=value`). Values given with
 * `-c` arrive as strings, so numbers and lists are accepted as strings too. Every check happens in
 * `resolveProps`, so all mistakes are reported together.
 */
export const CONTEXT_KEYS = [
  'azureAuthMode',
  'azureSecret',
  'azureSecretKmsKeyArn',
  'azureAccountUrl',
  'azureTenantId',
  'azureClientId',
  'webIdentityAudience',
  'tenantAllowList',
  'tables',
  'schedule',
  'timeoutSeconds',
  'memorySize',
  'normalizeWorkers',
  'lateWindowHours',
  'fullSweepHours',
  'logRetentionDays',
  'serviceName',
  'metricsNamespace',
  'existingBucketName',
  'kmsKeyArn',
  'accessLogsBucketName',
  'ocsfRetentionDays',
  'errorsRetentionDays',
  'deadLetterRetentionDays',
  'athenaResultsRetentionDays',
  'accessLogsRetentionDays',
  'noncurrentVersionRetentionDays',
  'removalPolicy',
  'bufferSizeMiB',
  'bufferIntervalSeconds',
  'partitioningRetrySeconds',
  'databaseName',
  'workgroupName',
  'glueStructDepth',
  'maxLagMinutes',
  'noRowsAlarmMinutes',
  'maxDeliveryFreshnessMinutes',
  'alarmEmail',
  'alarmTopicArn',
] as const;

export type ContextKey = (typeof CONTEXT_KEYS)[number];

/** Builds the construct's props from the context of `scope`'s app; imports referenced resources into `scope`. */
export function forwarderPropsFromContext(scope: Construct): DefenderForwarderProps {
  const text = (key: ContextKey): string | undefined => {
    const value: unknown = scope.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const number = (key: ContextKey): number | undefined => {
    const value = text(key);
    return value === undefined ? undefined : Number(value);
  };
  const list = (key: ContextKey): string[] | undefined => {
    const value: unknown = scope.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
    return items.map((item) => item.trim()).filter(Boolean);
  };
  const duration = (key: ContextKey, unit: (amount: number) => Duration): Duration | undefined => {
    const value = number(key);
    return value === undefined ? undefined : unit(value);
  };
  const days = (key: ContextKey): Duration | undefined => duration(key, Duration.days);

  const kmsKeyArn = text('kmsKeyArn');
  const existingBucketName = text('existingBucketName');
  const accessLogsBucketName = text('accessLogsBucketName');
  const alarmTopicArn = text('alarmTopicArn');
  const removalPolicy = text('removalPolicy');
  const schedule = text('schedule');

  return {
    azureAuth: azureAuthFromContext(scope, text),
    tenantAllowList: list('tenantAllowList'),
    tables: list('tables'),
    schedule: schedule === undefined ? undefined : Schedule.expression(schedule),
    timeout: duration('timeoutSeconds', Duration.seconds),
    memorySize: number('memorySize'),
    normalizeWorkers: number('normalizeWorkers'),
    lateWindowHours: number('lateWindowHours'),
    fullSweepHours: number('fullSweepHours'),
    logRetention: number('logRetentionDays') as RetentionDays | undefined,
    serviceName: text('serviceName'),
    metricsNamespace: text('metricsNamespace'),
    existingBucket: existingBucketName ? Bucket.fromBucketName(scope, 'ExistingBucket', existingBucketName) : undefined,
    encryptionKey: kmsKeyArn ? Key.fromKeyArn(scope, 'EncryptionKey', kmsKeyArn) : undefined,
    accessLogsBucket: accessLogsBucketName ? Bucket.fromBucketName(scope, 'AccessLogsBucket', accessLogsBucketName) : undefined,
    retention: definedOrUndefined({
      ocsf: days('ocsfRetentionDays'),
      errors: days('errorsRetentionDays'),
      deadLetter: days('deadLetterRetentionDays'),
      athenaResults: days('athenaResultsRetentionDays'),
      accessLogs: days('accessLogsRetentionDays'),
      noncurrentVersions: days('noncurrentVersionRetentionDays'),
    }),
    removalPolicy: removalPolicy === undefined ? undefined : removalPolicyOf(removalPolicy),
    bufferSizeMiB: number('bufferSizeMiB'),
    bufferInterval: duration('bufferIntervalSeconds', Duration.seconds),
    partitioningRetry: duration('partitioningRetrySeconds', Duration.seconds),
    databaseName: text('databaseName'),
    workgroupName: text('workgroupName'),
    glueStructDepth: number('glueStructDepth'),
    alarms: definedOrUndefined({
      maxLag: duration('maxLagMinutes', Duration.minutes),
      noRowsFor: duration('noRowsAlarmMinutes', Duration.minutes),
      maxDeliveryFreshness: duration('maxDeliveryFreshnessMinutes', Duration.minutes),
    }),
    alarmEmail: text('alarmEmail'),
    alarmTopic: alarmTopicArn ? Topic.fromTopicArn(scope, 'AlarmTopic', alarmTopicArn) : undefined,
  };
}

function azureAuthFromContext(scope: Construct, text: (key: ContextKey) => string | undefined): AzureAuth {
  const mode = text('azureAuthMode');
  const accountUrl = text('azureAccountUrl') as string;
  if (mode === 'workload-identity') {
    return {
      mode,
      accountUrl,
      tenantId: text('azureTenantId') as string,
      clientId: text('azureClientId') as string,
      audience: text('webIdentityAudience'),
    };
  }
  const secretRef = text('azureSecret');
  const secret = secretRef ? importSecret(scope, secretRef, text('azureSecretKmsKeyArn')) : (undefined as unknown as ISecret);
  if (mode === 'client-secret' || mode === 'client-certificate') return { mode, secret, accountUrl };
  // An unknown mode is passed on as is, for resolveProps to report with everything else.
  return { mode: mode as 'connection-string', secret };
}

/** A secret by name, partial ARN or complete ARN (the complete one ends in `-` and six characters). */
function importSecret(scope: Construct, nameOrArn: string, kmsKeyArn: string | undefined): ISecret {
  const encryptionKey = kmsKeyArn ? Key.fromKeyArn(scope, 'AzureSecretKey', kmsKeyArn) : undefined;
  if (/^arn:[^:]+:secretsmanager:.*-[A-Za-z0-9]{6}$/.test(nameOrArn)) {
    return Secret.fromSecretAttributes(scope, 'AzureSecret', { secretCompleteArn: nameOrArn, encryptionKey });
  }
  const partialArn = nameOrArn.startsWith('arn:')
    ? nameOrArn
    : Stack.of(scope).formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: nameOrArn, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  return Secret.fromSecretAttributes(scope, 'AzureSecret', { secretPartialArn: partialArn, encryptionKey });
}

function removalPolicyOf(value: string): RemovalPolicy {
  switch (value.toLowerCase()) {
    case 'retain':
      return RemovalPolicy.RETAIN;
    case 'destroy':
      return RemovalPolicy.DESTROY;
    default:
      return value as RemovalPolicy; // reported by resolveProps
  }
}

function definedOrUndefined<T extends object>(value: T): T | undefined {
  return Object.values(value).some((v) => v !== undefined) ? value : undefined;
}
