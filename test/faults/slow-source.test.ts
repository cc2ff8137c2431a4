import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runPass } from '../../lambda/pipeline.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';
import { FORWARD } from '../support/fault-gate-proxy.ts';
import { exportPlan, filePassOptions, foldersFor, isBlobRead, sleep, startFaultLab, type FaultLab } from './fault-lab.ts';
import { collect, recordsInFolder } from './outputs.ts';

/** What each blob GET waits before Azurite sees it: a source far away, as Azure is from AWS. */
const LATENCY_MS = 40;

describe('a source with high latency per request', () => {
  let lab: FaultLab;
  before(async () => {
    lab = await startFaultLab();
  });
  after(async () => {
    await lab?.close();
  });

  test('the next blobs are requested while one is read, and every row still comes once', async () => {
    const seeded = await lab.writer.seed(exportPlan('slow-source', { hours: 2, brokenEvery: 0 }));
    let inFlight = 0;
    let mostInFlight = 0;
    lab.azureGate.setGate(async (request) => {
      if (!isBlobRead(request)) return FORWARD;
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await sleep(LATENCY_MS);
      inFlight--;
      return FORWARD;
    });
    const folders = foldersFor(lab, 'slow-source');
    const summary = await runPass(filePassOptions(lab, folders), { log: silentLog });
    lab.azureGate.setGate(() => FORWARD);
    assert.ok(summary.blobsRead > 4, `${summary.blobsRead} blobs read`);
    assert.ok(mostInFlight >= 2, `blob GETs waited on at once: ${mostInFlight}`);
    assert.equal(summary.rowsRead, seeded.rows);
    const records = await collect(recordsInFolder(folders.out));
    assert.equal(records.length, seeded.rows);
    const uids = new Set(records.map((record) => (record.metadata as { uid: string }).uid));
    assert.equal(uids.size, seeded.rows, 'no row twice');
  });
});
