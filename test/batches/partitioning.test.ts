import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partitionKeysOf } from '../../lambda/batches/partitioning.ts';

const keysAt = (time: number) => partitionKeysOf({ class_uid: 1007, time, metadata: { log_name: 'DeviceProcessEvents' } });

test('partition date is the UTC day of the event time, also when consecutive records change day', () => {
  const times = [
    Date.UTC(2026, 10, 30, 23, 59, 59, 999), Date.UTC(2026, 11, 1), Date.UTC(2026, 10, 30, 12),
    Date.UTC(2024, 1, 29, 5), -1, 0, Date.UTC(2026, 11, 1, 0, 0, 0, 1),
  ];
  for (const time of times) assert.equal(keysAt(time).dt, new Date(Math.floor(time / 1000) * 1000).toISOString().slice(0, 10), String(time));
  assert.deepEqual(keysAt(0), { class: 'process_activity', table: 'DeviceProcessEvents', dt: '1970-01-01' });
});
