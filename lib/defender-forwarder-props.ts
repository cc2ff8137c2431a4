import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { ConfigError } from '../lambda/errors.ts';

/** The audience Entra ID expects in a federated token (the value its federated credentials default to). */
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

export const AZURE_AUTH_MODES = ['connection-string', 'client-secret', 'client-certificate', 'workload-identity'] as const;
export type AzureAuthMode = (typeof AZURE_AUTH_MODES)[number];

/** Read the storage account with a connection string or a SAS URL kept in Secrets Manager. */
export interface ConnectionStringAuth {
  readonly mode: 'connection-string';
  /** Secret whose string is the storage account connection string or a SAS URL (read + list). */
  readonly secret: ISecret;
}

/** Read the storage account as an Entra ID app whose credential is kept in Secrets Manager. */
export interface ClientCredentialAuth {
  readonly mode: 'client-secret' | 'client-certificate';
  /**
   * Secret whose string is JSON: `{tenantId, clientId, clientSecret}` (client-secret) or
   * `{tenantId, clientId, certificatePem}` (client-certificate, PEM with the private key).
   */
  readonly secret: ISecret;
  /** Blob endpoint of the storage account, `https://<account>.blob.core.windows.net`. */
  readonly accountUrl: string;
}

/**
 * Read the storage account as an Entra ID app that trusts this function's IAM role: the function asks
 * STS for a web identity token (`sts:GetWebIdentityToken`) and exchanges it with Entra ID. No secret at all.
 */
export interface WorkloadIdentityAuth {
  readonly mode: 'workload-identity';
  /** Blob endpoint of the storage account, `https://<account>.blob.core.windows.net`. */
  readonly accountUrl: string;
  /** Entra ID tenant (directory) id of the app. */
  readonly tenantId: string;
  /** Application (client) id of the Entra ID app holding the federated credential. */
  readonly clientId: string;
  /**
   * Audience of the token STS issues; must equal the federated credential's audience.
   * @default 'api://AzureADTokenExchange'
   */
  readonly audience?: string;
}

export type AzureAuth = ConnectionStringAuth | ClientCredentialAuth | WorkloadIdentityAuth;

/** How long the bucket keeps each kind of object. Applies only to a bucket the construct creates. */
export interface RetentionProps {
  /** OCSF records under `ocsf/`. @default Duration.days(365) */
  readonly ocsf?: Duration;
  /** Records Firehose could not partition or deliver, under `errors/`. @default Duration.days(90) */
  readonly errors?: Duration;
  /** Rows the function could not map, under `dead-letter/`. @default Duration.days(90) */
  readonly deadLetter?: Duration;
  /** Athena query results, under `athena-results/`. @default Duration.days(30) */
  readonly athenaResults?: Duration;
  /** Server access logs in the log bucket the construct creates. @default Duration.days(365) */
  readonly accessLogs?: Duration;
  /** Overwritten or deleted versions of any object (the bucket is versioned). @default Duration.days(30) */
  readonly noncurrentVersions?: Duration;
}

/** Thresholds of the alarms on the function's own metrics and on delivery. */
export interface AlarmProps {
  /** Alarm when the newest row read is older than this (`LagSeconds`, maximum). @default Duration.hours(1) */
  readonly maxLag?: Duration;
  /**
   * Alarm when no row at all was read for this long (`RowsRead` sum is 0, or no data). At most one day,
   * in whole minutes.
   * @default Duration.hours(6)
   */
  readonly noRowsFor?: Duration;
  /** Alarm when the oldest record inside Firehose is older than this (`DeliveryToS3.DataFreshness`). @default Duration.minutes(30) */
  readonly maxDeliveryFreshness?: Duration;
}

