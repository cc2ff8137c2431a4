import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ObjectSink, WRITES_IN_FLIGHT } from '../../lambda/batches/object-sink.ts';
import type { EncodedRecord } from '../../lambda/batches/sink.ts';
import type { ObjectStore, StoredObject } from '../../lambda/storage/object-store.ts';

/** An in-memory store that can fail its n-th put and records the most puts in flight at once. */
function memoryStore(failPut?: number) {
  const objects = new Map<string, Buffer>();
  let puts = 0;
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const store: ObjectStore = {
    uri: 'memory://',
    async get(key): Promise<StoredObject | undefined> {
      const body = objects.get(key);
      return body && { body, etag: '1' };
    },
    async put(key, body) {
      state.maxInFlight = Math.max(state.maxInFlight, ++inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (++puts === failPut) throw new Error('disk full');
        objects.set(key, typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) ? body : Buffer.concat(body));
        return { etag: '1' };
      } finally {
        inFlight--;
      }
    },
    async *list(prefix) {
      yield* [...objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    },
    async delete(key) {
      objects.delete(key);
    },
    child() {
      throw new Error('not needed');
    },
  };
  return { store, objects, state };
}

const record = (table: string, id: number): EncodedRecord => ({
  json: JSON.stringify({ id, table }),
  partition: { class: 'process_activity', table, dt: '2026-11-24' },
  source: { blob: 'c/b', offset: id, length: 1 },
  raw: '{}',
});

describe('ObjectSink', () => {
  test('one object per partition and flush, every record once, gzipped when asked', async () => {
    for (const gzip of [false, true]) {
      const { store, objects, state } = memoryStore();
      const sink = new ObjectSink(store, { gzip });
      const tables = 'ABCDEFGHIJKL'.split('');
      for (let id = 0; id < 100; id++) await sink.write(record(tables[id % tables.length]!, id));
      assert.deepEqual(await sink.flush(), { delivered: 100, deadLettered: 0 });
      assert.deepEqual(await sink.flush(), { delivered: 0, deadLettered: 0 });
      assert.equal(objects.size, tables.length);
      assert.ok(state.maxInFlight > 1 && state.maxInFlight <= WRITES_IN_FLIGHT, `${state.maxInFlight} partitions written at once`);
      const ids: number[] = [];
      for (const [key, body] of objects) {
        assert.match(key, new RegExp(`^class=process_activity/table=[A-L]/dt=2026-11-24/part-.*\\.ndjson${gzip ? '\\.gz' : ''}$`));
        const text = (gzip ? gunzipSync(body) : body).toString('utf8');
        assert.ok(text.endsWith('}\n'));
        for (const line of text.trimEnd().split('\n')) {
          const { id, table } = JSON.parse(line) as { id: number; table: string };
          assert.ok(key.includes(`table=${table}/`));
          ids.push(id);
        }
      }
      assert.deepEqual(ids.sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
    }
  });

  test('records written while a flush runs belong to the next flush (acceptsWritesWhileFlushing)', async () => {
    const { store, objects } = memoryStore();
    const sink = new ObjectSink(store, { gzip: false });
    assert.equal(sink.acceptsWritesWhileFlushing, true);
    for (let id = 0; id < 20; id++) await sink.write(record(`T${id % 4}`, id));
    const first = sink.flush();
    for (let id = 20; id < 30; id++) await sink.write(record(`T${id % 4}`, id));
    assert.deepEqual(await first, { delivered: 20, deadLettered: 0 });
    const idsIn = () => [...objects.values()].flatMap((body) => body.toString().trimEnd().split('\n').map((line) => (JSON.parse(line) as { id: number }).id)).sort((a, b) => a - b);
    assert.deepEqual(idsIn(), Array.from({ length: 20 }, (_, i) => i), 'the first flush wrote only what came before it');
    assert.deepEqual(await sink.flush(), { delivered: 10, deadLettered: 0 });
    assert.deepEqual(idsIn(), Array.from({ length: 30 }, (_, i) => i));
  });

  test('a failed write fails the flush with a DeliveryError, and no object is written after it', async () => {
    const { store, objects } = memoryStore(2);
    const sink = new ObjectSink(store, { gzip: false });
    for (let id = 0; id < 50; id++) await sink.write(record(`T${id % 10}`, id));
    await assert.rejects(sink.flush(), (error: Error) => error.name === 'DeliveryError' && /disk full/.test(error.message));
    const written = objects.size;
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(objects.size, written);
    assert.ok(written < 10, `${written} objects written`);
  });
});
