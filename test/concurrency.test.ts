import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapLimited } from '../lambda/concurrency.ts';

test('mapLimited keeps the order of its items and never runs more than the limit at once', async () => {
  let running = 0;
  let most = 0;
  const results = await mapLimited([5, 1, 4, 2, 3, 0], 3, async (n) => {
    most = Math.max(most, ++running);
    await sleep(n * 3);
    running--;
    return n * 10;
  });
  assert.deepEqual(results, [50, 10, 40, 20, 30, 0]);
  assert.equal(most, 3);
});

test('mapLimited raises the first failure after the tasks it started have settled, and starts no more', async () => {
  const settled: number[] = [];
  const started: number[] = [];
  await assert.rejects(
    mapLimited([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await sleep(n === 1 ? 1 : 10);
      settled.push(n);
      if (n === 1) throw new Error('listing 1 failed');
      return n;
    }),
    /listing 1 failed/,
  );
  assert.deepEqual(started.sort(), [1, 2]);
  assert.deepEqual(settled.sort(), [1, 2]);
});
