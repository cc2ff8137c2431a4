import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { seedExport } from '../../lambda/demo/azure-seeding.ts';
import type { DeadLetterEntry } from '../../lambda/dead-letter/dead-letter-entry.ts';
import type { PassOptions } from '../../lambda/pass-options.ts';
import type { PassSummary } from '../../lambda/pass-summary.ts';
import { NormalizeWorkerError } from '../../lambda/errors.ts';
import { runPass } from '../../lambda/pipeline.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';
import { type Log } from '../../lambda/telemetry/log.ts';
import { filesUnder, startLocalRun, type LocalRun } from '../support/local-run.ts';
import { append, blobFor, containerFor, TENANT_A, TENANT_B, testRow } from '../support/test-rows.ts';

const NEW_TABLE = 'DeviceBrandNewEvents';
const MAX_LINE_BYTES = 16 * 1024;
/** Small segments: many commits, each overlapping the next segment's batches. */
const SEGMENT_BYTES = 256 * 1024;

/** A blob of a few MB with every kind of line a pass meets, so that one chunk makes several worker batches. */
function hostileBlob(firstId: number, rows: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < rows; i++) {
    const id = firstId + i;
    let line: string | Buffer;
    if (id % 101 === 0) line = `{"broken": ${id}`;
    else if (id % 103 === 0) line = testRow(id, { tenantId: TENANT_B });
    else if (id % 107 === 0) line = testRow(id, { table: 'DeviceFileEvents' });
    else if (id % 109 === 0) line = '   \t';
    else if (id % 211 === 0) line = JSON.stringify({ padding: 'x'.repeat(MAX_LINE_BYTES + 10), id });
    else if (id % 223 === 0) line = Buffer.concat([Buffer.from(`{"id": ${id}, "bad": "`), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    else if (id % 227 === 0) line = '[1, 2, 3]';
    else line = testRow(id, { time: `2026-11-2${id % 3}T10:15:00.1234567Z` });
    parts.push(typeof line === 'string' ? Buffer.from(line) : line, Buffer.from(id % 2 ? '\r\n' : '\n'));
  }
  return Buffer.concat(parts);
}

interface PassOutput {
  summary: Record<string, unknown>;
  /** Per partition folder, each object's text, in the order written. */
  objects: Record<string, string[]>;
  deadLetters: Omit<DeadLetterEntry, 'time'>[];
  checkpoints: Record<string, unknown>;
  warnings: string[];
}

function recordingLog(warnings: string[]): Log {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (message, fields) => void warnings.push(`${message} ${JSON.stringify(fields ?? {})}`),
    error: () => undefined,
  };
}

async function passOutput(run: LocalRun, name: string, overrides: Partial<PassOptions>): Promise<PassOutput> {
  const dir = join(run.dir, name);
  const warnings: string[] = [];
  const options: PassOptions = {
    ...run.options,
    stateUri: pathToFileURL(join(dir, 'state')).href,
    sinkUri: pathToFileURL(join(dir, 'out')).href,
    tenants: [TENANT_A],
    segmentBytes: SEGMENT_BYTES,
    maxLineBytes: MAX_LINE_BYTES,
    ...overrides,
  };
  const summary: PassSummary = await runPass(options, { log: recordingLog(warnings) });
  return snapshot(dir, summary, warnings);
}

async function snapshot(dir: string, summary: PassSummary, warnings: string[]): Promise<PassOutput> {
  const { durationMs: _, tables, ...rest } = summary;
  const objects: Record<string, string[]> = {};
  for (const file of await filesUnder(join(dir, 'out'))) {
    const folder = dirname(file.slice(dir.length));
    (objects[folder] ??= []).push(await readFile(file, 'utf8'));
  }
  const deadLetters: Omit<DeadLetterEntry, 'time'>[] = [];
  const checkpoints: Record<string, unknown> = {};
  for (const file of await filesUnder(join(dir, 'state'))) {
    const text = await readFile(file, 'utf8');
    if (file.includes('/dead-letter/')) {
      for (const line of text.split('\n').filter(Boolean)) {
        const { time: _time, ...entry } = JSON.parse(line) as DeadLetterEntry;
        deadLetters.push(entry);
      }
    } else if (file.endsWith('.cursor.json')) {
      const { updatedAt: _updated, ...checkpoint } = JSON.parse(text) as Record<string, unknown>;
      checkpoints[file.slice(dir.length)] = checkpoint;
    }
  }
  const tableRows = Object.fromEntries(Object.entries(tables).map(([name, { rows, classes, newestEventTime }]) => [name, { rows, classes, newestEventTime }]));
  return { summary: { ...rest, tables: tableRows }, objects, deadLetters, checkpoints, warnings };
}

