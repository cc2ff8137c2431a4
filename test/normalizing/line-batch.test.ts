import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JSON_PIECE_CHARS, JsonPieceReader, JsonPieceWriter } from '../../lambda/normalizing/line-batch.ts';

function recordOf(index: number, chars: number): string {
  const head = `{"i":${index},"s":"`;
  return `${head}${'x'.repeat(Math.max(0, chars - head.length - 2))}"}`;
}

describe('JsonPieceWriter and JsonPieceReader', () => {
  test('records come back whole and in order, in pieces no longer than the limit unless one record is longer by itself', () => {
    const lengths = [3_000, 20_000, 15_000, JSON_PIECE_CHARS, 10, JSON_PIECE_CHARS + 5_000, 2_700, 2_700, 40_000, 1];
    const records = lengths.map((chars, i) => (i === 6 ? recordOf(i, chars).replace('xx', 'Ü®') : recordOf(i, chars)));
    const writer = new JsonPieceWriter();
    for (const record of records) writer.add(record);
    const pieces = writer.finish();

    assert.ok(pieces.length > 1, 'more than one piece');
    for (const piece of pieces) {
      const single = records.includes(piece);
      assert.ok(piece.length <= JSON_PIECE_CHARS || single, `a piece of ${piece.length} characters holds more than one record`);
    }
    assert.equal(pieces.join(''), records.join(''));
    const reader = new JsonPieceReader(pieces);
    assert.deepEqual(records.map((record) => reader.next(record.length)), records);
    assert.throws(() => reader.next(1), /no record of 1 characters is left/);
  });

  test('a record exactly as long as the room left in a piece stays in it', () => {
    const writer = new JsonPieceWriter();
    const first = recordOf(0, JSON_PIECE_CHARS - 100);
    const second = recordOf(1, 100);
    const third = recordOf(2, 50);
    for (const record of [first, second, third]) writer.add(record);
    const pieces = writer.finish();
    assert.deepEqual(pieces, [first + second, third]);
    const reader = new JsonPieceReader(pieces);
    assert.deepEqual([first, second, third].map((record) => reader.next(record.length)), [first, second, third]);
  });
});
