import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { readAhead } from '../../lambda/blobs/read-ahead.ts';

/** A source of `count` items of `size` bytes that records how far it has been pulled. */
function countingSource(count: number, size = 10, failAt?: number) {
  const state = { pulled: 0, closed: false };
  async function* items(): AsyncGenerator<Buffer> {
    try {
      for (let i = 0; i < count; i++) {
        await tick();
        if (i === failAt) throw new Error(`source failed at item ${i}`);
        state.pulled++;
        yield Buffer.alloc(size, i);
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, items: items() };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await tick();
}

describe('readAhead', () => {
  test('yields every item in order', async () => {
    const { items } = countingSource(50);
    const seen: number[] = [];
    for await (const item of readAhead(items, (b) => b.length, 35)) seen.push(item[0]!);
    assert.deepEqual(seen, Array.from({ length: 50 }, (_, i) => i));
  });

  test('pulls ahead of the consumer, but only up to its byte budget', async () => {
    const { state, items } = countingSource(100);
    const ahead = readAhead(items, (b) => b.length, 35);
    await settle();
    assert.equal(state.pulled, 4, 'stops once 35 bytes are reached: 4 items of 10');
    await ahead.next();
    await settle();
    assert.equal(state.pulled, 5, 'one taken, one more pulled');
    await ahead.return!();
  });

  test("raises the source's error only after the items before it", async () => {
    const { state, items } = countingSource(10, 10, 6);
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const item of readAhead(items, (b) => b.length, 1000)) seen.push(item[0]!);
      })(),
      /source failed at item 6/,
    );
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5]);
    assert.equal(state.closed, true);
  });

  test('a consumer that stops early stops the pulling and closes the source', async () => {
    const { state, items } = countingSource(1000);
    for await (const item of readAhead(items, (b) => b.length, 50)) {
      if (item[0] === 3) break;
    }
    await settle();
    assert.equal(state.closed, true);
    assert.ok(state.pulled <= 10, `pulled ${state.pulled}`);
  });

  test('a consumer that throws stops the pulling too', async () => {
    const { state, items } = countingSource(1000);
    await assert.rejects(
      (async () => {
        for await (const item of readAhead(items, (b) => b.length, 50)) {
          if (item[0] === 2) throw new Error('consumer failed');
        }
      })(),
      /consumer failed/,
    );
    await settle();
    assert.equal(state.closed, true);
    assert.ok(state.pulled <= 10, `pulled ${state.pulled}`);
  });

  test('an empty source ends at once', async () => {
    const { items } = countingSource(0);
    const seen: Buffer[] = [];
    for await (const item of readAhead(items, (b) => b.length, 10)) seen.push(item);
    assert.equal(seen.length, 0);
  });
});
