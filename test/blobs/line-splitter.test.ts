import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isOversized, LineSplitter, type Line } from '../../lambda/blobs/line-splitter.ts';

function texts(lines: ReturnType<LineSplitter['push']>): string[] {
  return lines.map((l) => (isOversized(l) ? `<oversized ${l.offset}+${l.length}>` : (l as Line).bytes.toString()));
}

describe('LineSplitter', () => {
  test('cuts CRLF and LF lines and reports each line offset and end', () => {
    const s = new LineSplitter(100, 1000);
    const lines = s.push(Buffer.from('ab\r\ncd\nef'));
    assert.deepEqual(texts(lines), ['ab', 'cd']);
    assert.deepEqual(lines.map((l) => [l.offset, l.end]), [[100, 104], [104, 107]]);
    assert.equal(s.consumedUpTo, 107);
    assert.equal(s.pendingBytes, 2);
  });

  test('joins a line split across chunks, even inside its CRLF', () => {
    const s = new LineSplitter(0, 1000);
    assert.deepEqual(texts(s.push(Buffer.from('hel'))), []);
    assert.deepEqual(texts(s.push(Buffer.from('lo\r'))), []);
    const lines = s.push(Buffer.from('\nx'));
    assert.deepEqual(texts(lines), ['hello']);
    assert.equal(lines[0]!.offset, 0);
    assert.equal(s.consumedUpTo, 7);
  });

  test('skips a UTF-8 BOM only at byte 0', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const s = new LineSplitter(0, 1000);
    const lines = s.push(Buffer.concat([bom, Buffer.from('a\n')]));
    assert.deepEqual(texts(lines), ['a']);
    assert.equal(lines[0]!.offset, 3);
    const later = new LineSplitter(10, 1000);
    assert.equal((later.push(Buffer.concat([bom, Buffer.from('a\n')]))[0] as Line).bytes.length, 4);
  });

  test('a line over the limit is reported as oversized (length without its CRLF) without being held, whatever the chunking', () => {
    const s = new LineSplitter(0, 10, 4);
    const out = [...s.push(Buffer.from('ok\n0123456789')), ...s.push(Buffer.from('ABCDEFGH')), ...s.push(Buffer.from('IJ\r\nnext\n'))];
    assert.deepEqual(texts(out), ['ok', '<oversized 3+20>', 'next']);
    const oversized = out[1]!;
    assert.ok(isOversized(oversized));
    assert.equal(oversized.head.toString(), '0123');
    assert.ok(s.pendingBytes <= 11);
    assert.equal(s.consumedUpTo, 30);
  });

  test('an oversized line that is not finished yet does not move the consumed offset', () => {
    const s = new LineSplitter(0, 5);
    s.push(Buffer.from('a\n0123456789'));
    assert.equal(s.consumedUpTo, 2);
  });
});
