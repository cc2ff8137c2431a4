import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { DeadLetterEntry } from '../../lambda/dead-letter/dead-letter-entry.ts';
import { filesUnder } from '../support/local-run.ts';

/**
 * Everything a destination or a dead-letter store holds, read back as the JSON lines it wrote.
 * Records are streamed object by object (a full run holds more copies than fit in memory at once).
 */

export async function* recordsInFolder(dir: string): AsyncGenerator<Record<string, unknown>> {
  for (const file of await filesUnder(dir)) {
    if (/\.ndjson(\.gz)?$/.test(file)) yield* jsonLines(await readFile(file), file.endsWith('.gz'));
  }
}

export async function deadLettersInFolder(dir: string): Promise<DeadLetterEntry[]> {
  return (await collect(recordsInFolder(dir))) as unknown as DeadLetterEntry[];
}

/** JSON lines of every object under `prefix` (gzip by the `.gz` suffix); `filter` picks keys. */
export async function* jsonLinesInS3(
  s3: S3Client, bucket: string, prefix: string, filter: (key: string) => boolean = (key) => /\.(ndjson|gz)$/.test(key),
): AsyncGenerator<Record<string, unknown>> {
  for (const key of await keysInS3(s3, bucket, prefix)) {
    if (!filter(key)) continue;
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    yield* jsonLines(Buffer.from(await object.Body!.transformToByteArray()), key.endsWith('.gz'));
  }
}

export async function deadLettersInS3(s3: S3Client, bucket: string, prefix: string): Promise<DeadLetterEntry[]> {
  return (await collect(jsonLinesInS3(s3, bucket, prefix, (key) => key.endsWith('.ndjson')))) as unknown as DeadLetterEntry[];
}

/** Every object under `prefix` with its body, for comparing a store before and after a failed pass. */
export async function snapshotS3(s3: S3Client, bucket: string, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await keysInS3(s3, bucket, prefix)) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    out.set(key, await object.Body!.transformToString());
  }
  return out;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function keysInS3(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

function* jsonLines(body: Buffer, gzipped: boolean): Generator<Record<string, unknown>> {
  const text = (gzipped ? gunzipSync(body) : body).toString('utf8');
  for (const line of text.split('\n')) if (line.trim() !== '') yield JSON.parse(line) as Record<string, unknown>;
}
