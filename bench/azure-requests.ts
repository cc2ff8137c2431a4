import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BlobServiceClient } from '@azure/storage-blob';
import { createRowGenerator } from '../lambda/demo/export-generator.ts';
import { STREAMED_TABLES } from '../lambda/ocsf/streamed-tables.ts';
import type { ChildRequest } from './child-protocol.ts';
import { azuriteConnectionString, runPassInChild } from './end-to-end.ts';
import { startAzurite } from './processes.ts';
import { appendRows, HOUR_MS, inParallel, total } from './seeding.ts';

export interface AzureRequestFigures {
  /** The pass after appends to a few blobs (window mode, full-sweep marker set). */
  readonly requestsPerPass: number;
  /** The pass after that, with nothing new. */
  readonly requestsPerUnchangedPass: number;
  readonly account: { tables: number; tenants: number; hoursPerTenant: number; blobs: number };
  /** Per pass: list and read requests, blobs listed and read. */
  readonly passes: Record<'firstFullSweep' | 'afterAppends' | 'unchanged', { list: number; read: number; total: number; blobsListed: number; blobsRead: number; fullSweep: boolean }>;
  /** What the appends touched before the measured pass. */
  readonly appended: { blobs: number; rows: number };
}

const WINDOW_HOURS = 48;
const ROWS_PER_BLOB = 2;

/**
 * Azure requests per pass on an account shaped like a busy deployment: 24 tables x 2 tenants x 49
 * hourly blobs, in window mode (`lateWindowHours: 48`). The first pass is the full sweep that sets
 * the marker; the measured passes are the one after a few appends (to the open hour, and to a closed
 * hour inside the window) and the one after that, with nothing new. Each pass is a cold process.
 */
export async function benchAzureRequests(spec: { workDir: string; childEntry: string; tenants: readonly string[]; seed: number; log: (line: string) => void }): Promise<AzureRequestFigures> {
  const dir = join(spec.workDir, 'azure-requests');
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'azurite'), { recursive: true });
  const azurite = await startAzurite(join(dir, 'azurite'));
  try {
    const connectionString = azuriteConnectionString(azurite.blobEndpoint);
    const service = BlobServiceClient.fromConnectionString(connectionString);
    const openHour = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS);
    const hours = Array.from({ length: WINDOW_HOURS + 1 }, (_, i) => new Date(openHour.getTime() - (WINDOW_HOURS - i) * HOUR_MS));
    const tables = STREAMED_TABLES.slice(0, 24);
    const seedStarted = performance.now();
    const generator = createRowGenerator(spec.seed);
    const tasks = tables.flatMap((table) => spec.tenants.flatMap((tenantId) => hours.map((hour) => () =>
      appendRows(service, generator, { table, tenantId, hour, count: ROWS_PER_BLOB }))));
    const seeded = total(await inParallel(16, tasks));
    spec.log(`azure requests: seeded ${seeded.blobs} blobs (${tables.length} tables x ${spec.tenants.length} tenants x ${hours.length} hours) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    const request: ChildRequest = {
      connectionString,
      stateUri: pathToFileURL(join(dir, 'state')).href,
      sinkUri: pathToFileURL(join(dir, 'out')).href,
      lateWindowHours: WINDOW_HOURS,
      nowMs: openHour.getTime() + HOUR_MS / 2,
    };
    const pass = async () => {
      const { summary } = await runPassInChild(request, { entry: spec.childEntry });
      return { ...summary.azureRequests, blobsListed: summary.blobsListed, blobsRead: summary.blobsRead, fullSweep: summary.fullSweep };
    };
    const firstFullSweep = await pass();

    // New rows as Defender adds them: to the open hour of a few busy tables, and late to a closed hour.
    const rows = createRowGenerator(spec.seed + 999_999);
    const appends = [
      ...['DeviceNetworkEvents', 'DeviceProcessEvents', 'DeviceFileEvents', 'DeviceLogonEvents'].flatMap((table) =>
        spec.tenants.map((tenantId) => ({ table, tenantId, hour: openHour, count: 20, firstIndex: ROWS_PER_BLOB }))),
      { table: 'DeviceNetworkEvents', tenantId: spec.tenants[0]!, hour: hours[WINDOW_HOURS - 3]!, count: 5, firstIndex: ROWS_PER_BLOB },
    ];
    const appended = total(await inParallel(4, appends.map((a) => () => appendRows(service, rows, a))));
    const afterAppends = await pass();
    const unchanged = await pass();
    return {
      requestsPerPass: afterAppends.total,
      requestsPerUnchangedPass: unchanged.total,
      account: { tables: tables.length, tenants: spec.tenants.length, hoursPerTenant: hours.length, blobs: seeded.blobs },
      passes: { firstFullSweep, afterAppends, unchanged },
      appended: { blobs: appended.blobs, rows: appended.rows },
    };
  } finally {
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
