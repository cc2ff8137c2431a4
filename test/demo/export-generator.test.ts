import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { appendLines, seedExport } from '../../lambda/demo/azure-seeding.ts';
import { blobNameOf, containerOf, createRowGenerator, generateExport, STREAMED_TABLES, TABLE_MIX } from '../../lambda/demo/export-generator.ts';
import { startLocalAzurite, type LocalAzurite } from '../../lambda/demo/local-azurite.ts';
import { parseEnvelope } from '../../lambda/rows/envelope.ts';

const COLUMNS: Record<string, { columns: { name: string }[] }> = JSON.parse(
  readFileSync(new URL('../../lambda/demo/table-columns.json', import.meta.url), 'utf8'),
);
const TENANT = '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c';
const AT = new Date('2026-11-20T10:15:00Z');

describe('the seeded export generator', () => {
  test('the same seed gives the same bytes, another seed other bytes', () => {
    const make = (seed: number) => STREAMED_TABLES.map((table) => createRowGenerator(seed).row({ table, tenantId: TENANT, eventTime: AT }));
    assert.deepEqual(make(1), make(1));
    assert.notDeepEqual(make(1), make(2));
  });

  test('every table: the exact envelope, every column of the table, the category its container expects', () => {
    const rows = createRowGenerator(3);
    for (const table of STREAMED_TABLES) {
      const line = rows.row({ table, tenantId: TENANT, eventTime: AT });
      assert.deepEqual(Object.keys(JSON.parse(line)), ['time', 'tenantId', 'operationName', 'category', '_TimeReceivedBySvc', 'properties', 'Tenant']);
      const parsed = parseEnvelope(line, containerOf(table).slice('insights-logs-advancedhunting-'.length));
      assert.ok(parsed.ok, `${table}: ${!parsed.ok && parsed.error}`);
      assert.deepEqual(Object.keys(parsed.row.properties).sort(), COLUMNS[table]!.columns.map((c) => c.name).sort(), table);
    }
  });

  test('quirks appear with quirks on and not with quirks off', () => {
    const rows = createRowGenerator(5);
    const sample = (quirks: boolean) =>
      Array.from({ length: 400 }, (_, i) => rows.row({ table: i % 2 ? 'DeviceInfo' : 'DeviceNetworkEvents', tenantId: TENANT, eventTime: AT, quirks })).join('\n');
    const withQuirks = sample(true);
    const without = sample(false);
    const bigReportId = /"ReportId":\d{18}/;
    const shortTimestamp = /"Timestamp":"[^"]*T\d\d:\d\d:\d\d(\.\d{1,6})?Z?"/;
    assert.match(withQuirks, bigReportId);
    assert.match(withQuirks, shortTimestamp);
    assert.doesNotMatch(without, bigReportId);
    assert.doesNotMatch(without, shortTimestamp);
  });

  test('an export follows the table mix and names blobs by tenant and hour', () => {
    const blobs = [...generateExport({ seed: 9, tenants: [TENANT], start: AT, hours: 2, rowsPerHour: 2000 })];
    const rowsOf = (table: string) => blobs.filter((b) => b.table === table).reduce((n, b) => n + b.lines.length, 0);
    assert.ok(rowsOf('DeviceNetworkEvents') > rowsOf('DeviceProcessEvents'));
    assert.ok(rowsOf('DeviceProcessEvents') > rowsOf('EmailEvents'));
    const total = blobs.reduce((n, b) => n + b.lines.length, 0);
    assert.ok(Math.abs(rowsOf('DeviceNetworkEvents') / total - TABLE_MIX.DeviceNetworkEvents! / 100) < 0.03);
    assert.equal(blobs[0]!.blobName, blobNameOf(TENANT, new Date('2026-11-20T10:00:00Z')));
    assert.equal(blobs[0]!.blobName, `tenantId=${TENANT}/y=2026/m=11/d=20/h=10/m=00/PT1H.json`);
  });
});

describe('seeding Azurite', () => {
  let azurite: LocalAzurite;
  let service: BlobServiceClient;
  before(async () => {
    azurite = await startLocalAzurite();
    service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  });
  after(async () => {
    await azurite.close();
  });

  test('append blobs hold the rows byte for byte, CRLF-terminated, in blocks of at most 4 MiB', async () => {
    const rows = createRowGenerator(11);
    const lines = Array.from({ length: 3000 }, (_, i) => rows.row({ table: 'DeviceProcessEvents', tenantId: TENANT, eventTime: new Date(AT.getTime() + i) }));
    const container = containerOf('DeviceProcessEvents');
    const name = blobNameOf(TENANT, AT);
    await appendLines(service, container, name, lines);
    const blob = service.getContainerClient(container).getAppendBlobClient(name);
    const properties = await blob.getProperties();
    assert.equal(properties.blobType, 'AppendBlob');
    assert.ok((properties.blobCommittedBlockCount ?? 0) >= 2, 'more than 4 MiB goes in several blocks');
    assert.deepEqual(await blob.downloadToBuffer(), Buffer.from(lines.map((l) => l + '\r\n').join('')));
  });

  test('seedExport reports what it wrote', async () => {
    const seeded = await seedExport(service, { seed: 1, tenants: [TENANT], start: new Date('2026-11-21T00:00:00Z'), hours: 1, rowsPerHour: 300 });
    assert.ok(seeded.blobs > 5);
    assert.ok(seeded.rows >= 290 && seeded.rows <= 310);
    assert.ok(seeded.bytes > seeded.rows * 500);
  });
});