/** Properties of {@link DefenderForwarder}. */
export interface DefenderForwarderProps {
  /** How the function authenticates to the Azure storage account the Defender Streaming API writes to. */
  readonly azureAuth: AzureAuth;
  /**
   * Entra ID tenant ids whose rows are forwarded (`TENANT_ALLOW_LIST`); rows of other tenants are skipped.
   * @default - every tenant found in the export
   */
  readonly tenantAllowList?: readonly string[];
  /**
   * Defender tables to read (`TABLES`), e.g. `DeviceProcessEvents`.
   * @default - every table the export holds
   */
  readonly tables?: readonly string[];
  /** When the function runs. @default Schedule.rate(Duration.minutes(5)) */
  readonly schedule?: Schedule;
  /** Function timeout, 60 to 900 seconds; a run stops taking new blobs 45 seconds before it. @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** Function memory in MB. @default 1024 */
  readonly memorySize?: number;
  /**
   * Worker threads that normalize rows besides the main thread (`NORMALIZE_WORKERS`). Lambda gives
   * one vCPU's worth of CPU per 1,769 MB, and the main thread keeps one.
   * @default - max(0, floor(memorySize / 1769) - 1): 0 at the default 1024 MB, 1 from 3538 MB
   */
  readonly normalizeWorkers?: number;
  /** Hours during which a closed hourly blob is still re-checked for late rows (`LATE_WINDOW_HOURS`). @default 48 */
  readonly lateWindowHours?: number;
  /** Hours between full listings of every container (`FULL_SWEEP_HOURS`). @default 24 */
  readonly fullSweepHours?: number;
  /** Retention of the function's and the delivery stream's log groups. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** `POWERTOOLS_SERVICE_NAME`: the `service` dimension of every custom metric. @default 'defender-forwarder' */
  readonly serviceName?: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`: CloudWatch namespace of the custom metrics. @default 'DefenderForwarder' */
  readonly metricsNamespace?: string;
  /**
   * Bucket for OCSF records, state, dead letters and Athena results. Mutually exclusive with
   * `retention`, `accessLogsBucket` and `removalPolicy`, which shape a bucket the construct creates.
   * @default - a new bucket (versioned, SSL only, no public access, server access logs)
   */
  readonly existingBucket?: IBucket;
  /**
   * Customer-managed KMS key for the bucket, the delivery stream and Athena results. With
   * `existingBucket`, the key that bucket's default encryption uses.
   * @default - S3-managed keys (SSE-S3) and a Firehose AWS-owned key
   */
  readonly encryptionKey?: IKey;
  /** Where the new bucket writes its server access logs. @default - a new log bucket */
  readonly accessLogsBucket?: IBucket;
  /** How long the new bucket keeps objects. @default - see {@link RetentionProps} */
  readonly retention?: RetentionProps;
  /** What happens to the new buckets when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Firehose buffer size in MiB: 64 to 128 (dynamic partitioning needs at least 64). @default 128 */
  readonly bufferSizeMiB?: number;
  /** Firehose buffer interval: 60 to 900 seconds. @default Duration.seconds(300) */
  readonly bufferInterval?: Duration;
  /** How long Firehose retries delivering a partition before it goes to `errors/`: 0 to 7200 seconds. @default Duration.seconds(300) */
  readonly partitioningRetry?: Duration;
  /** Glue database of the OCSF tables (lower case, digits, `_`). @default 'defender_ocsf' */
  readonly databaseName?: string;
  /** Athena workgroup name. @default 'defender-forwarder' */
  readonly workgroupName?: string;
  /**
   * How many levels of an OCSF attribute path get typed Glue columns (`actor.process.pid` is 3);
   * objects deeper than that become a `string` column holding JSON. 1 to 4.
   * @default 3
   */
  readonly glueStructDepth?: number;
  /** Alarm thresholds. @default - see {@link AlarmProps} */
  readonly alarms?: AlarmProps;
  /** Topic the alarms notify (on ALARM and OK). Mutually exclusive with `alarmEmail`. @default - no notification */
  readonly alarmTopic?: ITopic;
  /** Creates a topic with this e-mail subscribed to the alarms. Mutually exclusive with `alarmTopic`. @default - no notification */
  readonly alarmEmail?: string;
}

/** Every setting with its default applied; produced once by {@link resolveProps}. */
export interface ResolvedForwarderProps {
  readonly azureAuth: Required<WorkloadIdentityAuth> | ConnectionStringAuth | ClientCredentialAuth;
  readonly tenantAllowList: readonly string[];
  readonly tables: readonly string[];
  readonly schedule: Schedule;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly normalizeWorkers: number;
  readonly lateWindowHours: number;
  readonly fullSweepHours: number;
  readonly logRetention: RetentionDays;
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly existingBucket?: IBucket;
  readonly encryptionKey?: IKey;
  readonly accessLogsBucket?: IBucket;
  readonly retention: Required<RetentionProps>;
  readonly removalPolicy: RemovalPolicy;
  readonly bufferSizeMiB: number;
  readonly bufferInterval: Duration;
  readonly partitioningRetry: Duration;
  readonly databaseName: string;
  readonly workgroupName: string;
  readonly glueStructDepth: number;
  readonly alarms: Required<AlarmProps>;
  readonly alarmTopic?: ITopic;
  readonly alarmEmail?: string;
}

export const DEFAULTS = {
  schedule: Schedule.rate(Duration.minutes(5)),
  timeout: Duration.minutes(5),
  memorySize: 1024,
  lateWindowHours: 48,
  fullSweepHours: 24,
  logRetention: RetentionDays.ONE_MONTH,
  serviceName: 'defender-forwarder',
  metricsNamespace: 'DefenderForwarder',
  retention: {
    ocsf: Duration.days(365),
    errors: Duration.days(90),
    deadLetter: Duration.days(90),
    athenaResults: Duration.days(30),
    accessLogs: Duration.days(365),
    noncurrentVersions: Duration.days(30),
  },
  removalPolicy: RemovalPolicy.RETAIN,
  bufferSizeMiB: 128,
  bufferInterval: Duration.seconds(300),
  partitioningRetry: Duration.seconds(300),
  databaseName: 'defender_ocsf',
  workgroupName: 'defender-forwarder',
  glueStructDepth: 3,
  alarms: {
    maxLag: Duration.hours(1),
    noRowsFor: Duration.hours(6),
    maxDeliveryFreshness: Duration.minutes(30),
  },
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Applies the defaults and checks every setting. All problems are reported together in one
 * {@link ConfigError}, one line each, naming the property.
 */
export function resolveProps(props: DefenderForwarderProps): ResolvedForwarderProps {
  const problems: string[] = [];
  const check = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };

  const azureAuth = resolveAzureAuth(props.azureAuth as AzureAuth | undefined, problems);

  const tenantAllowList = props.tenantAllowList ?? [];
  for (const tenant of tenantAllowList) check(GUID.test(tenant), `tenantAllowList: "${tenant}" is not a tenant id (GUID)`);
  const tables = props.tables ?? [];
  if (props.tables) check(tables.length > 0, 'tables: give at least one table, or leave it out to read every table');
  for (const table of tables) check(TABLE_NAME.test(table), `tables: "${table}" is not a Defender table name (letters and digits)`);

  const schedule = props.schedule ?? DEFAULTS.schedule;
  check(
    /^(rate|cron)\(.+\)$/.test(schedule.expressionString),
    `schedule: "${schedule.expressionString}" is not an EventBridge rate(...) or cron(...) expression`,
  );
  const timeout = props.timeout ?? DEFAULTS.timeout;
  // The runtime stops taking blobs 45 s before the timeout (SAFETY_MARGIN_MS) to flush and checkpoint.
  checkSeconds(problems, 'timeout', timeout, 60, 900);
  const memorySize = props.memorySize ?? DEFAULTS.memorySize;
  checkInteger(problems, 'memorySize', memorySize, 128, 10240);
  const normalizeWorkers = props.normalizeWorkers ?? workersForMemory(memorySize);
  checkInteger(problems, 'normalizeWorkers', normalizeWorkers, 0, 16);
  const lateWindowHours = props.lateWindowHours ?? DEFAULTS.lateWindowHours;
  checkInteger(problems, 'lateWindowHours', lateWindowHours, 1, 24 * 30);
  const fullSweepHours = props.fullSweepHours ?? DEFAULTS.fullSweepHours;
  checkInteger(problems, 'fullSweepHours', fullSweepHours, 1, 24 * 30);
  const logRetention = props.logRetention ?? DEFAULTS.logRetention;
  check(
    (Object.values(RetentionDays) as unknown[]).includes(logRetention),
    `logRetention: ${String(logRetention)} is not a CloudWatch Logs retention in days`,
  );
  const serviceName = props.serviceName ?? DEFAULTS.serviceName;
  check(/^[A-Za-z0-9._-]{1,64}$/.test(serviceName), `serviceName: "${serviceName}" must be 1-64 letters, digits, ".", "_" or "-"`);
  const metricsNamespace = props.metricsNamespace ?? DEFAULTS.metricsNamespace;
  check(
    /^[A-Za-z0-9._/#:-]{1,255}$/.test(metricsNamespace) && !metricsNamespace.startsWith('AWS/'),
    `metricsNamespace: "${metricsNamespace}" is not a custom CloudWatch namespace`,
  );

  if (props.existingBucket) {
    for (const key of ['retention', 'accessLogsBucket', 'removalPolicy'] as const) {
      check(props[key] === undefined, `${key}: applies only to a bucket the construct creates; remove it or existingBucket`);
    }
  }
  const removalPolicy = props.removalPolicy ?? DEFAULTS.removalPolicy;
  check(
    removalPolicy === RemovalPolicy.RETAIN || removalPolicy === RemovalPolicy.DESTROY,
    `removalPolicy: "${String(removalPolicy)}" must be RETAIN or DESTROY`,
  );
  const retention = { ...DEFAULTS.retention, ...definedOnly(props.retention) };
  for (const [key, value] of Object.entries(retention)) checkWholeDays(problems, `retention.${key}`, value);

  const bufferSizeMiB = props.bufferSizeMiB ?? DEFAULTS.bufferSizeMiB;
  checkInteger(problems, 'bufferSizeMiB', bufferSizeMiB, 64, 128, ' (dynamic partitioning needs at least 64 MiB)');
  const bufferInterval = props.bufferInterval ?? DEFAULTS.bufferInterval;
  checkSeconds(problems, 'bufferInterval', bufferInterval, 60, 900);
  const partitioningRetry = props.partitioningRetry ?? DEFAULTS.partitioningRetry;
  checkSeconds(problems, 'partitioningRetry', partitioningRetry, 0, 7200);

  const databaseName = props.databaseName ?? DEFAULTS.databaseName;
  check(/^[a-z0-9_]{1,255}$/.test(databaseName), `databaseName: "${databaseName}" must be lower case letters, digits and "_"`);
  const workgroupName = props.workgroupName ?? DEFAULTS.workgroupName;
  check(/^[A-Za-z0-9._-]{1,128}$/.test(workgroupName), `workgroupName: "${workgroupName}" must be 1-128 letters, digits, ".", "_" or "-"`);
  const glueStructDepth = props.glueStructDepth ?? DEFAULTS.glueStructDepth;
  checkInteger(problems, 'glueStructDepth', glueStructDepth, 1, 4);

  const alarms = { ...DEFAULTS.alarms, ...definedOnly(props.alarms) };
  checkSeconds(problems, 'alarms.maxLag', alarms.maxLag, 60, 30 * 86400);
  checkSeconds(problems, 'alarms.noRowsFor', alarms.noRowsFor, 60, 86400);
  if (isWholeSeconds(alarms.noRowsFor)) {
    check(alarms.noRowsFor.toSeconds() % 60 === 0, 'alarms.noRowsFor: must be whole minutes (it is the alarm period)');
  }
  checkSeconds(problems, 'alarms.maxDeliveryFreshness', alarms.maxDeliveryFreshness, 60, 86400);
  if (isWholeSeconds(alarms.maxDeliveryFreshness) && isWholeSeconds(bufferInterval)) {
    check(
      alarms.maxDeliveryFreshness.toSeconds() > bufferInterval.toSeconds(),
      'alarms.maxDeliveryFreshness: must be longer than bufferInterval, or it fires on every buffer',
    );
  }
  check(!(props.alarmTopic && props.alarmEmail), 'alarmTopic, alarmEmail: give one or the other');
  if (props.alarmEmail !== undefined) check(EMAIL.test(props.alarmEmail), `alarmEmail: "${props.alarmEmail}" is not an e-mail address`);

  if (problems.length > 0 || !azureAuth) {
    throw new ConfigError(`Invalid DefenderForwarder properties:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return {
    azureAuth,
    tenantAllowList,
    tables,
    schedule,
    timeout,
    memorySize,
    normalizeWorkers,
    lateWindowHours,
    fullSweepHours,
    logRetention,
    serviceName,
    metricsNamespace,
    ...(props.existingBucket ? { existingBucket: props.existingBucket } : {}),
    ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
    ...(props.accessLogsBucket ? { accessLogsBucket: props.accessLogsBucket } : {}),
    retention,
    removalPolicy,
    bufferSizeMiB,
    bufferInterval,
    partitioningRetry,
    databaseName,
    workgroupName,
    glueStructDepth,
    alarms,
    ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
    ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
  };
}

