import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChunkPool } from '../../lambda/batches/chunk-pool.ts';
import { NdjsonBuffer } from '../../lambda/batches/ndjson-buffer.ts';

describe('ChunkPool', () => {
  test('hands out chunks of the next power of two, at least 64 KiB, each its own memory', () => {
    const pool = new ChunkPool();
    assert.deepEqual([1, 64 * 1024, 64 * 1024 + 1, 3_000_000].map((bytes) => pool.acquire(bytes).length), [65_536, 65_536, 131_072, 4_194_304]);
    const a = pool.acquire(100);
    const b = pool.acquire(100);
    assert.notEqual(a.buffer, b.buffer);
    assert.equal(a.byteOffset, 0);
    assert.equal(a.buffer.byteLength, a.length);
  });

  test('gives a released chunk, or a view into one, back to the next request of its size, once', () => {
    const pool = new ChunkPool();
    const chunk = pool.acquire(200_000);
    pool.release([chunk.subarray(0, 10), chunk.subarray(5, 20)]);
    assert.equal(pool.acquire(150_000).buffer, chunk.buffer, 'reused');
    assert.notEqual(pool.acquire(150_000).buffer, chunk.buffer, 'the view released twice went back once');
    assert.notEqual(pool.acquire(70_000).buffer, chunk.buffer, 'only requests of its size get it');
  });

  test('keeps no more than its limit, and ignores memory it could not have handed out', () => {
    const pool = new ChunkPool(128 * 1024);
    const [a, b, c] = [pool.acquire(1), pool.acquire(1), pool.acquire(1)];
    pool.release([a!, b!, c!, Buffer.alloc(100), Buffer.allocUnsafeSlow(100_000)]);
    assert.equal(pool.acquire(1).buffer, b!.buffer, 'last in, first out');
    assert.equal(pool.acquire(1).buffer, a!.buffer);
    const fresh = pool.acquire(1);
    assert.ok(fresh.buffer !== c!.buffer && fresh.buffer.byteLength === 65_536, 'the third was over the limit and not kept');
  });

  test('lets an NdjsonBuffer write its next lines into the chunks of the lines already taken', () => {
    const pool = new ChunkPool();
    const lines = new NdjsonBuffer(pool);
    lines.append('{"first":1}');
    const [taken] = lines.take();
    assert.equal(taken!.toString(), '{"first":1}\n');
    const memory = taken!.buffer;
    pool.release([taken!]);
    lines.append('{"second":2}');
    const [next] = lines.take();
    assert.equal(next!.buffer, memory);
    assert.equal(next!.toString(), '{"second":2}\n');
  });
});
