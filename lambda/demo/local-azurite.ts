import { createRequire } from 'node:module';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface LocalAzurite {
  readonly connectionString: string;
  readonly blobEndpoint: string;
  close(): Promise<void>;
}

/**
 * Starts Azurite's blob service in this process, in memory, on a free loopback port.
 * Azurite's package main is its VS Code extension, so the server is imported from its dist folder;
 * the API-version check is off because the SDK is always newer than Azurite.
 */
export async function startLocalAzurite(): Promise<LocalAzurite> {
  const require = createRequire(import.meta.url);
  let BlobServer;
  let BlobConfiguration;
  try {
    BlobServer = require('azurite/dist/src/blob/BlobServer').default;
    BlobConfiguration = require('azurite/dist/src/blob/BlobConfiguration').default;
  } catch (error) {
    throw new Error('Azurite is not installed: run `npm ci` in the project (it is a development dependency)', { cause: error });
  }
  const config = new BlobConfiguration(
    '127.0.0.1', 0, undefined, undefined, undefined, undefined,
    false, undefined, false, undefined,
    true /* loose */, true /* skipApiVersionCheck */, '', '', '', undefined,
    false /* disableProductStyleUrl */, true /* in memory */,
  );
  const server = new BlobServer(config);
  await server.start();
  const blobEndpoint = `${server.getHttpServerAddress()}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`,
    close: async () => {
      await server.close();
    },
  };
}
