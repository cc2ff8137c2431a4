import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.ts';
import { sharedS3Client } from './aws-clients.ts';
import { FileObjectStore } from './file-object-store.ts';
import type { ObjectStore } from './object-store.ts';
import { S3ObjectStore } from './s3-object-store.ts';

export type StoreUri =
  | { readonly scheme: 'file'; readonly path: string }
  | { readonly scheme: 's3'; readonly bucket: string; readonly prefix: string }
  | { readonly scheme: 'firehose'; readonly stream: string };

/** Parses `file://<dir>`, `s3://<bucket>/<prefix>` or `firehose://<stream>`; `option` names the flag in errors. */
export function parseStoreUri(uri: string, option: string, allowed: readonly StoreUri['scheme'][]): StoreUri {
  const match = /^([a-z0-9]+):\/\/(.*)$/i.exec(uri);
  const scheme = match?.[1]?.toLowerCase();
  if (!match || !scheme || !(allowed as readonly string[]).includes(scheme)) {
    const forms = allowed.map((s) => (s === 'file' ? 'file://<dir>' : s === 's3' ? 's3://<bucket>/<prefix>' : 'firehose://<stream>'));
    throw new ConfigError(`${option}: expected ${forms.join(', ')}; got "${uri}"`);
  }
  const rest = match[2]!;
  if (scheme === 'file') {
    const path = rest.startsWith('/') ? fileURLToPath(`file://${rest}`) : resolve(rest);
    return { scheme, path };
  }
  if (scheme === 's3') {
    const [bucket, ...prefix] = rest.split('/');
    if (!bucket) throw new ConfigError(`${option}: the S3 URI "${uri}" has no bucket`);
    return { scheme, bucket, prefix: prefix.filter(Boolean).join('/') };
  }
  if (!rest || rest.includes('/')) throw new ConfigError(`${option}: "${uri}" must name one delivery stream`);
  return { scheme: 'firehose', stream: rest };
}

export function openObjectStore(uri: string, option: string): ObjectStore {
  const parsed = parseStoreUri(uri, option, ['file', 's3']);
  if (parsed.scheme === 'file') return new FileObjectStore(parsed.path);
  if (parsed.scheme === 's3') return new S3ObjectStore(sharedS3Client(), parsed.bucket, parsed.prefix);
  throw new ConfigError(`${option}: unsupported location "${uri}"`);
}
