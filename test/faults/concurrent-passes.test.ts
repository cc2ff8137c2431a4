import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runPass } from '../../lambda/pipeline.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';
import { runCli, type CliResult } from '../support/fault-cli.ts';
import { recordFigures } from './figures.ts';
import { exportPlan, foldersFor, startFaultLab, FIRST_HOUR, GROWING_TABLES, TENANTS, type FaultLab, type ScenarioFolders } from './fault-lab.ts';
import { assertGuarantee, checkInvariant } from './invariant.ts';
import { deadLettersInS3, recordsInFolder } from './outputs.ts';
import { scale } from './scale.ts';

const ROUNDS = scale(1, 6);

describe('two CLI passes started at the same time on one account and one S3 checkpoint store', () => {
  let lab: FaultLab;
  let folders: ScenarioFolders;
  let args: string[];

  before(async () => {
    lab = await startFaultLab({ s3: true, buckets: ['state'] });
    folders = foldersFor(lab, 'concurrent');
    args = ['run', '--connection-string', lab.connectionString, '--state', 's3://state/concurrent', '--sink', `file://${folders.out}`, '--json', '--log-level', 'warn'];
  });
  after(async () => {
    await lab?.close();
  });

  async function both(extra: string[] = []): Promise<[CliResult, CliResult]> {
    return Promise.all([runCli([...args, ...extra]), runCli([...args, ...extra])]);
  }

  test(`${ROUNDS} round(s) without the lease and one with it: no row lost, every duplicate the same record`, async (t) => {
    await lab.writer.seed(exportPlan('concurrent-passes'));
    let passes = 0;
    let conflicts = 0;
    let leaseSkips = 0;
    let rowsReadTwice = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      if (round > 0) {
        for (const tenantId of TENANTS) {
          for (const table of GROWING_TABLES) {
            await lab.writer.appendRows({ table, tenantId, hour: new Date(FIRST_HOUR.getTime() + (round % 6) * 3_600_000) }, 300);
            await lab.writer.appendRows({ table, tenantId, hour: new Date(FIRST_HOUR.getTime() + (5 + round) * 3_600_000) }, 100);
          }
        }
      }
      const withLease = round === ROUNDS;
      const results = await both(withLease ? ['--lease'] : []);
      passes += 2;
      for (const result of results) {
        assert.equal(result.code, 0, result.stderr);
        if (/pass skipped: another pass holds the lease/.test(result.stderr)) leaseSkips++;
        else assert.ok(result.summary, `a completed pass prints its summary: ${result.stdout}`);
      }
      const [a, b] = results.map((r) => r.summary);
      conflicts += (a?.checkpointConflicts ?? 0) + (b?.checkpointConflicts ?? 0);
      if (a && b) rowsReadTwice += Math.min(a.rowsRead, b.rowsRead);
      t.diagnostic(`round ${round}${withLease ? ' (lease)' : ''}: rows read ${a?.rowsRead ?? 'skipped'} and ${b?.rowsRead ?? 'skipped'}, conflicts ${(a?.checkpointConflicts ?? 0) + (b?.checkpointConflicts ?? 0)}`);
    }
    // In this process (no start-up cost): the same state, nothing left to read.
    const check = await runPass({ source: { kind: 'connection-string', connectionString: lab.connectionString }, stateUri: 's3://state/concurrent', sinkUri: `file://${folders.out}` }, { log: silentLog });
    passes++;
    assert.equal(check.bytesRead, 0, 'between them, the passes checkpointed everything');

    const report = await checkInvariant({
      source: lab.writer.source,
      delivered: recordsInFolder(folders.out),
      deadLetters: await deadLettersInS3(lab.s3!, 'state', 'concurrent/dead-letter/'),
    });
    assertGuarantee(report);
    recordFigures(t, {
      scenario: 'two passes at the same time on one account and checkpoint store (CLI, S3 state)',
      rows: report.rows,
      passes,
      faults: { concurrentRounds: ROUNDS + 1, checkpointRacesLost: conflicts, leaseSkips, rowsReadByBothPasses: rowsReadTwice },
      report,
    });
  });
});
