import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { StoreError } from '../../lambda/errors.ts';
import type { PassOptions } from '../../lambda/pass-options.ts';
import type { PassSummary } from '../../lambda/pass-summary.ts';
import { runPass } from '../../lambda/pipeline.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';
import { FORWARD, type GateDecision, type GatedRequest } from '../support/fault-gate-proxy.ts';
import { recordFigures } from './figures.ts';
import { exportPlan, filePassOptions, foldersFor, isCheckpointWrite, isDeadLetterWrite, sleep, startFaultLab, FIRST_HOUR, GROWING_TABLES, TENANTS, type FaultLab, type ScenarioFolders } from './fault-lab.ts';
import { assertGuarantee, checkInvariant } from './invariant.ts';
import { deadLettersInS3, recordsInFolder, snapshotS3 } from './outputs.ts';
import { SEED } from './scale.ts';
import { seededRandom } from './seeded-random.ts';

const PREFIX = 'cp';
const s3Error = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

describe('S3 faults on the checkpoint store (gate proxy in front of moto_server)', () => {
  let lab: FaultLab;
  let folders: ScenarioFolders;
  let options: PassOptions;
  const injected: Record<string, number> = {};
  let passes = 0;
  let nextHour = 6;

  before(async () => {
    lab = await startFaultLab({ s3: true, buckets: ['state'] });
    folders = foldersFor(lab, 'checkpoint-store');
    options = filePassOptions(lab, folders, { stateUri: `s3://state/${PREFIX}` });
    await lab.writer.seed(exportPlan('checkpoint-store-faults'));
  });
  after(async () => {
    await lab?.close();
  });

  function count(kind: string, decision: GateDecision): GateDecision {
    injected[kind] = (injected[kind] ?? 0) + 1;
    return decision;
  }

  async function pass(): Promise<PassSummary> {
    passes++;
    return runPass(options, { log: silentLog });
  }

  /** New rows in every table and tenant: in a new hour (new blobs, checkpoints created) or in existing blobs (checkpoints updated). */
  async function grow(newBlobs: boolean): Promise<void> {
    const hour = new Date(FIRST_HOUR.getTime() + (newBlobs ? nextHour++ : 0) * 3_600_000);
    for (const tenantId of TENANTS) for (const table of GROWING_TABLES) await lab.writer.appendRows({ table, tenantId, hour }, 200);
  }

  /** Until the S3 gate has seen no request for a while. */
  async function untilQuiet(quietMs = 1_500): Promise<void> {
    for (let seen = -1; seen !== lab.s3Gate!.stats.received; ) {
      seen = lab.s3Gate!.stats.received;
      await sleep(quietMs);
    }
  }

  const checkpoints = () => snapshotS3(lab.s3!, 'state', `${PREFIX}/checkpoints/`);

  test('transient 5xx on a third of the checkpoint and dead-letter writes: the SDK retries and the pass completes', async () => {
    const random = seededRandom(SEED, 'checkpoint-transient');
    // A write picked to fail fails once or twice; S3's SDK makes three attempts, so the third gets through.
    const failuresLeft = new Map<string, number>();
    lab.s3Gate!.setGate((request) => {
      if (!(isCheckpointWrite(request) || isDeadLetterWrite(request))) return FORWARD;
      if (!failuresLeft.has(request.url)) failuresLeft.set(request.url, random.chance(0.33) ? random.int(1, 2) : 0);
      const left = failuresLeft.get(request.url)!;
      if (left === 0) return FORWARD;
      failuresLeft.set(request.url, left - 1);
      return random.chance(0.5)
        ? count('http503SlowDown', { kind: 'respond', status: 503, body: s3Error('SlowDown', 'Please reduce your request rate.') })
        : count('http500InternalError', { kind: 'respond', status: 500, body: s3Error('InternalError', 'We encountered an internal error. Please try again.') });
    });
    let summary: PassSummary | undefined;
    for (let attempt = 0; !summary && attempt < 4; attempt++) {
      summary = await pass().catch((error: unknown) => {
        assert.ok(error instanceof StoreError, String(error));
        injected.passesFailedOnStore = (injected.passesFailedOnStore ?? 0) + 1;
        return undefined;
      });
    }
    await untilQuiet();
    lab.s3Gate!.setGate(() => FORWARD);
    assert.ok(summary, 'a pass completed');
    assert.ok((injected.http503SlowDown ?? 0) + (injected.http500InternalError ?? 0) > 0);
    assert.equal((await pass()).bytesRead, 0);
  });

  test('checkpoint writes that keep failing: the pass fails after delivery, no checkpoint moves, the next pass sends the rows again', async () => {
    await grow(false);
    const before = await checkpoints();
    lab.s3Gate!.setGate((request) => (isCheckpointWrite(request) ? count('http500Persistent', { kind: 'respond', status: 500, body: s3Error('InternalError', 'We encountered an internal error.') }) : FORWARD));
    await assert.rejects(pass(), (error: Error) => error instanceof StoreError && /cannot write s3:\/\/state\/cp\/checkpoints\/.*InternalError \(HTTP 500\)/.test(error.message));
    // The pass rejects at its first failed save while the SDK still retries the others: let those fail too.
    await untilQuiet();
    assert.deepEqual(await checkpoints(), before, 'no checkpoint moved');
    lab.s3Gate!.setGate(() => FORWARD);
    const again = await pass();
    assert.equal(again.rowsRead, TENANTS.length * GROWING_TABLES.length * 200, 'the rows of the failed pass are read again');
  });

  test('a pass that failed on a checkpoint write makes no more writes once it has returned', async () => {
    await grow(false);
    lab.s3Gate!.setGate((request) => (isCheckpointWrite(request) ? { kind: 'respond', status: 500, body: s3Error('InternalError', 'We encountered an internal error.') } : FORWARD));
    try {
      await assert.rejects(pass(), StoreError);
      const settled = lab.s3Gate!.stats.received;
      await sleep(1_500);
      assert.equal(lab.s3Gate!.stats.received, settled, 'S3 requests after the pass returned');
    } finally {
      await untilQuiet();
      lab.s3Gate!.setGate(() => FORWARD);
    }
  });

  /** On the first conditional write the gate sees, another writer updates the same checkpoint first, straight in moto: S3 answers the pass 412. */
  function loseTheRace(kind: 'create' | 'update'): void {
    let raced = false;
    lab.s3Gate!.setGate(async (request: GatedRequest) => {
      const conditional = kind === 'create' ? request.headers['if-none-match'] === '*' : request.headers['if-match'] !== undefined;
      if (raced || !isCheckpointWrite(request) || !conditional) return FORWARD;
      raced = true;
      const key = decodeURIComponent(request.url.split('?')[0]!.slice('/state/'.length));
      const ours = JSON.parse(request.body.toString('utf8')) as { offset: number; createdOn: string };
      await lab.s3!.send(new PutObjectCommand({ Bucket: 'state', Key: key, Body: JSON.stringify(otherPassCheckpoint(key, ours)) }));
      count(`conflict412:${kind}`, FORWARD);
      return FORWARD;
    });
  }

  /** What a slower concurrent pass would have written: a line boundary halfway into what this pass delivered. */
  function otherPassCheckpoint(key: string, ours: { offset: number; createdOn: string }) {
    const blob = key.slice(`${PREFIX}/checkpoints/`.length).replace(/\.cursor\.json$/, '');
    const offsets = [...lab.writer.source.values()].filter((row) => row.blob === blob && row.offset < ours.offset).map((row) => row.offset).sort((a, b) => a - b);
    const offset = offsets[Math.floor(offsets.length / 2)] ?? 0;
    return { offset, length: offset, createdOn: ours.createdOn, updatedAt: new Date().toISOString() };
  }

  test('a conditional-write conflict on create and on update: the pass gives the blob up, the next pass resends from the winner\'s checkpoint', async () => {
    await grow(true);
    loseTheRace('create');
    const created = await pass();
    assert.equal(created.checkpointConflicts, 1);
    await grow(false);
    loseTheRace('update');
    const updated = await pass();
    assert.equal(updated.checkpointConflicts, 1);
    lab.s3Gate!.setGate(() => FORWARD);
    const resumed = await pass();
    assert.ok(resumed.rowsRead > 0, 'the rows after the winner\'s checkpoint are read again');
    assert.equal(resumed.checkpointConflicts, 0);
  });

  test('409 ConditionalRequestConflict (S3\'s answer to racing conditional writes) is a lost race too', async (t) => {
    await grow(false);
    let conflicts = 0;
    lab.s3Gate!.setGate((request) =>
      isCheckpointWrite(request) && conflicts++ < 2
        ? count('conflict409', { kind: 'respond', status: 409, body: s3Error('ConditionalRequestConflict', 'A conflicting operation occurred. Please retry.') })
        : FORWARD);
    const summary = await pass();
    lab.s3Gate!.setGate(() => FORWARD);
    assert.equal(summary.checkpointConflicts, 2);
    const resumed = await pass();
    assert.ok(resumed.rowsRead >= 2 * 200, 'the two blobs given up are read again');
    assert.equal((await pass()).bytesRead, 0);

    const report = await checkInvariant({
      source: lab.writer.source,
      delivered: recordsInFolder(folders.out),
      deadLetters: await deadLettersInS3(lab.s3!, 'state', `${PREFIX}/dead-letter/`),
    });
    assertGuarantee(report);
    recordFigures(t, { scenario: 'S3 faults on the checkpoint store: transient and persistent 5xx, 412 on create and update, 409', rows: report.rows, passes, faults: injected, report });
  });
});
