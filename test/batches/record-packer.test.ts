import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchPacker, RecordPacker, type PackedRecord } from '../../lambda/batches/record-packer.ts';
import { billedBytesOf } from '../../lambda/batches/firehose-limits.ts';
import type { EncodedRecord } from '../../lambda/batches/sink.ts';

const RECORD_LIMIT = 1_000 * 1024;
const CALL_LIMIT = 4 * 1024 * 1024;

/** An EncodedRecord whose JSON is exactly `bytes` UTF-8 bytes long, padded with `fill` (1, 2, 3 or 4 bytes each). */
function objectOfBytes(bytes: number, id = 0, fill = 'x'): EncodedRecord {
  const head = `{"id":${id},"p":"`;
  const tail = '"}';
  const room = bytes - Buffer.byteLength(head + tail);
  const fillBytes = Buffer.byteLength(fill);
  const padding = fill.repeat(Math.floor(room / fillBytes)) + 'x'.repeat(room % fillBytes);
  const json = head + padding + tail;
  assert.equal(Buffer.byteLength(json), bytes);
  return { json, partition: { class: 'process_activity', table: 'DeviceProcessEvents', dt: '2026-11-24' }, source: { blob: 'c/b', offset: id, length: 1 }, raw: json };
}

function packAll(objects: readonly EncodedRecord[], packer = new RecordPacker()): PackedRecord[] {
  const records: PackedRecord[] = [];
  for (const object of objects) {
    const outcome = packer.add(object);
    assert.equal(outcome.kind, 'packed');
    if (outcome.kind === 'packed' && outcome.completed) records.push(outcome.completed);
  }
  const last = packer.drain();
  if (last) records.push(last);
  return records;
}

function linesOf(record: PackedRecord): string[] {
  const text = record.data.toString('utf8');
  assert.ok(text.endsWith('\n'), 'every object is followed by a newline');
  return text.slice(0, -1).split('\n');
}

/** Deterministic 1–3 KB OCSF-like objects. */
function realisticObjects(count: number): EncodedRecord[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, (_, i) => objectOfBytes(1024 + Math.floor(random() * 2048), i));
}

