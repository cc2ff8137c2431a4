import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runPass } from '../../lambda/pipeline.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';
import { startFirehoseStandIn, type FirehoseStandIn } from '../support/firehose-stand-in.ts';
import { startCli, type CliProcess, type CliResult } from '../support/fault-cli.ts';
import { FORWARD, startGateProxy, type GateProxy, type GatedRequest } from '../support/fault-gate-proxy.ts';
import { recordFigures } from './figures.ts';
import { exportPlan, isBlobRead, isCheckpointWrite, isDeadLetterWrite, isPutRecordBatch, sleep, startFaultLab, GROWING_TABLES, TENANTS, FIRST_HOUR, type FaultLab } from './fault-lab.ts';
import { assertGuarantee, checkInvariant } from './invariant.ts';
import { deadLettersInS3, jsonLinesInS3 } from './outputs.ts';
import { FULL, scale, SEED } from './scale.ts';
import { seededRandom, type Random } from './seeded-random.ts';

const STREAM = 'ocsf';
const KILLS = scale(5, 24);
const ROWS = scale(30_000, 60_000);

/**
 * Where a kill lands. Each window is widened by a gate proxy holding the request the pass is
 * waiting on, so that a kill time drawn at random inside the hold falls in that window:
 * - read: a ranged GET to Azure Storage is held;
 * - delivery: a PutRecordBatch is held, then sent on, to a Firehose stand-in that answers slowly
 *   (a kill after the send leaves records accepted but never acknowledged);
 * - between-delivery-and-checkpoint: every record was acknowledged and the commit's first write
 *   (dead letters or a checkpoint) is held; none of the commit's writes reaches S3;
 * - checkpoint-write: each checkpoint PUT is held a random time, so some are written and some not;
 * - anytime: a time drawn over the whole pass, start-up and listing included.
 */
const WINDOWS = ['read', 'delivery', 'between-delivery-and-checkpoint', 'checkpoint-write', 'anytime'] as const;
type Window = (typeof WINDOWS)[number];

interface Arm {
  readonly window: Window;
  /** Which matching request triggers the kill (1 = the first). */
  countdown: number;
  /** How long the triggering request is held. */
  readonly holdMs: number;
  /** When the kill comes, from the trigger (or from the start for `anytime`). */
  readonly killAfterMs: number;
  /** Per-request holds for `checkpoint-write`. */
  readonly holds: number[];
  fired: boolean;
  landed: boolean;
}

