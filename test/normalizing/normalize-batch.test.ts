import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JSON_PIECE_CHARS, JsonPieceReader, OUTCOME_DEAD_LETTER, OUTCOME_RECORD } from '../../lambda/normalizing/line-batch.ts';
import { normalizeBatch } from '../../lambda/normalizing/normalize-batch.ts';
import { packLines } from '../../lambda/normalizing/packed-lines.ts';
import { mapperRegistry } from '../../lambda/ocsf/registry.ts';
import type { TableMapper } from '../../lambda/ocsf/types.ts';
import { TENANT_A, testRow } from '../support/test-rows.ts';

function batchOf(texts: readonly string[]) {
  let offset = 0;
  const lines = texts.map((text) => {
    const bytes = Buffer.from(text);
    const line = { bytes, offset, end: offset + bytes.length + 2 };
    offset = line.end;
    return line;
  });
  const packed = packLines(lines, 0, lines.length);
  return { id: 7, bytes: packed.bytes, bounds: packed.bounds, tableKey: 'deviceprocessevents' };
}

describe('normalizeBatch', () => {
  // Workers load their own registry, so a throwing mapper can only be planted here, on the calling
  // thread: the batch step is the one the workers run, and the pipeline applies its failures as it
  // applies the invalid_json ones of the worker integration tests.
  test('a row its mapper throws on comes back as a mapping_failed dead letter with its table and tenant; the others as records', () => {
    const registry = mapperRegistry as Map<string, TableMapper>;
    const original = registry.get('DeviceProcessEvents')!;
    registry.set('DeviceProcessEvents', {
      ...original,
      map(row) {
        if (row.properties.ReportId === 2) throw new TypeError('unexpected value in ProcessId');
        return original.map(row);
      },
    });
    let outcomes;
    try {
      outcomes = normalizeBatch(batchOf([testRow(1), testRow(2), testRow(3)]), undefined);
    } finally {
      registry.set('DeviceProcessEvents', original);
    }
    assert.deepEqual([...outcomes.kinds], [OUTCOME_RECORD, OUTCOME_DEAD_LETTER, OUTCOME_RECORD]);
    assert.deepEqual(outcomes.failures, [{
      reason: 'mapping_failed',
      error: 'mapper for DeviceProcessEvents failed: unexpected value in ProcessId',
      table: 'DeviceProcessEvents',
      tenantId: TENANT_A,
    }]);
    assert.equal(outcomes.jsonLengths[1], 0, 'no JSON for the dead letter');
    const firstLength = outcomes.jsonLengths[0]!;
    const json = outcomes.json.join('');
    const records = [json.slice(0, firstLength), json.slice(firstLength)];
    assert.deepEqual(records.map((json) => JSON.parse(json).metadata.original_event_uid), ['1', '3']);
  });

  test("a batch's records come back in pieces of at most JSON_PIECE_CHARS, each record whole and in line order", () => {
    const ids = Array.from({ length: 120 }, (_, i) => i + 1);
    const outcomes = normalizeBatch(batchOf(ids.map((id) => testRow(id))), undefined);
    assert.ok(outcomes.json.length > 1, `${outcomes.json.length} piece(s)`);
    for (const piece of outcomes.json) assert.ok(piece.length <= JSON_PIECE_CHARS, `a piece of ${piece.length} characters`);
    const reader = new JsonPieceReader(outcomes.json);
    const uids = [...outcomes.jsonLengths].map((length) => JSON.parse(reader.next(length)).metadata.original_event_uid);
    assert.deepEqual(uids, ids.map(String));
  });
});
