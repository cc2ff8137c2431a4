import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DeliveryError } from '../../lambda/errors.ts';
import { startFirehoseStandIn, type FirehoseStandIn } from '../support/firehose-stand-in.ts';
import { startLocalRun, type LocalRun } from '../support/local-run.ts';
import { startMotoServer, type MotoServer } from '../support/moto-server.ts';
import { append, blobFor, containerFor, TENANT_A, testRow } from '../support/test-rows.ts';

const STREAM = 'segments';
const CONTAINER = containerFor('DeviceProcessEvents');
const HOURS = ['2026-11-20T10', '2026-11-20T11', '2026-11-20T12'];
const ROWS_PER_BLOB = 1500;
/** Small segments: a pass commits dozens of times, each commit overlapping the next segment's reading. */
const SEGMENT_BYTES = 64 * 1024;

interface SeededLine {
  readonly id: number;
  readonly offset: number;
  readonly broken: boolean;
}

/** Rows with ids, every 97th one broken JSON; returns where each line starts. */
async function seed(run: LocalRun, firstId: number): Promise<Map<string, SeededLine[]>> {
  const blobs = new Map<string, SeededLine[]>();
  let id = firstId;
  for (const hour of HOURS) {
    const lines: SeededLine[] = [];
    let text = '';
    let offset = 0;
    for (let i = 0; i < ROWS_PER_BLOB; i++, id++) {
      const broken = id % 97 === 0;
      const line = `${broken ? `{"broken": ${id}` : testRow(id, { time: `${hour}:30:00.1234567Z` })}\r\n`;
      lines.push({ id, offset, broken });
      text += line;
      offset += Buffer.byteLength(line);
    }
    await append(run.service, CONTAINER, blobFor(TENANT_A, hour), text);
    blobs.set(blobFor(TENANT_A, hour), lines);
  }
  return blobs;
}

async function checkpointOffset(run: LocalRun, blob: string): Promise<number> {
  try {
    const text = await readFile(join(run.dir, 'state', 'checkpoints', CONTAINER, `${blob}.cursor.json`), 'utf8');
    return (JSON.parse(text) as { offset: number }).offset;
  } catch {
    return 0;
  }
}

describe('commits every segment, overlapping the next segment, through Firehose (stand-in)', () => {
  let moto: MotoServer;
  let firehose: FirehoseStandIn;

  before(async () => {
    moto = await startMotoServer();
    await moto.createBucket('lake');
    firehose = await startFirehoseStandIn({ streams: [{ name: STREAM, bucket: 'lake' }] });
    process.env.AWS_ENDPOINT_URL_FIREHOSE = firehose.endpoint;
  });
  after(async () => {
    delete process.env.AWS_ENDPOINT_URL_FIREHOSE;
    await firehose.close();
    await moto.close();
  });

  const accepted = (): number[] => firehose.acceptedObjects(STREAM).map((o) => Number((o as any).metadata.original_event_uid));

  for (const [workers, label] of [[0, 'inline'], [2, 'two normalize workers']] as const) {
    test(`${label}: every row arrives exactly once and every broken row is dead-lettered once; the next pass reads nothing`, async () => {
      const run = await startLocalRun();
      try {
        const blobs = await seed(run, 1);
        const before = accepted().length;
        firehose.setFaults({ delayMs: 5 });
        const summary = await run.pass({ sinkUri: `firehose://${STREAM}`, segmentBytes: SEGMENT_BYTES, normalizeWorkers: workers });
        firehose.setFaults({ delayMs: 0 });
        const lines = [...blobs.values()].flat();
        const good = lines.filter((l) => !l.broken).map((l) => l.id);
        const broken = lines.filter((l) => l.broken).map((l) => l.id);
        assert.equal(summary.rowsRead, lines.length);
        assert.equal(summary.recordsDelivered, good.length);
        assert.equal(summary.deadLettered, broken.length);
        const delivered = accepted().slice(before);
        assert.deepEqual([...delivered].sort((a, b) => a - b), good);
        const deadLetters = await run.deadLetters();
        assert.deepEqual(deadLetters.map((e) => Number(/\d+/.exec(e.raw!)![0])).sort((a, b) => a - b), broken);
        for (const [blob, seeded] of blobs) {
          const end = seeded.at(-1)!;
          assert.ok((await checkpointOffset(run, blob)) > end.offset, `${blob} is checkpointed to its end`);
        }
        const again = await run.pass({ sinkUri: `firehose://${STREAM}`, segmentBytes: SEGMENT_BYTES, normalizeWorkers: workers });
        assert.equal(again.bytesRead, 0);
      } finally {
        await run.close();
      }
    });

    test(`${label}: a stream that goes down mid-pass fails it, and no checkpoint passes a row Firehose did not accept`, async () => {
      const run = await startLocalRun();
      try {
        const blobs = await seed(run, 100_000);
        const before = accepted().length;
        const callsBefore = firehose.stats.calls;
        firehose.setFaults({ delayMs: 5 });
        const watch = setInterval(() => {
          if (firehose.stats.calls - callsBefore >= 6) firehose.setFaults({ down: true });
        }, 1);
        try {
          await assert.rejects(run.pass({ sinkUri: `firehose://${STREAM}`, segmentBytes: SEGMENT_BYTES, normalizeWorkers: workers }), DeliveryError);
        } finally {
          clearInterval(watch);
          firehose.setFaults({ down: false, delayMs: 0 });
        }
        const delivered = new Set(accepted().slice(before));
        let checkpointed = 0;
        for (const [blob, seeded] of blobs) {
          const offset = await checkpointOffset(run, blob);
          const covered = seeded.filter((l) => l.offset < offset && !l.broken);
          checkpointed += covered.length;
          for (const line of covered) assert.ok(delivered.has(line.id), `${blob}: row ${line.id} at ${line.offset} is before checkpoint ${offset} but was not delivered`);
        }
        assert.ok(checkpointed > 0, 'some segments were committed before the stream went down');
        assert.ok(checkpointed < ROWS_PER_BLOB * HOURS.length * 0.9, 'the stream went down before the end');

        await run.pass({ sinkUri: `firehose://${STREAM}`, segmentBytes: SEGMENT_BYTES, normalizeWorkers: workers });
        const all = new Set(accepted().slice(before));
        for (const line of [...blobs.values()].flat()) if (!line.broken) assert.ok(all.has(line.id), `row ${line.id} was delivered after the resume`);
      } finally {
        await run.close();
      }
    });
  }
});
