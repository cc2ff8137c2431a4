import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { BlobServiceClient } from '@azure/storage-blob';
import { startLocalAzurite, type LocalAzurite } from '../../lambda/demo/local-azurite.ts';
import type { DeadLetterEntry } from '../../lambda/dead-letter/dead-letter-entry.ts';
import type { PassOptions } from '../../lambda/pass-options.ts';
import type { PassSummary } from '../../lambda/pass-summary.ts';
import { runPass } from '../../lambda/pipeline.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';

/** An Azurite account plus a scratch folder for state, output and dead letters. */
export interface LocalRun {
  readonly azurite: LocalAzurite;
  readonly service: BlobServiceClient;
  readonly dir: string;
  readonly options: PassOptions;
  pass(overrides?: Partial<PassOptions>): Promise<PassSummary>;
  /** Every OCSF record written under the output folder, with the partition path it sits in. */
  records(): Promise<{ path: string; record: Record<string, any> }[]>;
  deadLetters(): Promise<DeadLetterEntry[]>;
  close(): Promise<void>;
}

export async function startLocalRun(): Promise<LocalRun> {
  const azurite = await startLocalAzurite();
  const dir = await mkdtemp(join(tmpdir(), 'dfwd-'));
  const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  const options: PassOptions = {
    source: { kind: 'connection-string', connectionString: azurite.connectionString },
    stateUri: pathToFileURL(join(dir, 'state')).href,
    sinkUri: pathToFileURL(join(dir, 'out')).href,
  };
  return {
    azurite,
    service,
    dir,
    options,
    pass: (overrides) => runPass({ ...options, ...overrides }, { log: silentLog }),
    records: async () => {
      const out: { path: string; record: Record<string, any> }[] = [];
      for (const file of await filesUnder(join(dir, 'out'))) {
        const body = await readFile(file);
        const text = file.endsWith('.gz') ? gunzipSync(body).toString('utf8') : body.toString('utf8');
        for (const line of text.split('\n')) if (line) out.push({ path: file.slice(dir.length + 5), record: JSON.parse(line) });
      }
      return out;
    },
    deadLetters: async () => {
      const out: DeadLetterEntry[] = [];
      for (const file of await filesUnder(join(dir, 'state', 'dead-letter'))) {
        for (const line of (await readFile(file, 'utf8')).split('\n')) if (line) out.push(JSON.parse(line));
      }
      return out;
    },
    close: async () => {
      await azurite.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.isFile() && !entry.name.includes('.tmp-') && !entry.name.endsWith('.lock')) out.push(join(entry.parentPath ?? (entry as any).path, entry.name));
  }
  return out.sort();
}
