import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';
import type { AzureSourceConfig } from '../blobs/azure-source.ts';
import { ConfigError } from '../errors.ts';

/** How the Lambda authenticates to Azure Storage. */
export type AzureAuthMode = 'connection-string' | 'client-secret' | 'client-certificate' | 'workload-identity';

export interface AzureAuthSettings {
  readonly mode: AzureAuthMode;
  /** Secrets Manager secret: the connection string / SAS URL, or `{tenantId, clientId, clientSecret | certificatePem}`. */
  readonly secretArn?: string;
  readonly accountUrl?: string;
  readonly tenantId?: string;
  readonly clientId?: string;
  /** Audience of the AWS-issued token that Entra exchanges. */
  readonly audience: string;
}

export const DEFAULT_WEB_IDENTITY_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * Builds the Azure source for one auth mode. Secrets are read from Secrets Manager at run time and
 * kept in memory only; the secretless mode asks AWS STS for a signed JWT
 * (`GetWebIdentityToken`, outbound identity federation) and hands it to Entra as a client assertion.
 */
export async function resolveAzureSource(settings: AzureAuthSettings): Promise<AzureSourceConfig> {
  switch (settings.mode) {
    case 'connection-string': {
      const secret = await readSecret(settings.secretArn, 'AZURE_SECRET_ARN');
      return { kind: 'connection-string', connectionString: secret.trim() };
    }
    case 'client-secret':
    case 'client-certificate': {
      const accountUrl = required(settings.accountUrl, 'AZURE_ACCOUNT_URL');
      const secret = parseSecretJson(await readSecret(settings.secretArn, 'AZURE_SECRET_ARN'));
      const tenantId = required(secret.tenantId ?? settings.tenantId, 'tenantId (in the secret or AZURE_TENANT_ID)');
      const clientId = required(secret.clientId ?? settings.clientId, 'clientId (in the secret or AZURE_CLIENT_ID)');
      if (settings.mode === 'client-secret') {
        const clientSecret = required(secret.clientSecret, 'clientSecret in the secret');
        return { kind: 'account-url', accountUrl, credential: new ClientSecretCredential(tenantId, clientId, clientSecret) };
      }
      const certificate = required(secret.certificatePem, 'certificatePem in the secret');
      return { kind: 'account-url', accountUrl, credential: new ClientCertificateCredential(tenantId, clientId, { certificate }) };
    }
    case 'workload-identity': {
      const accountUrl = required(settings.accountUrl, 'AZURE_ACCOUNT_URL');
      const tenantId = required(settings.tenantId, 'AZURE_TENANT_ID');
      const clientId = required(settings.clientId, 'AZURE_CLIENT_ID');
      const sts = new STSClient({});
      const credential = new ClientAssertionCredential(tenantId, clientId, () => awsWebIdentityToken(sts, settings.audience));
      return { kind: 'account-url', accountUrl, credential };
    }
    default:
      throw new ConfigError(`AZURE_AUTH_MODE: expected connection-string, client-secret, client-certificate or workload-identity; got "${String(settings.mode)}"`);
  }
}

/** A short-lived JWT signed by the account's IAM outbound identity federation issuer. */
export async function awsWebIdentityToken(sts: STSClient, audience: string): Promise<string> {
  const out = await sts.send(new GetWebIdentityTokenCommand({ Audience: [audience], SigningAlgorithm: 'RS256', DurationSeconds: 300 }));
  if (!out.WebIdentityToken) throw new ConfigError('AWS STS GetWebIdentityToken returned no token (is outbound identity federation enabled for the account?)');
  return out.WebIdentityToken;
}

async function readSecret(arn: string | undefined, name: string): Promise<string> {
  const secretArn = required(arn, name);
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!out.SecretString) throw new ConfigError(`the secret ${secretArn} has no string value`);
  return out.SecretString;
}

function parseSecretJson(text: string): { tenantId?: string; clientId?: string; clientSecret?: string; certificatePem?: string } {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError('the Azure credentials secret must be JSON: {"tenantId", "clientId", "clientSecret"} or {"tenantId", "clientId", "certificatePem"}');
  }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`${name} is not set`);
  return value;
}
