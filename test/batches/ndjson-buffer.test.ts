import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NdjsonBuffer } from '../../lambda/batches/ndjson-buffer.ts';

describe('NdjsonBuffer', () => {
  test('keeps every line in order as UTF-8, across chunk boundaries and with multi-byte text', () => {
    const buffer = new NdjsonBuffer();
    const lines: string[] = [];
    // About 6 MB in lines of varied length: several chunks, from the first 64 KiB one to 4 MiB ones.
    for (let i = 0; i < 3000; i++) {
      const line = JSON.stringify({ i, name: i % 7 === 0 ? `Zoë ✓ 𝒳 ${i}` : 'x'.repeat(i % 4000) });
      lines.push(line);
      buffer.append(line);
    }
    const expected = Buffer.from(lines.join('\n') + '\n');
    assert.equal(buffer.byteLength, expected.length);
    const chunks = buffer.take();
    assert.ok(chunks.length > 1, 'several chunks, written as they are');
    assert.ok(Buffer.concat(chunks).equals(expected));
  });

  test('is empty after take, and a line longer than the largest chunk still fits', () => {
    const buffer = new NdjsonBuffer();
    buffer.append('a');
    assert.equal(Buffer.concat(buffer.take()).toString(), 'a\n');
    assert.equal(buffer.byteLength, 0);
    assert.deepEqual(buffer.take(), []);
    const long = 'é'.repeat(3 * 1024 * 1024);
    buffer.append(long);
    buffer.append('b');
    assert.equal(Buffer.concat(buffer.take()).toString(), `${long}\nb\n`);
  });
});
