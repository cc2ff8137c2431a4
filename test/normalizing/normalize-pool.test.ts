import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createRowGenerator } from '../../lambda/demo/export-generator.ts';
import { NormalizeWorkerError } from '../../lambda/errors.ts';
import { OUTCOME_DEAD_LETTER, OUTCOME_FILTERED, OUTCOME_RECORD, type LineOutcomes } from '../../lambda/normalizing/line-batch.ts';
import { normalizeBatch } from '../../lambda/normalizing/normalize-batch.ts';
import { NormalizePool, QUEUED_PER_WORKER } from '../../lambda/normalizing/normalize-pool.ts';
import { packLines, type PackedLines } from '../../lambda/normalizing/packed-lines.ts';
import { TENANT_A, TENANT_B } from '../support/test-rows.ts';

const TABLE = 'DeviceNetworkEvents';
const generator = createRowGenerator(5);

function batchOf(texts: readonly (string | Buffer)[]): PackedLines {
  let offset = 0;
  const lines = texts.map((text) => {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    const line = { bytes, offset, end: offset + bytes.length + 1 };
    offset = line.end;
    return line;
  });
  return packLines(lines, 0, lines.length);
}

function rows(count: number, tenantId = TENANT_A): string[] {
  return Array.from({ length: count }, (_, i) => generator.row({ table: TABLE, tenantId, eventTime: new Date(Date.UTC(2026, 10, 20, 10, 0, i)) }));
}

const request = (packed: PackedLines) => ({ bytes: packed.bytes, bounds: packed.bounds, tableKey: TABLE.toLowerCase() });

/** What the main thread would compute for a batch, on a copy of its bytes (posting moves them to a worker). */
const expectedOf = (packed: PackedLines, id: number) => normalizeBatch({ id, ...request(packed), bytes: Buffer.from(packed.bytes) }, undefined);

/** The outcomes without the batch id, which the pool assigns; the bytes as a Buffer, whichever thread sent them. */
function comparable({ id: _, bytes, ...outcomes }: LineOutcomes) {
  return { ...outcomes, bytes: Buffer.from(bytes) };
}