/** MB of function memory that come with one vCPU's worth of CPU (AWS Lambda documentation). */
export const MB_PER_VCPU = 1769;

/** One worker per vCPU beyond the one the main thread keeps. */
export function workersForMemory(memorySize: number): number {
  return Math.max(0, Math.floor(memorySize / MB_PER_VCPU) - 1);
}

function resolveAzureAuth(auth: AzureAuth | undefined, problems: string[]): ResolvedForwarderProps['azureAuth'] | undefined {
  const mode: unknown = auth?.mode;
  if (!auth || !(AZURE_AUTH_MODES as readonly unknown[]).includes(mode)) {
    const got = mode === undefined ? 'missing' : `"${String(mode)}" is not supported`;
    problems.push(`azureAuth.mode: ${got}; use one of ${AZURE_AUTH_MODES.join(', ')}`);
    return undefined;
  }
  const before = problems.length;
  if (auth.mode === 'workload-identity') {
    checkAccountUrl(problems, auth.accountUrl);
    if (!GUID.test(auth.tenantId ?? '')) problems.push(`azureAuth.tenantId: "${auth.tenantId}" is not a tenant id (GUID)`);
    if (!GUID.test(auth.clientId ?? '')) problems.push(`azureAuth.clientId: "${auth.clientId}" is not an application (client) id (GUID)`);
    const audience = auth.audience ?? AZURE_TOKEN_EXCHANGE_AUDIENCE;
    if (!audience.trim()) problems.push('azureAuth.audience: must not be empty');
    return problems.length > before ? undefined : { ...auth, audience };
  }
  if (!auth.secret) problems.push(`azureAuth.secret: the ${auth.mode} mode reads its credential from a Secrets Manager secret; give one`);
  if (auth.mode !== 'connection-string') checkAccountUrl(problems, auth.accountUrl);
  return problems.length > before ? undefined : auth;
}

