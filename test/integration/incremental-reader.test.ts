import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startLocalRun, type LocalRun } from '../support/local-run.ts';
import { append, blobFor, containerFor, crlf, ids, TENANT_A, TENANT_B, testRow } from '../support/test-rows.ts';

const PROCESS = containerFor('DeviceProcessEvents');
const HOUR_10 = blobFor(TENANT_A, '2026-11-20T10');

function deliveredIds(records: { record: Record<string, any> }[]): number[] {
  return records.map(({ record }) => Number(record.metadata.original_event_uid)).sort((a, b) => a - b);
}

describe('incremental reader against Azurite', () => {
  let run: LocalRun;
  before(async () => {
    run = await startLocalRun();
  });
  after(async () => {
    await run.close();
  });

  test('a first pass delivers every complete CRLF row and leaves a partial last line unread', async () => {
    const rows = ids(1, 5).map((i) => testRow(i));
    await append(run.service, PROCESS, HOUR_10, crlf(rows.slice(0, 4)) + rows[4]!.slice(0, 40));
    const summary = await run.pass();
    assert.equal(summary.rowsRead, 4);
    assert.equal(summary.recordsDelivered, 4);
    assert.deepEqual(deliveredIds(await run.records()), [1, 2, 3, 4]);
    assert.equal(summary.rowsRead, summary.recordsDelivered + summary.deadLettered + summary.filtered);
  });

  test('the rest of a partial line arrives in a later append and is read once, whole', async () => {
    const row5 = testRow(5);
    await append(run.service, PROCESS, HOUR_10, row5.slice(40) + '\r\n' + crlf([testRow(6)]));
    const summary = await run.pass();
    assert.equal(summary.rowsRead, 2);
    assert.deepEqual(deliveredIds(await run.records()), [1, 2, 3, 4, 5, 6]);
  });

  test('a pass over an unchanged account reads zero bytes and issues listings only', async () => {
    const summary = await run.pass();
    assert.equal(summary.bytesRead, 0);
    assert.equal(summary.rowsRead, 0);
    assert.equal(summary.azureRequests.read, 0);
    assert.ok(summary.azureRequests.list > 0);
  });

  test('growth of a closed hour, a new hour, a second tenant and a new table are all picked up', async () => {
    await append(run.service, PROCESS, HOUR_10, crlf([testRow(7)]));
    await append(run.service, PROCESS, blobFor(TENANT_A, '2026-11-20T11'), crlf([testRow(8, { time: '2026-11-20T11:01:00Z' })]));
    await append(run.service, PROCESS, blobFor(TENANT_B, '2026-11-20T11'), crlf([testRow(9, { tenantId: TENANT_B })]));
    const newTable = 'DeviceTvmSoftwareInventory';
    await append(run.service, containerFor(newTable), blobFor(TENANT_A, '2026-11-20T11'), crlf([testRow(10, { table: newTable })]));
    const summary = await run.pass();
    assert.equal(summary.rowsRead, 4);
    assert.deepEqual(summary.newTables, [newTable]);
    const records = await run.records();
    assert.deepEqual(deliveredIds(records), ids(1, 10));
    const fromNewTable = records.find(({ record }) => record.metadata.log_name === newTable)!;
    assert.equal(fromNewTable.record.class_uid, 0);
    assert.match(fromNewTable.path, new RegExp(`^class=base_event/table=${newTable}/dt=2026-11-20/`));
    assert.equal(records.find(({ record }) => record.metadata.tenant_uid === TENANT_B)?.record.metadata.original_event_uid, '9');
  });

  test('a recreated blob is read again from byte 0', async () => {
    const blob = run.service.getContainerClient(PROCESS).getAppendBlobClient(blobFor(TENANT_B, '2026-11-20T11'));
    await blob.delete();
    await new Promise((r) => setTimeout(r, 1100)); // creation times have one-second resolution
    await append(run.service, PROCESS, blobFor(TENANT_B, '2026-11-20T11'), crlf([testRow(11, { tenantId: TENANT_B })]));
    const summary = await run.pass();
    assert.equal(summary.rowsRead, 1);
    assert.ok(deliveredIds(await run.records()).includes(11));
  });

  test('broken rows go to the dead-letter store with reason, blob and offset; the pass goes on', async () => {
    const blob = blobFor(TENANT_A, '2026-11-20T12');
    const good = testRow(12, { time: '2026-11-20T12:00:00Z' });
    const notJson = '{"time": "2026-11-20T12:00:00Z", oops';
    const badUtf8 = Buffer.concat([Buffer.from('{"category":"AdvancedHunting-DeviceProcessEvents","x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const noProperties = JSON.stringify({ time: 'x', tenantId: TENANT_A, category: 'AdvancedHunting-DeviceProcessEvents' });
    const wrongCategory = testRow(13, { table: 'DeviceFileEvents' });
    const body = Buffer.concat([
      Buffer.from(crlf([good, notJson])),
      badUtf8,
      Buffer.from('\r\n' + crlf([noProperties, wrongCategory, testRow(14, { time: '2026-11-20T12:05:00Z' })])),
    ]);
    await append(run.service, PROCESS, blob, body);
    const before = (await run.deadLetters()).length;
    const summary = await run.pass();
    assert.equal(summary.rowsRead, 6);
    assert.equal(summary.deadLettered, 4);
    assert.equal(summary.recordsDelivered, 2);
    const letters = (await run.deadLetters()).slice(before);
    assert.deepEqual(letters.map((l) => l.reason).sort(), ['category_mismatch', 'invalid_envelope', 'invalid_json', 'invalid_utf8']);
    const json = letters.find((l) => l.reason === 'invalid_json')!;
    assert.equal(json.blob, `${PROCESS}/${blob}`);
    assert.equal(json.offset, Buffer.byteLength(good) + 2);
    assert.equal(json.raw, notJson);
    const utf8 = letters.find((l) => l.reason === 'invalid_utf8')!;
    assert.deepEqual(Buffer.from(utf8.rawBase64!, 'base64'), badUtf8);
    assert.equal(utf8.raw, undefined);
  });

  test('a UTF-8 BOM at the start of a blob is skipped, and LF-only lines are accepted', async () => {
    const blob = blobFor(TENANT_A, '2026-11-20T13');
    await append(run.service, PROCESS, blob, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(testRow(15) + '\n' + testRow(16) + '\n')]));
    const summary = await run.pass();
    assert.equal(summary.recordsDelivered, 2);
    assert.equal(summary.deadLettered, 0);
  });

  test('every row written so far was delivered exactly once', async () => {
    const delivered = deliveredIds(await run.records());
    assert.deepEqual(delivered, [...ids(1, 12), 14, 15, 16]);
    assert.equal(new Set(delivered).size, delivered.length);
  });
});
