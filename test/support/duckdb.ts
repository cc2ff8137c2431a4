import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/**
 * S3 objects copied to a temp dir (keys kept as paths, so hive partitions survive) and an
 * in-memory DuckDB over them: DuckDB cannot read moto's S3 itself (httpfs is a download).
 */
export interface LocalLake {
  readonly dir: string;
  /** Keys downloaded, sorted. */
  readonly keys: readonly string[];
  /**
   * A `read_ndjson` table expression over the files matching `pattern` (relative to `dir`), with
   * hive partitions read as strings, the way Athena's partition projection sees them.
   */
  ndjson(pattern: string): string;
  /** Rows as plain JS values (BIGINT comes back as bigint). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Closes DuckDB and deletes the temp dir. */
  close(): Promise<void>;
}

export async function downloadLake(s3: S3Client, bucket: string, prefix = ''): Promise<LocalLake> {
  const dir = await mkdtemp(join(tmpdir(), 'lake-'));
  const keys: string[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
  keys.sort();
  await Promise.all(keys.map(async (key) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const path = join(dir, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await object.Body!.transformToByteArray());
  }));

  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  return {
    dir,
    keys,
    ndjson(pattern) {
      const glob = join(dir, pattern).replaceAll("'", "''");
      return `read_ndjson('${glob}', hive_partitioning=true, hive_types_autocast=false, compression='gzip')`;
    },
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
