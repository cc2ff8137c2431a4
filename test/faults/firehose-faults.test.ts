import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test, type TestContext } from 'node:test';
import { DeliveryError } from '../../lambda/errors.ts';
import type { PassOptions } from '../../lambda/pass-options.ts';
import type { PassSummary } from '../../lambda/pass-summary.ts';
import { runPass } from '../../lambda/pipeline.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';
import { startFirehoseStandIn, type FirehoseStandIn } from '../support/firehose-stand-in.ts';
import { startFaultProxy, type FaultAction, type FaultProxy } from '../support/http-fault-proxy.ts';
import { filesUnder } from '../support/local-run.ts';
import { recordFigures } from './figures.ts';
import { exportPlan, filePassOptions, foldersFor, isPutRecordBatch, startFaultLab, FIRST_HOUR, GROWING_TABLES, TENANTS, type FaultLab, type ScenarioFolders } from './fault-lab.ts';
import { assertGuarantee, checkInvariant } from './invariant.ts';
import { deadLettersInFolder, jsonLinesInS3 } from './outputs.ts';
import { scale, SEED } from './scale.ts';
import { seededRandom } from './seeded-random.ts';

const STREAM = 'ocsf';
const JSON_TYPE = { 'content-type': 'application/x-amz-json-1.1' };

