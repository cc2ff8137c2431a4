import type { ResolvedForwarderProps } from '../defender-forwarder-props.ts';
import { BUCKET_PREFIXES, uriPrefix } from '../storage/bucket-layout.ts';

/** What the environment is built from besides the settings: names only known once resources exist. */
export interface EnvironmentInputs {
  readonly deliveryStreamName: string;
  readonly bucketName: string;
}

/**
 * The function's environment: exactly the variables the runtime reads. Credentials never appear here,
 * only where to fetch them (`AZURE_SECRET_ARN`) or nothing at all (workload identity).
 */
export function forwarderEnvironment(settings: ResolvedForwarderProps, inputs: EnvironmentInputs): Record<string, string> {
  const { azureAuth } = settings;
  const environment: Record<string, string> = {
    SINK_URI: `firehose://${inputs.deliveryStreamName}`,
    STATE_URI: `s3://${inputs.bucketName}/${uriPrefix(BUCKET_PREFIXES.state)}`,
    DEAD_LETTER_URI: `s3://${inputs.bucketName}/${uriPrefix(BUCKET_PREFIXES.deadLetter)}`,
    AZURE_AUTH_MODE: azureAuth.mode,
    LATE_WINDOW_HOURS: String(settings.lateWindowHours),
    FULL_SWEEP_HOURS: String(settings.fullSweepHours),
    NORMALIZE_WORKERS: String(settings.normalizeWorkers),
    POWERTOOLS_SERVICE_NAME: settings.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: settings.metricsNamespace,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // The bundle is minified: source maps keep stack traces readable.
    NODE_OPTIONS: '--enable-source-maps',
  };
  if (azureAuth.mode === 'workload-identity') {
    environment.AZURE_ACCOUNT_URL = azureAuth.accountUrl;
    environment.AZURE_TENANT_ID = azureAuth.tenantId;
    environment.AZURE_CLIENT_ID = azureAuth.clientId;
    environment.WEB_IDENTITY_AUDIENCE = azureAuth.audience;
  } else {
    environment.AZURE_SECRET_ARN = azureAuth.secret.secretArn;
    if (azureAuth.mode !== 'connection-string') environment.AZURE_ACCOUNT_URL = azureAuth.accountUrl;
  }
  if (settings.tenantAllowList.length > 0) environment.TENANT_ALLOW_LIST = settings.tenantAllowList.join(',');
  if (settings.tables.length > 0) environment.TABLES = settings.tables.join(',');
  return environment;
}