describe('NormalizePool', () => {
  const pools: NormalizePool[] = [];
  const pool = (options: ConstructorParameters<typeof NormalizePool>[0]) => {
    const started = new NormalizePool(options);
    pools.push(started);
    return started;
  };
  after(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  test('gives each batch the outcomes the main thread would compute, whatever order the workers finish in', async () => {
    const workers = pool({ size: 3 });
    // Big and small batches interleaved: the small ones finish first on the other workers.
    const batches = [400, 3, 250, 1, 0, 40, 300, 2, 5, 120].map((n, i) => batchOf([...rows(n), ...(i % 2 ? ['{"broken"', Buffer.from([0xff, 0x0a])] : [])]));
    const expected = batches.map((packed, i) => expectedOf(packed, i));
    const pending = batches.map((packed) => workers.normalize(request(packed)));
    const outcomes = [];
    for (const promise of pending) outcomes.push(await promise);

    assert.deepEqual(outcomes.map((o) => o.id), outcomes.map((_, i) => i), 'ids in submission order');
    for (let i = 0; i < batches.length; i++) assert.deepEqual(comparable(outcomes[i]!), comparable(expected[i]!), `batch ${i}`);
    const kinds = outcomes.flatMap((o) => [...o.kinds]);
    assert.equal(kinds.filter((k) => k === OUTCOME_RECORD).length, 1121);
    assert.equal(kinds.filter((k) => k === OUTCOME_DEAD_LETTER).length, 10);
    assert.deepEqual(outcomes[1]!.failures.map((f) => f.reason), ['invalid_json', 'invalid_utf8']);
    assert.equal(outcomes[0]!.json.join('').length, [...outcomes[0]!.jsonLengths].reduce((a, b) => a + b, 0));
  });

  test('moves the bytes of a batch to the worker and back with its outcomes instead of copying them', async () => {
    const workers = pool({ size: 1 });
    const packed = batchOf([...rows(20), '{"broken"']);
    const original = Buffer.from(packed.bytes);
    const pending = workers.normalize(request(packed));
    assert.equal(packed.bytes.byteLength, 0, 'posting detached the view on the main thread');
    const outcomes = await pending;
    assert.ok(Buffer.from(outcomes.bytes).equals(original), 'the same bytes came back');
    assert.equal(outcomes.failures.length, 1);
    assert.equal(outcomes.kinds.length, 21);
  });

  test('copies a batch whose bytes are a view into a larger buffer, which stays whole on the main thread', async () => {
    const workers = pool({ size: 1 });
    const packed = batchOf(rows(5));
    const larger = Buffer.concat([packed.bytes, Buffer.from('tail')]);
    const view = larger.subarray(0, packed.bytes.length);
    const outcomes = await workers.normalize({ ...request(packed), bytes: view });
    assert.equal(larger.byteLength, packed.bytes.length + 4, 'the larger buffer was not moved');
    assert.ok(Buffer.from(outcomes.bytes).equals(packed.bytes));
    assert.deepEqual(comparable(outcomes), comparable(expectedOf(packed, outcomes.id)));
  });

  test('normalizes a batch on the calling thread once every worker holds its share, with the same outcomes', async () => {
    const workers = pool({ size: 1 });
    const sizes = [...Array.from({ length: QUEUED_PER_WORKER }, () => 200), 5, 7];
    const batches = sizes.map((n) => batchOf(rows(n)));
    const expected = batches.map((packed, i) => expectedOf(packed, i));
    const pending = batches.map((packed) => workers.normalize(request(packed)));
    // The first QUEUED_PER_WORKER are the worker's (one at work, the rest queued); the calling thread took the others.
    assert.equal(workers.normalizedInline, 2);
    const outcomes = await Promise.all(pending);
    assert.deepEqual(outcomes.map((o) => o.id), sizes.map((_, i) => i));
    for (let i = 0; i < batches.length; i++) assert.deepEqual(comparable(outcomes[i]!), comparable(expected[i]!), `batch ${i}`);
    const next = await workers.normalize(request(batchOf(rows(1))));
    assert.equal(next.kinds.length, 1);
    assert.equal(workers.normalizedInline, 2, 'with the worker idle again, the next batch is the worker\'s');
  });

  test('filters rows of tenants outside the allow list, in any casing', async () => {
    const workers = pool({ size: 1, tenants: [TENANT_A.toUpperCase()] });
    const outcomes = await workers.normalize(request(batchOf([...rows(2), ...rows(3, TENANT_B)])));

    assert.deepEqual([...outcomes.kinds], [OUTCOME_RECORD, OUTCOME_RECORD, OUTCOME_FILTERED, OUTCOME_FILTERED, OUTCOME_FILTERED]);
    assert.deepEqual(new Set([...outcomes.rowTables].map((i) => outcomes.strings[i])), new Set([TABLE]));
  });

  test('a batch a worker throws on rejects with NormalizeWorkerError, and so does every later batch', async () => {
    const workers = pool({ size: 2 });
    const packed = batchOf(rows(3));
    const malformed = { ...request(packed), bounds: Uint32Array.of(0, packed.bytes.length + 10) };

    await assert.rejects(workers.normalize(malformed), (error: unknown) =>
      error instanceof NormalizeWorkerError && error.code === 'normalize_worker' && /RangeError/.test(error.message) && error.cause instanceof Error);
    await assert.rejects(workers.normalize(request(packed)), NormalizeWorkerError);
  });

  test('a worker that dies (out of memory) fails its batches with the cause, while another worker\'s batch completes', async () => {
    const workers = pool({ size: 2, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 2 } });
    const fields = JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ key: i, value: 'x'.repeat(20) })));
    const huge = JSON.stringify({ time: '2026-11-20T10:00:00Z', tenantId: TENANT_A, category: `AdvancedHunting-${TABLE}`, properties: { AdditionalFields: fields } });
    const dying = workers.normalize(request(batchOf([huge, huge, huge])));
    const fine = workers.normalize(request(batchOf(rows(2))));

    await assert.rejects(dying, (error: unknown) =>
      error instanceof NormalizeWorkerError && (error.cause as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY');
    assert.equal((await fine).kinds.length, 2);
    await assert.rejects(workers.normalize(request(batchOf(rows(1)))), NormalizeWorkerError);
  });

  test('close stops the workers and rejects what they still held', async () => {
    const workers = new NormalizePool({ size: 1 });
    const outstanding = workers.normalize(request(batchOf(rows(400))));
    await workers.close();

    await assert.rejects(outstanding, NormalizeWorkerError);
    await assert.rejects(workers.normalize(request(batchOf(rows(1)))), /closed/);
  });
});