function checkAccountUrl(problems: string[], accountUrl: string | undefined): void {
  let url: URL | undefined;
  try {
    url = new URL(accountUrl ?? '');
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') {
    problems.push(`azureAuth.accountUrl: "${accountUrl}" must be the https blob endpoint, https://<account>.blob.core.windows.net`);
  } else if (url.search || url.username || url.password) {
    // The value lands in a plain environment variable: a SAS token there would leak the credential.
    problems.push('azureAuth.accountUrl: must not carry a query string or credentials; keep SAS URLs in the secret (connection-string mode)');
  } else if (url.pathname !== '/' && url.pathname !== '') {
    problems.push(`azureAuth.accountUrl: "${accountUrl}" must be the account endpoint, without a container or path`);
  }
}

function checkInteger(problems: string[], name: string, value: number, min: number, max: number, why = ''): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}: must be a whole number from ${min} to ${max}${why}; got ${value}`);
  }
}

function isWholeSeconds(value: Duration): boolean {
  try {
    return Number.isInteger(value.toSeconds());
  } catch {
    return false; // an unresolved token, or fractions of a second
  }
}

function checkSeconds(problems: string[], name: string, value: Duration, min: number, max: number): void {
  const seconds = isWholeSeconds(value) ? value.toSeconds() : Number.NaN;
  if (!(seconds >= min && seconds <= max)) {
    problems.push(`${name}: must be whole seconds from ${min} to ${max}; got ${value.toHumanString()}`);
  }
}

function checkWholeDays(problems: string[], name: string, value: Duration): void {
  let days = Number.NaN;
  try {
    days = value.toDays();
  } catch {
    // not whole days
  }
  if (!(Number.isInteger(days) && days >= 1)) problems.push(`${name}: must be at least one day, in whole days; got ${value.toHumanString()}`);
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