describe('Firehose faults (stand-in over moto S3, a fault proxy in front of it)', () => {
  let lab: FaultLab;
  let firehose: FirehoseStandIn;
  let proxy: FaultProxy;
  let folders: ScenarioFolders;
  let options: PassOptions;
  const injected: Record<string, number> = {};
  let passes = 0;
  /** Called as each accepted PutRecordBatch answer passes the proxy. */
  let afterAcceptedCall: (() => void) | undefined;

  before(async () => {
    lab = await startFaultLab({ s3: true, buckets: ['lake'] });
    firehose = await startFirehoseStandIn({ streams: [{ name: STREAM, bucket: 'lake' }], s3Endpoint: lab.moto!.endpoint, seed: SEED, keepAcceptedObjects: false });
    proxy = await startFaultProxy(firehose.endpoint);
    proxy.setRewrite((request, status, headers, body) => {
      if (isPutRecordBatch(request) && status === 200) afterAcceptedCall?.();
      const { 'transfer-encoding': _chunked, ...rest } = headers;
      return { status, headers: rest, body };
    });
    process.env.AWS_ENDPOINT_URL_FIREHOSE = proxy.url;
    folders = foldersFor(lab, 'firehose');
    options = filePassOptions(lab, folders, { sinkUri: `firehose://${STREAM}` });
  });
  after(async () => {
    delete process.env.AWS_ENDPOINT_URL_FIREHOSE;
    await proxy?.close();
    await firehose?.close();
    await lab?.close();
  });

  function count(kind: string, action: FaultAction): FaultAction {
    injected[kind] = (injected[kind] ?? 0) + 1;
    return action;
  }

  async function pass(): Promise<PassSummary> {
    passes++;
    return runPass(options, { log: silentLog });
  }

  /** Passes until one completes: a record may fail past its retry budget, and the pass must then fail without moving its checkpoints. */
  async function passUntilComplete(t: TestContext, maxPasses: number): Promise<PassSummary> {
    for (let failures = 0; ; ) {
      try {
        return await pass();
      } catch (error) {
        assert.ok(error instanceof DeliveryError, String(error));
        t.diagnostic(`a pass failed on delivery: ${error.message}`);
        injected.passesFailedOnDelivery = (injected.passesFailedOnDelivery ?? 0) + 1;
        if (++failures >= maxPasses) throw error;
      }
    }
  }

  async function checkpoints(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const file of await filesUnder(folders.state)) if (file.includes('/checkpoints/')) out.set(file, await readFile(file, 'utf8'));
    return out;
  }

  test('per-record failures, throttles, 5xx and dropped calls: every row arrives, resends are identical', async (t) => {
    await lab.writer.seed(exportPlan('firehose-faults'));
    const rates = scale({ recordFailureRate: 0.1, throttleRate: 0.25 }, { recordFailureRate: 0.15, throttleRate: 0.3 });
    firehose.setFaults(rates);
    const random = seededRandom(SEED, 'firehose-faults');
    const faults: [string, FaultAction][] = [
      ['http500InternalFailure', { kind: 'respond', status: 500, headers: JSON_TYPE, body: '{"__type":"InternalFailure","message":"internal error"}' }],
      ['http503Throttle', { kind: 'respond', status: 503, headers: JSON_TYPE, body: '{"__type":"ServiceUnavailableException","message":"Slow down."}' }],
      ['http502', { kind: 'respond', status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' }],
      // A connection closed before the call reaches Firehose. A reset once Firehose has accepted the
      // records has its own test below.
      ['dropped', { kind: 'drop' }],
    ];
    // Each kind once among the first calls (in a seeded order), then at random: a short pass still meets them all.
    const scripted = [...faults].sort(() => random.next() - 0.5);
    let calls = 0;
    proxy.setFault((request): FaultAction => {
      if (!isPutRecordBatch(request)) return { kind: 'pass' };
      calls++;
      const pick = calls % 2 === 0 && scripted.length ? scripted.pop() : random.chance(0.2) ? random.pick(faults) : undefined;
      return pick ? count(pick[0], pick[1]) : { kind: 'pass' };
    });
    let summary: PassSummary;
    try {
      summary = await passUntilComplete(t, scale(4, 10));
    } finally {
      firehose.setFaults({ recordFailureRate: 0, throttleRate: 0 });
      proxy.setFault(() => ({ kind: 'pass' }));
    }
    assert.equal(summary.rowsRead, summary.recordsDelivered + summary.deadLettered + summary.filtered);
    const stats = firehose.stats;
    injected.failedRecords = stats.failedRecords;
    injected.throttledCalls = stats.throttledCalls;
    for (const [kind] of faults) assert.ok((injected[kind] ?? 0) > 0, `no ${kind} injected: ${JSON.stringify(injected)}`);
    assert.ok(stats.failedRecords > 0, 'per-record failures were injected');
    assert.equal(stats.limitViolations, 0);
    assert.equal((await pass()).bytesRead, 0);
  });

  test('a stream that goes down mid-pass and stays down past the retry budget: the pass fails, no checkpoint moves; back up, the next pass delivers', async (t) => {
    for (const tenantId of TENANTS) {
      for (const table of GROWING_TABLES) {
        for (let h = 0; h < 6; h++) await lab.writer.appendRows({ table, tenantId, hour: new Date(FIRST_HOUR.getTime() + h * 3_600_000) }, 300);
      }
    }
    const before = await checkpoints();
    afterAcceptedCall = () => firehose.setFaults({ down: true });
    const acceptedBefore = firehose.stats.records;
    await assert.rejects(pass(), (error: Error) => error instanceof DeliveryError && /OCSF records \(\d+ Firehose records\) not delivered; ServiceUnavailableException after 8 attempt/.test(error.message));
    injected.streamDownCalls = firehose.stats.throttledCalls - (injected.throttledCalls ?? 0);
    assert.ok(firehose.stats.records > acceptedBefore, 'some records were accepted before the stream went down');
    assert.deepEqual(await checkpoints(), before, 'no checkpoint moved');

    afterAcceptedCall = undefined;
    firehose.setFaults({ down: false });
    const resumed = await pass();
    assert.equal(resumed.rowsRead, 2 * 3 * 6 * 300);
    assert.equal((await pass()).bytesRead, 0);

    const deadLetters = await deadLettersInFolder(folders.deadLetter);
    await firehose.flushToS3();
    const report = await checkInvariant({ source: lab.writer.source, delivered: jsonLinesInS3(lab.s3!, 'lake', '', (key) => !key.startsWith('errors/')), deadLetters });
    assertGuarantee(report, 'objects Firehose wrote to S3');
    assert.ok(report.duplicates > 0, 'records accepted before the stream went down were sent again, identical');
    assert.equal(firehose.stats.errorRecords, 0);
    recordFigures(t, { scenario: 'Firehose faults: per-record failures, throttles, 5xx, dropped calls; stream down past the retry budget', rows: report.rows, passes, faults: injected, report });
  });

  test('a connection reset while an accepted PutRecordBatch answer is on its way is retried like any network failure', async () => {
    await lab.writer.appendRows({ table: 'DeviceProcessEvents', tenantId: TENANTS[0], hour: FIRST_HOUR }, 50);
    let resets = 0;
    proxy.setFault((request) => (isPutRecordBatch(request) && resets++ === 0 ? { kind: 'reset-mid-body', afterBytes: 10 } : { kind: 'pass' }));
    try {
      const summary = await pass();
      assert.equal(summary.recordsDelivered, 50);
    } finally {
      proxy.setFault(() => ({ kind: 'pass' }));
      await pass().catch(() => undefined);
    }
  });
});
