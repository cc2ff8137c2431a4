import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AZURITE_ACCOUNT, AZURITE_KEY } from '../../lambda/demo/local-azurite.ts';
import { SourceError } from '../../lambda/errors.ts';
import type { PassOptions } from '../../lambda/pass-options.ts';
import type { PassSummary } from '../../lambda/pass-summary.ts';
import { runPass } from '../../lambda/pipeline.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';
import { startFaultProxy, type FaultAction, type FaultProxy, type ProxiedRequest } from '../support/http-fault-proxy.ts';
import { recordFigures } from './figures.ts';
import { exportPlan, filePassOptions, foldersFor, isBlobRead, startFaultLab, FIRST_HOUR, TENANTS, type FaultLab, type ScenarioFolders } from './fault-lab.ts';
import { assertGuarantee, checkInvariant } from './invariant.ts';
import { deadLettersInFolder, recordsInFolder } from './outputs.ts';
import { scale, SEED } from './scale.ts';
import { seededRandom } from './seeded-random.ts';

const SERVER_BUSY = '<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>Ingress is over the account limit.</Message></Error>';

/** Per request: 503 ServerBusy, a reset part-way through the body, a slow answer, or a connection closed unanswered. */
interface AzureFaultRates {
  readonly busy: number;
  readonly reset: number;
  readonly slow: number;
  readonly drop: number;
}

describe('Azure Storage faults (fault proxy in front of Azurite)', () => {
  let lab: FaultLab;
  let proxy: FaultProxy;
  let options: PassOptions;
  let folders: ScenarioFolders;
  const injected: Record<string, number> = { busy: 0, reset: 0, slow: 0, drop: 0, down: 0 };
  let passes = 0;

  before(async () => {
    lab = await startFaultLab();
    proxy = await startFaultProxy(lab.azurite.blobEndpoint.replace(`/${AZURITE_ACCOUNT}`, ''));
    // The proxy sends the whole body with a Content-Length, so Azurite's chunked encoding header must go.
    proxy.setRewrite((_request, status, headers, body) => {
      const { 'transfer-encoding': _chunked, ...rest } = headers;
      return { status, headers: rest, body };
    });
    folders = foldersFor(lab, 'azure');
    options = filePassOptions(lab, folders, {
      source: { kind: 'connection-string', connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${proxy.url}/${AZURITE_ACCOUNT};` },
    });
  });
  after(async () => {
    await proxy?.close();
    await lab?.close();
  });

  function inject(rates: AzureFaultRates, label: string): void {
    const random = seededRandom(SEED, label);
    proxy.setFault((request: ProxiedRequest): FaultAction => {
      const draw = random.next();
      let edge = rates.busy;
      if (draw < edge) return count('busy', { kind: 'respond', status: 503, body: SERVER_BUSY, headers: { 'x-ms-error-code': 'ServerBusy' } });
      // Resets go to ranged reads here; a listing page cut mid-body has its own test below.
      if (draw < (edge += rates.reset) && isBlobRead(request)) return count('reset', { kind: 'reset-mid-body', afterBytes: random.int(0, 200_000) });
      if (draw < (edge += rates.slow)) return count('slow', { kind: 'delay', ms: random.int(200, 1_000) });
      if (draw < (edge += rates.drop)) return count('drop', { kind: 'drop' });
      return { kind: 'pass' };
    });
  }

  function count(kind: string, action: FaultAction): FaultAction {
    injected[kind] = (injected[kind] ?? 0) + 1;
    return action;
  }

  /** Passes until one completes; a pass may fail when a range keeps failing past its retries, and must then lose nothing. */
  async function passUntilComplete(maxPasses: number): Promise<{ summary: PassSummary; failures: number }> {
    let failures = 0;
    for (;;) {
      passes++;
      try {
        return { summary: await runPass(options, { log: silentLog }), failures };
      } catch (error) {
        assert.ok(error instanceof SourceError, `only Azure failures are expected: ${String(error)}`);
        if (++failures >= maxPasses) throw error;
      }
    }
  }

  test('503s, resets mid-body, slow answers and dropped connections: every row arrives', async () => {
    await lab.writer.seed(exportPlan('azure-faults'));
    inject(scale({ busy: 0.04, reset: 0.1, slow: 0.04, drop: 0.03 }, { busy: 0.08, reset: 0.15, slow: 0.06, drop: 0.05 }), 'azure-faults');
    const { summary, failures } = await passUntilComplete(6);
    assert.equal(summary.rowsRead, summary.recordsDelivered + summary.deadLettered + summary.filtered);
    assert.ok(injected.busy! > 0 && injected.reset! > 0 && injected.slow! > 0 && injected.drop! > 0, JSON.stringify(injected));
    proxy.setFault(() => ({ kind: 'pass' }));
    const after = await runPass(options, { log: silentLog });
    assert.equal(after.bytesRead, 0, 'a completed pass under faults left nothing unread behind its checkpoints');
    injected.passesFailedPastRetries = failures;
  });

  test('a listing answer cut mid-body is retried like a ranged read', async () => {
    let listings = 0;
    proxy.setFault((request) => (request.url.includes('comp=list') && listings++ === 0 ? count('listingReset', { kind: 'reset-mid-body', afterBytes: 50 }) : { kind: 'pass' }));
    passes++;
    try {
      await runPass(options, { log: silentLog });
    } finally {
      proxy.setFault(() => ({ kind: 'pass' }));
    }
  });

  test('Azure down past the retry budget mid-pass: the pass fails; the next one, with Azure back, delivers what is left', async (t) => {
    for (const tenantId of TENANTS) {
      for (let h = 0; h < 6; h++) await lab.writer.appendRows({ table: 'DeviceProcessEvents', tenantId, hour: new Date(FIRST_HOUR.getTime() + h * 3_600_000) }, 200);
    }
    let reads = 0;
    proxy.setFault((request) => (isBlobRead(request) && ++reads > 4 ? count('down', { kind: 'respond', status: 503, body: SERVER_BUSY }) : { kind: 'pass' }));
    passes++;
    await assert.rejects(runPass(options, { log: silentLog }), (error: Error) => error instanceof SourceError && /cannot read .* at byte \d+: HTTP 503/.test(error.message));
    proxy.setFault(() => ({ kind: 'pass' }));
    passes++;
    const resumed = await runPass(options, { log: silentLog });
    assert.ok(resumed.rowsRead >= 2 * 6 * 200 - 4 * 200, `the blobs not read before the failure are read now (${resumed.rowsRead} rows)`);
    passes++;
    assert.equal((await runPass(options, { log: silentLog })).bytesRead, 0);

    const report = await checkInvariant({ source: lab.writer.source, delivered: recordsInFolder(folders.out), deadLetters: await deadLettersInFolder(folders.deadLetter) });
    assertGuarantee(report);
    recordFigures(t, { scenario: 'Azure Storage faults: 503, reset mid-body, slow, dropped; Azure down mid-pass', rows: report.rows, passes, faults: injected, report });
  });
});
