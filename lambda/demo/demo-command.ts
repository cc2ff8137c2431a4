import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BlobServiceClient } from '@azure/storage-blob';
import { logLevel, parseStrict, printSummary } from '../cli.ts';
import { runPass } from '../pipeline.ts';
import type { PassSummary } from '../pass-summary.ts';
import { stderrLog } from '../telemetry/log.ts';
import { appendLines, seedExport } from './azure-seeding.ts';
import { blobNameOf, containerOf, createRowGenerator } from './export-generator.ts';
import { startLocalAzurite } from './local-azurite.ts';

const TENANTS = ['3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c', 'a9d4e2f1-5b3c-4d8e-9f7a-1c2b3d4e5f6a'];

/**
 * The embedded local default (`npm start`): Azurite in this process on a free loopback port, a
 * generated export (several tables, two tenants, three hours), a pass into ./out, more rows appended
 * as Defender would (to the open hour and to a closed one), and a second pass that reads only them.
 */
export async function demoCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseStrict(argv, {
    out: { type: 'string' },
    rows: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    'log-level': { type: 'string' },
  });
  const out = resolve(values.out ?? 'out');
  const rowsPerHour = Number(values.rows ?? 400);
  const seed = Number(values.seed ?? 7);
  const log = stderrLog(logLevel(values['log-level'] ?? 'warn'));
  await rm(out, { recursive: true, force: true });
  const azurite = await startLocalAzurite();
  try {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const now = new Date();
    const firstHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 2 * 3_600_000);
    const seeded = await seedExport(service, { seed, tenants: TENANTS, start: firstHour, hours: 3, rowsPerHour });
    process.stdout.write(`Azurite on ${azurite.blobEndpoint}: ${seeded.blobs} export blobs, ${seeded.rows} rows, ${seeded.bytes} bytes\n`);

    const options = {
      source: { kind: 'connection-string' as const, connectionString: azurite.connectionString },
      stateUri: pathToFileURL(resolve(out, 'state')).href,
      sinkUri: pathToFileURL(resolve(out, 'ocsf')).href,
    };
    const first = await runPass(options, { log });
    report('Pass 1: the whole export', first, values.json === true);

    const appended = await appendAsDefenderWould(service, seed, firstHour);
    process.stdout.write(`\nAppended ${appended} rows (to the open hour, to a closed hour, and a new table)\n`);
    const second = await runPass(options, { log });
    report('Pass 2: only the new bytes', second, values.json === true);

    const third = await runPass(options, { log });
    process.stdout.write(`\nPass 3 over an unchanged export: ${third.bytesRead} bytes read, ${third.azureRequests.total} Azure requests (listings only)\n`);
    process.stdout.write(`\nOCSF records: ${resolve(out, 'ocsf')}/class=*/table=*/dt=*/*.ndjson\nCheckpoints: ${resolve(out, 'state')}\nDead letters: ${resolve(out, 'state', 'dead-letter')}\n`);
    if (values.json) printSummary(third, true);
    return 0;
  } finally {
    await azurite.close();
  }
}

function report(title: string, summary: PassSummary, json: boolean): void {
  process.stdout.write(`\n${title}\n`);
  if (!json) printSummary(summary, false);
}

async function appendAsDefenderWould(service: BlobServiceClient, seed: number, firstHour: Date): Promise<number> {
  const rows = createRowGenerator(seed + 1);
  const openHour = new Date(firstHour.getTime() + 2 * 3_600_000);
  const plan: [string, Date, number][] = [
    ['DeviceProcessEvents', openHour, 25],
    ['DeviceNetworkEvents', firstHour, 15],
    ['DeviceLogonEvents', openHour, 10],
  ];
  let count = 0;
  for (const tenantId of TENANTS) {
    for (const [table, hour, n] of plan) {
      const lines = Array.from({ length: n }, (_, i) => rows.row({ table, tenantId, eventTime: new Date(hour.getTime() + 60_000 * (i + 1)) }));
      await appendLines(service, containerOf(table), blobNameOf(tenantId, hour), lines);
      count += lines.length;
    }
  }
  const newTable = 'DeviceTvmSoftwareInventory';
  const newRows = [1, 2, 3].map((i) => newTableRow(newTable, TENANTS[0]!, new Date(openHour.getTime() + i * 60_000)));
  await appendLines(service, containerOf(newTable), blobNameOf(TENANTS[0]!, openHour), newRows);
  return count + newRows.length;
}

/** A row of a table the generator does not know: what Microsoft adding a table looks like. */
function newTableRow(table: string, tenantId: string, at: Date): string {
  return JSON.stringify({
    time: at.toISOString(),
    tenantId,
    operationName: 'Publish',
    category: `AdvancedHunting-${table}`,
    properties: { Timestamp: at.toISOString(), DeviceId: 'f00dfeed00000000000000000000000000000001', DeviceName: 'wks-demo-01', SoftwareName: 'edge', SoftwareVersion: '131.0' },
    Tenant: 'DefaultTenant',
  });
}
