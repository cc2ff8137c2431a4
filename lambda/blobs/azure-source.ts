import { AnonymousCredential, BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/identity';
import { ConfigError } from '../errors.ts';

/** How to reach the storage account the export lands in. */
export type AzureSourceConfig =
  | { readonly kind: 'connection-string'; readonly connectionString: string }
  | { readonly kind: 'account-url'; readonly accountUrl: string; readonly credential?: TokenCredential };

const PIPELINE_OPTIONS: StoragePipelineOptions = {
  // Listing calls are retried by the SDK; ranged reads are retried by the reader itself.
  retryOptions: { maxTries: 4, retryDelayInMs: 500, maxRetryDelayInMs: 8_000, tryTimeoutInMs: 60_000 },
  userAgentOptions: { userAgentPrefix: 'defender-forwarder' },
};

export function createBlobServiceClient(source: AzureSourceConfig): BlobServiceClient {
  if (source.kind === 'connection-string') {
    try {
      if (/^https?:\/\//i.test(source.connectionString)) {
        return new BlobServiceClient(source.connectionString, new AnonymousCredential(), PIPELINE_OPTIONS);
      }
      return BlobServiceClient.fromConnectionString(source.connectionString, PIPELINE_OPTIONS);
    } catch {
      // The SDK's message can quote the string, so neither it nor the cause is kept: never echo a secret.
      throw new ConfigError('the Azure Storage connection string is not valid (check its AccountName, AccountKey or SharedAccessSignature, and BlobEndpoint)');
    }
  }
  if (source.accountUrl.includes('?')) {
    return new BlobServiceClient(source.accountUrl, new AnonymousCredential(), PIPELINE_OPTIONS);
  }
  if (!source.credential) throw new ConfigError('--account-url needs Entra credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID and a secret or certificate)');
  return new BlobServiceClient(source.accountUrl, source.credential, PIPELINE_OPTIONS);
}

/** A short description of the source for logs, never containing a key or a SAS token. */
export function describeSource(service: BlobServiceClient): string {
  return `${service.url.split('?')[0]}`;
}