describe('RecordPacker', () => {
  test('closes a record at 500 objects and keeps every object, in order, newline-delimited', () => {
    const objects = Array.from({ length: 1_201 }, (_, i) => objectOfBytes(40, i));
    const records = packAll(objects);
    assert.deepEqual(records.map((r) => r.objects.length), [500, 500, 201]);
    assert.deepEqual(records.flatMap(linesOf), objects.map((o) => o.json));
    assert.deepEqual(records.flatMap((r) => r.objects), objects);
  });

  test('fills a record to exactly 1,000 KiB and not one byte more', () => {
    const exact = Array.from({ length: 4 }, (_, i) => objectOfBytes(RECORD_LIMIT / 4 - 1, i));
    const [full, ...rest] = packAll(exact);
    assert.equal(full!.data.byteLength, RECORD_LIMIT);
    assert.equal(rest.length, 0);

    const oneByteOver = [...exact.slice(0, 3), objectOfBytes(RECORD_LIMIT / 4, 3)];
    const records = packAll(oneByteOver);
    assert.deepEqual(records.map((r) => r.objects.length), [3, 1]);
    assert.ok(records.every((r) => r.data.byteLength <= RECORD_LIMIT));
  });

  test('reports an object that alone exceeds the record limit, and packs the largest one that fits', () => {
    const packer = new RecordPacker();
    assert.deepEqual(packer.add(objectOfBytes(RECORD_LIMIT - 1)), { kind: 'packed' });
    assert.deepEqual(packer.add(objectOfBytes(RECORD_LIMIT)), { kind: 'too_large', bytes: RECORD_LIMIT + 1, limit: RECORD_LIMIT });
    assert.equal(packer.pendingObjects, 1, 'the too-large object is not packed');
    assert.equal(packer.drain()!.data.byteLength, RECORD_LIMIT);
  });

  test('measures multi-byte UTF-8 in bytes, not UTF-16 units', () => {
    // '€' is 3 bytes and 1 unit; '😀' is 4 bytes and 2 units.
    const euro = objectOfBytes(600_000, 1, '€');
    const emoji = objectOfBytes(600_000, 2, '😀');
    assert.ok(euro.json.length < 300_000 && emoji.json.length < 400_000);
    const records = packAll([euro, emoji]);
    assert.equal(records.length, 2, 'two 600,000-byte objects cannot share a 1,000 KiB record');
    assert.deepEqual(records.map((r) => r.data.byteLength), [600_001, 600_001]);
    assert.deepEqual(records.flatMap(linesOf), [euro.json, emoji.json]);

    const tooLarge = objectOfBytes(RECORD_LIMIT, 3, 'é');
    assert.ok(tooLarge.json.length < RECORD_LIMIT);
    assert.equal(new RecordPacker().add(tooLarge).kind, 'too_large');
  });

  test('bills at most 5% over the bytes sent for realistic 1–3 KB objects', (t) => {
    const objects = realisticObjects(20_000);
    const started = performance.now();
    const records = packAll(objects);
    const elapsedMs = performance.now() - started;
    const sent = records.reduce((sum, r) => sum + r.data.byteLength, 0);
    const billed = records.reduce((sum, r) => sum + billedBytesOf(r.data.byteLength), 0);
    const billedOnePerRecord = objects.reduce((sum, o) => sum + billedBytesOf(Buffer.byteLength(o.json) + 1), 0);
    t.diagnostic(`${objects.length} objects, ${(sent / 1e6).toFixed(1)} MB in ${records.length} records, ` +
      `billed/sent ${(billed / sent).toFixed(4)} (one object per record: ${(billedOnePerRecord / sent).toFixed(2)}), packed in ${elapsedMs.toFixed(0)} ms`);
    assert.equal(sent, objects.reduce((sum, o) => sum + Buffer.byteLength(o.json) + 1, 0));
    assert.ok(billed / sent <= 1.05, `billed/sent = ${billed / sent}`);
  });
});

describe('BatchPacker', () => {
  const recordOf = (bytes: number): PackedRecord => ({ data: Buffer.alloc(bytes, 0x61), objects: [] });

  function batchAll(records: readonly PackedRecord[]): PackedRecord[][] {
    const packer = new BatchPacker();
    const batches: PackedRecord[][] = [];
    for (const record of records) {
      const completed = packer.add(record);
      if (completed) batches.push(completed);
    }
    const last = packer.drain();
    if (last) batches.push(last);
    return batches;
  }

  test('closes a batch at 500 records', () => {
    const batches = batchAll(Array.from({ length: 1_001 }, () => recordOf(10)));
    assert.deepEqual(batches.map((b) => b.length), [500, 500, 1]);
  });

  test('fills a call to exactly 4 MiB of data and not one byte more', () => {
    const fourFull = Array.from({ length: 4 }, () => recordOf(RECORD_LIMIT));
    const exact = batchAll([...fourFull, recordOf(CALL_LIMIT - 4 * RECORD_LIMIT)]);
    assert.deepEqual(exact.map((b) => b.length), [5]);
    const over = batchAll([...fourFull, recordOf(CALL_LIMIT - 4 * RECORD_LIMIT + 1)]);
    assert.deepEqual(over.map((b) => b.length), [4, 1]);
    for (const batch of [...exact, ...over]) {
      assert.ok(batch.reduce((sum, r) => sum + r.data.byteLength, 0) <= CALL_LIMIT);
    }
  });

  test('packs realistic records into calls within both limits', () => {
    const records = packAll(realisticObjects(20_000));
    const batches = batchAll(records);
    assert.deepEqual(batches.flat(), records);
    for (const batch of batches) {
      assert.ok(batch.length <= 500);
      assert.ok(batch.reduce((sum, r) => sum + r.data.byteLength, 0) <= CALL_LIMIT);
    }
  });
});