describe('normalize workers: the same output as the inline path', () => {
  let run: LocalRun;

  before(async () => {
    run = await startLocalRun();
    await seedExport(run.service, { seed: 11, tenants: [TENANT_A, TENANT_B], start: new Date('2026-11-20T08:00:00Z'), hours: 2, rowsPerHour: 400 });
    await append(run.service, containerFor('DeviceProcessEvents'), blobFor(TENANT_A, '2026-11-20T10'), hostileBlob(1, 6000));
    await append(run.service, containerFor(NEW_TABLE), blobFor(TENANT_A, '2026-11-20T10'), `${testRow(90_001, { table: NEW_TABLE })}\n${testRow(90_002, { table: NEW_TABLE })}\n`);
  });
  after(async () => {
    await run?.close();
  });

  test('records, objects, partitions, dead letters, checkpoints, counts and warnings match, pass after pass', async () => {
    const inline = await passOutput(run, 'inline', {});
    const workers = await passOutput(run, 'workers', { normalizeWorkers: 2 });
    assert.ok((inline.summary.rowsRead as number) > 6_000, 'the export is big enough for many batches');
    assert.ok(inline.deadLetters.some((d) => d.reason === 'invalid_utf8' && d.rawBase64));
    assert.ok(inline.deadLetters.some((d) => d.reason === 'oversized' && d.rawTruncated));
    assert.ok((inline.summary.filtered as number) > 0);
    assert.deepEqual(inline.summary.newTables, [NEW_TABLE]);
    assert.ok(Object.keys(inline.objects).length > 10);
    assertSameOutput(workers, inline);

    // Rows appended to the open hour and a partial line: the second passes start at the checkpoints.
    await append(run.service, containerFor('DeviceProcessEvents'), blobFor(TENANT_A, '2026-11-20T10'), Buffer.concat([hostileBlob(20_001, 1500), Buffer.from(testRow(30_000).slice(0, 50))]));
    const inlineAgain = await passOutput(run, 'inline', {});
    const workersAgain = await passOutput(run, 'workers', { normalizeWorkers: 2 });
    assert.ok((inlineAgain.summary.rowsRead as number) > 1000 && (inlineAgain.summary.rowsRead as number) < 1500);
    assertSameOutput(workersAgain, inlineAgain);
  });

  test('one worker, and segments smaller than a batch, give the same output too', async () => {
    const inline = await passOutput(run, 'inline-small', { segmentBytes: 32 * 1024 });
    const workers = await passOutput(run, 'workers-small', { segmentBytes: 32 * 1024, normalizeWorkers: 1 });
    assertSameOutput(workers, inline);
  });
});

describe('normalize workers: a worker that dies fails the pass', () => {
  test('with NormalizeWorkerError, without hanging, and no checkpoint passes a row that was not delivered', async () => {
    const run = await startLocalRun();
    try {
      const container = containerFor('DeviceEvents');
      const blob = blobFor(TENANT_A, '2026-11-20T10');
      const fields = JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ key: i, value: 'x'.repeat(20) })));
      const huge = JSON.stringify({ time: '2026-11-20T10:00:00Z', tenantId: TENANT_A, category: 'AdvancedHunting-DeviceEvents', properties: { AdditionalFields: fields } });
      const lines = [
        ...Array.from({ length: 4000 }, (_, i) => ({ id: i + 1, text: testRow(i + 1, { table: 'DeviceEvents' }) })),
        ...[0, 1, 2].map(() => ({ id: 0, text: huge })),
        ...Array.from({ length: 100 }, (_, i) => ({ id: 5001 + i, text: testRow(5001 + i, { table: 'DeviceEvents' }) })),
      ];
      let offset = 0;
      const offsets = lines.map(({ text }) => ((offset += Buffer.byteLength(text) + 1), offset - Buffer.byteLength(text) - 1));
      await append(run.service, container, blob, lines.map(({ text }) => `${text}\n`).join(''));
      const options = { normalizeWorkers: 2, segmentBytes: 256 * 1024, maxLineBytes: 32 * 1024 * 1024 };

      const failed = runPass({ ...run.options, ...options }, { log: silentLog, workerResourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 2 } });
      await assert.rejects(failed, (error: unknown) => error instanceof NormalizeWorkerError && error.cause !== undefined);
      const checkpoint = JSON.parse(await readFile(join(run.dir, 'state', 'checkpoints', container, `${blob}.cursor.json`), 'utf8')) as { offset: number };
      const delivered = new Set((await run.records()).map(({ record }) => Number(record.metadata.original_event_uid)));
      assert.ok(checkpoint.offset > 0, 'segments before the crash were committed');
      assert.ok(checkpoint.offset <= offsets[4000]!, 'the checkpoint stays before the rows the dead worker held');
      lines.forEach(({ id }, i) => {
        if (offsets[i]! < checkpoint.offset) assert.ok(delivered.has(id), `row ${id} at ${offsets[i]} is before the checkpoint but was not delivered`);
      });

      const resumed = await runPass({ ...run.options, ...options }, { log: silentLog });
      assert.ok(resumed.rowsRead >= 103, "the resumed pass reads the rows the failed one left");
      const all = new Set((await run.records()).map(({ record }) => Number(record.metadata.original_event_uid)));
      for (const { id, text } of lines) if (text !== huge) assert.ok(all.has(id), `row ${id} was delivered after the resume`);
    } finally {
      await run.close();
    }
  });
});

/**
 * Piece by piece, so that a difference is readable. Where the records are cut into objects is not
 * compared: commits fall at chunk boundaries, and a ranged read's chunks are the network's, so the
 * cuts differ from one inline pass to the next already.
 */
function assertSameOutput(actual: PassOutput, expected: PassOutput): void {
  assert.deepEqual(actual.summary, expected.summary);
  assert.deepEqual(Object.keys(actual.objects), Object.keys(expected.objects));
  for (const [folder, objects] of Object.entries(expected.objects)) {
    const uids = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line).metadata.uid as string);
    const text = actual.objects[folder]!.join('');
    assert.deepEqual(uids(text), uids(objects.join('')), `${folder}: the same records in the same order`);
    assert.ok(text === objects.join(''), `${folder}: the same bytes`);
  }
  assert.deepEqual(actual.deadLetters, expected.deadLetters);
  assert.deepEqual(actual.checkpoints, expected.checkpoints);
  assert.deepEqual(actual.warnings, expected.warnings);
}
