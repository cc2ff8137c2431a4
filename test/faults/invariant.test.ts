import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DeadLetterEntry } from '../../lambda/dead-letter/dead-letter-entry.ts';
import { assertGuarantee, checkInvariant, rowKey, type SourceRow } from './invariant.ts';

const BLOB = 'insights-logs-advancedhunting-deviceprocessevents/tenantId=t/y=2026/m=11/d=20/h=10/m=00/PT1H.json';

function record(id: number, uid = `uid-${id}`, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { class_uid: 1007, metadata: { uid, log_name: 'DeviceProcessEvents', tenant_uid: 't', original_event_uid: String(id) }, ...extra };
}

function deadLetter(row: SourceRow, reason: DeadLetterEntry['reason'] = 'invalid_json', raw?: Partial<DeadLetterEntry>): DeadLetterEntry {
  const bytes = typeof row.line === 'string' ? Buffer.from(row.line) : row.line;
  return { reason, error: 'x', blob: row.blob, offset: row.offset, length: bytes.length, time: '', raw: bytes.toString('utf8'), ...raw };
}

/** Three good rows and one broken one, laid out in one blob as the export writer would. */
function source(): Map<string, SourceRow> {
  const rows = new Map<string, SourceRow>();
  let offset = 0;
  for (const [key, line] of [[rowKey('DeviceProcessEvents', 't', 1), 'a'], [rowKey('DeviceProcessEvents', 't', 2), 'bb'], [rowKey('DeviceProcessEvents', 't', 3), 'ccc'], ['broken:1', '{oops']] as const) {
    rows.set(key, { line, blob: BLOB, offset });
    offset += line.length + 2;
  }
  return rows;
}

describe('the invariant checker', () => {
  test('accepts a complete output with identical duplicates, and counts them', async () => {
    const rows = source();
    const report = await checkInvariant({
      source: rows,
      delivered: [record(1), record(2), record(3), record(2), record(3)],
      deadLetters: [deadLetter(rows.get('broken:1')!), deadLetter(rows.get('broken:1')!)],
    });
    assert.deepEqual(
      { rows: report.rows, delivered: report.delivered, deadLettered: report.deadLettered, duplicates: report.duplicates, equal: report.duplicatesWithEqualUid, repeats: report.deadLetterRepeats, lost: report.lost },
      { rows: 4, delivered: 3, deadLettered: 1, duplicates: 2, equal: 2, repeats: 1, lost: 0 },
    );
    assertGuarantee(report);
  });

  test('a copy with its keys in another order is the same record', async () => {
    const rows = source();
    const reordered = { metadata: { original_event_uid: '2', tenant_uid: 't', log_name: 'DeviceProcessEvents', uid: 'uid-2' }, class_uid: 1007 };
    const report = await checkInvariant({ source: rows, delivered: [record(1), record(2), record(3), reordered], deadLetters: [deadLetter(rows.get('broken:1')!)] });
    assert.equal(report.duplicatesWithEqualUid, 1);
    assertGuarantee(report);
  });

  test('finds a lost row, a missing dead letter, and says which', async () => {
    const report = await checkInvariant({ source: source(), delivered: [record(1), record(3)], deadLetters: [] });
    assert.equal(report.lost, 2);
    assert.deepEqual(report.samples.lost.sort(), ['DeviceProcessEvents|t|2', 'broken:1']);
    assert.throws(() => assertGuarantee(report), /rows lost/);
  });

  test('finds a duplicate with another uid, or with the same uid but another record', async () => {
    const rows = source();
    const dead = [deadLetter(rows.get('broken:1')!)];
    const otherUid = await checkInvariant({ source: rows, delivered: [record(1), record(2), record(3), record(2, 'uid-other')], deadLetters: dead });
    assert.equal(otherUid.duplicates, 1);
    assert.equal(otherUid.duplicatesWithEqualUid, 0);
    assert.throws(() => assertGuarantee(otherUid), /a duplicate differs/);
    const otherRecord = await checkInvariant({ source: rows, delivered: [record(1), record(2), record(3), record(3, 'uid-3', { time: 1 })], deadLetters: dead });
    assert.deepEqual(otherRecord.samples.differingDuplicates, ['DeviceProcessEvents|t|3']);
  });

  test('a dead letter must point at the bytes written there; an unknown record is reported', async () => {
    const rows = source();
    const wrongBytes = deadLetter(rows.get('broken:1')!, 'invalid_json', { raw: '{oopz' });
    const report = await checkInvariant({ source: rows, delivered: [record(1), record(2), record(3), record(99)], deadLetters: [wrongBytes] });
    assert.equal(report.lost, 1);
    assert.equal(report.unknown, 1);
    assert.equal(report.unknownDeadLetters, 1);
    assert.throws(() => assertGuarantee(report));
  });

  test('matches truncated and base64 dead letters by their head and bytes', async () => {
    const big = Buffer.concat([Buffer.from('{"x":"'), Buffer.alloc(100, 0x61), Buffer.from([0xff]), Buffer.from('"}')]);
    const rows = new Map<string, SourceRow>([['big', { line: big, blob: BLOB, offset: 0 }], ['bad', { line: Buffer.from([0xc3, 0x28]), blob: BLOB, offset: 200 }]]);
    const report = await checkInvariant({
      source: rows,
      delivered: [],
      deadLetters: [
        { reason: 'oversized', error: '', blob: BLOB, offset: 0, length: big.length, time: '', raw: big.subarray(0, 20).toString('utf8'), rawTruncated: true },
        { reason: 'invalid_utf8', error: '', blob: BLOB, offset: 200, length: 2, time: '', rawBase64: Buffer.from([0xc3, 0x28]).toString('base64') },
      ],
    });
    assert.equal(report.deadLettered, 2);
    assertGuarantee(report);
  });

  test('rows allowed to be absent and filtered rows are not lost; a filtered row that was delivered is a failure', async () => {
    const rows = source();
    const dead = [deadLetter(rows.get('broken:1')!)];
    const key2 = rowKey('DeviceProcessEvents', 't', 2);
    const key3 = rowKey('DeviceProcessEvents', 't', 3);
    const report = await checkInvariant({ source: rows, delivered: [record(1)], deadLetters: dead, mayBeAbsent: new Set([key2]), filtered: new Set([key3]) });
    assert.deepEqual([report.lost, report.absentAsAllowed, report.filtered], [0, 1, 1]);
    assertGuarantee(report);
    const leaked = await checkInvariant({ source: rows, delivered: [record(1), record(2), record(3)], deadLetters: dead, filtered: new Set([key3]) });
    assert.throws(() => assertGuarantee(leaked), /filtered rows were delivered/);
  });
});