describe('a CLI pass killed with SIGKILL at random points, then resumed until a pass completes', () => {
  let lab: FaultLab;
  let firehose: FirehoseStandIn;
  let firehoseGate: GateProxy;
  let random: Random;
  let current: CliProcess | undefined;
  let arm: Arm | undefined;

  before(async () => {
    lab = await startFaultLab({ s3: true, buckets: ['state', 'lake'] });
    firehose = await startFirehoseStandIn({ streams: [{ name: STREAM, bucket: 'lake' }], s3Endpoint: lab.moto!.endpoint, faults: { delayMs: 120 }, seed: SEED, keepAcceptedObjects: !FULL });
    firehoseGate = await startGateProxy(firehose.endpoint);
    random = seededRandom(SEED, 'kill-and-resume');
  });
  after(async () => {
    current?.kill();
    await firehoseGate?.close();
    await firehose?.close();
    await lab?.close();
  });

  function fire(a: Arm, afterMs: number): void {
    if (a.fired) return;
    a.fired = true;
    const target = current;
    setTimeout(() => {
      if (target?.kill()) a.landed = true;
    }, afterMs);
  }

  async function untilExit(): Promise<void> {
    await Promise.race([current?.result, sleep(30_000)]);
  }

  function installGates(): void {
    lab.azureGate.setGate(async (request: GatedRequest) => {
      const a = arm;
      if (a?.window === 'read' && !a.fired && isBlobRead(request) && --a.countdown === 0) {
        fire(a, a.killAfterMs);
        await untilExit();
      }
      return FORWARD;
    });
    firehoseGate.setGate(async (request) => {
      const a = arm;
      if (a?.window === 'delivery' && !a.fired && isPutRecordBatch(request) && --a.countdown === 0) {
        fire(a, a.killAfterMs);
        await sleep(a.holdMs);
      }
      return FORWARD;
    });
    lab.s3Gate!.setGate(async (request) => {
      const a = arm;
      if (a?.window === 'between-delivery-and-checkpoint' && (isCheckpointWrite(request) || isDeadLetterWrite(request))) {
        fire(a, a.killAfterMs);
        await untilExit();
      }
      if (a?.window === 'checkpoint-write' && isCheckpointWrite(request)) {
        fire(a, a.killAfterMs);
        await sleep(a.holds.pop() ?? 0);
      }
      return FORWARD;
    });
  }

  function armFor(window: Window): Arm {
    const holdMs = random.int(100, 600);
    const killAfterMs =
      window === 'anytime' ? random.int(500, 8_000)
        : window === 'delivery' ? random.int(0, holdMs + 160)
          : window === 'checkpoint-write' ? random.int(0, 400)
            : random.int(0, holdMs);
    return {
      window,
      countdown: window === 'read' ? random.int(1, 12) : window === 'delivery' ? random.int(1, 3) : 1,
      holdMs,
      killAfterMs,
      holds: Array.from({ length: 400 }, () => random.int(0, 400)),
      fired: false,
      landed: false,
    };
  }

  test(`${KILLS} kills in every window lose no row; every duplicate is the same record with the same uid`, async (t) => {
    const started = Date.now();
    const seeded = await lab.writer.seed(exportPlan('kill-and-resume', { rows: ROWS }));
    installGates();
    const args = ['run', '--connection-string', lab.connectionString, '--state', 's3://state/kill', '--sink', `firehose://${STREAM}`, '--json', '--log-level', 'error'];
    // Every other pass normalizes on a worker thread: killed mid-batch, or resumed from a pass
    // without workers, it must keep the same guarantee.
    const withWorker = [...args, '--workers', '1'];
    const env = { AWS_ENDPOINT_URL_FIREHOSE: firehoseGate.url };
    const order = shuffled(WINDOWS, random);
    const landed: Record<string, number> = {};
    let passes = 0;
    let completedEarly = 0;
    let appended = 0;
    let kills = 0;
    let nextHour = 0;
    let last: CliResult | undefined;
    while (kills < KILLS) {
      arm = armFor(order[passes % order.length]!);
      const workers = passes % 2;
      current = startCli(workers ? withWorker : args, env);
      passes++;
      if (arm.window === 'anytime') fire(arm, arm.killAfterMs);
      const t0 = Date.now();
      last = await current.result;
      t.diagnostic(`pass ${passes}: window ${arm.window}, ${workers} workers, killed ${arm.landed}, ${Date.now() - t0} ms, exit ${last.code ?? last.signal}`);
      if (arm.landed) {
        kills++;
        landed[arm.window] = (landed[arm.window] ?? 0) + 1;
        assert.equal(last.signal, 'SIGKILL');
        continue;
      }
      assert.equal(last.code, 0, `a pass that was not killed must complete: ${last.stderr}`);
      // The pass finished before its kill: the export grows, as Defender's does, so the next pass has work to be killed in.
      completedEarly++;
      for (const tenantId of TENANTS) {
        for (const table of GROWING_TABLES) {
          const hour = new Date(FIRST_HOUR.getTime() + (nextHour % 8) * 3_600_000);
          appended += (await lab.writer.appendRows({ table, tenantId, hour }, 150)).length;
        }
      }
      nextHour++;
    }
    arm = undefined;
    const final = await startCli(args, env).result;
    passes++;
    assert.equal(final.code, 0, final.stderr);
    // In this process (no start-up cost): the same state, nothing left to read.
    process.env.AWS_ENDPOINT_URL_FIREHOSE = firehoseGate.url;
    const check = await runPass({ source: { kind: 'connection-string', connectionString: lab.connectionString }, stateUri: 's3://state/kill', sinkUri: `firehose://${STREAM}` }, { log: silentLog });
    passes++;
    assert.equal(check.bytesRead, 0, 'the last completed pass checkpointed everything');

    const deadLetters = await deadLettersInS3(lab.s3!, 'state', 'kill/dead-letter/');
    await firehose.flushToS3();
    const report = await checkInvariant({
      source: lab.writer.source,
      delivered: jsonLinesInS3(lab.s3!, 'lake', '', (key) => key.endsWith('.gz') && !key.startsWith('errors/')),
      deadLetters,
    });
    assertGuarantee(report, 'objects Firehose wrote to S3');
    if (!FULL) {
      const accepted = await checkInvariant({ source: lab.writer.source, delivered: firehose.acceptedObjects(STREAM), deadLetters });
      assert.deepEqual(accepted, report, 'S3 holds exactly what Firehose accepted');
    }
    assert.equal(firehose.stats.errorRecords, 0);
    assert.ok(kills >= KILLS);
    for (const window of WINDOWS) assert.ok((landed[window] ?? 0) > 0 || KILLS < WINDOWS.length, `no kill landed in window ${window}`);
    recordFigures(t, {
      scenario: 'SIGKILL at random points, resumed until a pass completes (CLI, S3 state, Firehose)',
      rows: seeded.rows + appended,
      passes,
      kills,
      faults: { ...Object.fromEntries(Object.entries(landed).map(([w, n]) => [`kill:${w}`, n])), passesCompletedBeforeTheirKill: completedEarly, requestsAbandonedByKill: lab.azureGate.stats.abandoned + lab.s3Gate!.stats.abandoned + firehoseGate.stats.abandoned },
      report,
      seconds: Math.round((Date.now() - started) / 1000),
    });
  });
});

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
