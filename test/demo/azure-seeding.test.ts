import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { appendLines, appendRaw, MAX_APPEND_BLOCK_BYTES, seedExport, writeBlob } from '../../lambda/demo/azure-seeding.ts';
import { blobNameOf, containerOf, createRowGenerator } from '../../lambda/demo/export-generator.ts';
import { startLocalAzurite, type LocalAzurite } from '../../lambda/demo/local-azurite.ts';

const TENANT = '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c';
const HOUR = new Date('2026-11-20T10:00:00Z');

describe('seeding Azurite with generated exports', () => {
  let azurite: LocalAzurite;
  let service: BlobServiceClient;
  before(async () => {
    azurite = await startLocalAzurite();
    service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  });
  after(async () => {
    await azurite.close();
  });

  const blobClient = (container: string, name: string) => service.getContainerClient(container).getAppendBlobClient(name);
  const linesOf = (table: string, count: number, seed = 1) => {
    const rows = createRowGenerator(seed);
    return Array.from({ length: count }, (_, i) => rows.row({ table, tenantId: TENANT, eventTime: new Date(HOUR.getTime() + i * 1000) }));
  };

  test('writeBlob creates the container and an append blob holding the lines byte for byte, CRLF after each', async () => {
    const lines = linesOf('DeviceInfo', 50);
    const blob = { container: containerOf('DeviceInfo'), blobName: blobNameOf(TENANT, HOUR), lines };
    await writeBlob(service, blob);
    const client = blobClient(blob.container, blob.blobName);
    const properties = await client.getProperties();
    assert.equal(properties.blobType, 'AppendBlob');
    const content = await client.downloadToBuffer();
    assert.deepEqual(content, Buffer.from(lines.map((l) => l + '\r\n').join(''), 'utf8'));
    assert.equal(content.toString('utf8').split('\r\n').length, lines.length + 1, 'one CRLF per line, nothing else');
  });

  test('appendLines adds to an existing blob, and can end lines with LF', async () => {
    const container = containerOf('DeviceLogonEvents');
    const name = blobNameOf(TENANT, HOUR);
    const [first, second] = [linesOf('DeviceLogonEvents', 3, 1), linesOf('DeviceLogonEvents', 2, 2)];
    const written = await appendLines(service, container, name, first);
    await appendLines(service, container, name, second, { lineEnding: '\n' });
    const content = (await blobClient(container, name).downloadToBuffer()).toString('utf8');
    assert.equal(content, first.map((l) => l + '\r\n').join('') + second.map((l) => l + '\n').join(''));
    assert.equal(written, Buffer.byteLength(first.map((l) => l + '\r\n').join('')));
  });

  test('a blob larger than 4 MiB goes in several append blocks (at least size / 4 MiB) and round-trips', async () => {
    const lines = linesOf('DeviceProcessEvents', 4000, 3);
    const expected = Buffer.from(lines.map((l) => l + '\r\n').join(''));
    assert.ok(expected.length > 2 * MAX_APPEND_BLOCK_BYTES, `${expected.length} bytes`);
    const container = containerOf('DeviceProcessEvents');
    const name = blobNameOf(TENANT, HOUR);
    const written = await appendLines(service, container, name, lines);
    assert.equal(written, expected.length);
    const client = blobClient(container, name);
    const properties = await client.getProperties();
    assert.equal(properties.blobType, 'AppendBlob');
    assert.ok((properties.blobCommittedBlockCount ?? 0) >= Math.ceil(expected.length / MAX_APPEND_BLOCK_BYTES), `${properties.blobCommittedBlockCount} blocks`);
    assert.deepEqual(await client.downloadToBuffer(), expected);
  });

  test('appendRaw writes partial lines and invalid UTF-8 as they are', async () => {
    const container = containerOf('DeviceEvents');
    const name = blobNameOf(TENANT, new Date('2026-11-20T11:00:00Z'));
    const [line] = linesOf('DeviceEvents', 1);
    const bytes = Buffer.from(line! + '\r\n');
    const broken = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3]);
    await appendRaw(service, container, name, bytes.subarray(0, 100));
    await appendRaw(service, container, name, bytes.subarray(100));
    await appendRaw(service, container, name, broken);
    const client = blobClient(container, name);
    assert.deepEqual(await client.downloadToBuffer(), Buffer.concat([bytes, broken]));
    assert.equal((await client.getProperties()).blobCommittedBlockCount, 3, 'one append block per call');
  });

  test('seedExport writes every blob it generates and reports blobs, rows and bytes as stored', async () => {
    const isolated = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const start = new Date('2027-02-01T05:00:00Z');
    const seeded = await seedExport(isolated, { seed: 12, tenants: [TENANT], start, hours: 2, rowsPerHour: 500 });
    assert.equal(seeded.rows, 1000);
    let blobs = 0;
    let rows = 0;
    let bytes = 0;
    for await (const container of isolated.listContainers({ prefix: 'insights-logs-advancedhunting-' })) {
      const client = isolated.getContainerClient(container.name);
      for await (const blob of client.listBlobsFlat({ prefix: `tenantId=${TENANT}/y=2027/m=02/d=01/` })) {
        assert.equal(blob.properties.blobType, 'AppendBlob');
        assert.match(blob.name, /\/h=0[56]\/m=00\/PT1H\.json$/);
        const content = (await client.getAppendBlobClient(blob.name).downloadToBuffer()).toString('utf8');
        assert.ok(content.endsWith('\r\n'));
        const table = container.name.slice('insights-logs-advancedhunting-'.length);
        for (const line of content.slice(0, -2).split('\r\n')) {
          assert.equal((JSON.parse(line) as { category: string }).category.toLowerCase(), `advancedhunting-${table}`);
          rows++;
        }
        blobs++;
        bytes += blob.properties.contentLength ?? 0;
      }
    }
    assert.deepEqual({ blobs, rows, bytes }, seeded);
  });
});
