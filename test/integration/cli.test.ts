import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startLocalRun, type LocalRun } from '../support/local-run.ts';
import { append, blobFor, containerFor, crlf, ids, TENANT_A, TENANT_B, testRow } from '../support/test-rows.ts';

const run = promisify(execFile);
const CLI = new URL('../../bin/defender-forwarder.mjs', import.meta.url).pathname;

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function lastJson(stdout: string): Record<string, any> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

describe('the command-line contract', () => {
  let local: LocalRun;
  let args: string[];
  before(async () => {
    local = await startLocalRun();
    args = ['run', '--connection-string', local.azurite.connectionString, '--state', `file://${join(local.dir, 'state')}`, '--sink', `file://${join(local.dir, 'out')}`, '--json'];
  });
  after(async () => {
    await local.close();
  });

  test('run --json prints the summary as the last stdout line, logs only to stderr, and keeps the invariant', async () => {
    await append(local.service, containerFor('DeviceProcessEvents'), blobFor(TENANT_A, '2026-11-20T10'), crlf([...ids(1, 5).map((i) => testRow(i)), 'not json']));
    await append(local.service, containerFor('DeviceProcessEvents'), blobFor(TENANT_B, '2026-11-20T10'), crlf(ids(6, 3).map((i) => testRow(i, { tenantId: TENANT_B }))));
    const result = await cli(args);
    assert.equal(result.code, 0, result.stderr);
    const summary = lastJson(result.stdout);
    assert.equal(result.stdout.trim().split('\n').length, 1, 'nothing but the summary on stdout');
    assert.equal(summary.rowsRead, 9);
    assert.equal(summary.recordsDelivered, 8);
    assert.equal(summary.deadLettered, 1);
    assert.equal(summary.filtered, 0);
    for (const key of ['bytesRead', 'blobsRead']) assert.equal(typeof summary[key], 'number');
    assert.deepEqual(summary.newTables, []);
    assert.equal(summary.rowsRead, summary.recordsDelivered + summary.deadLettered + summary.filtered);
  });

  test('a second run with nothing new reads zero bytes', async () => {
    const summary = lastJson((await cli(args)).stdout);
    assert.equal(summary.bytesRead, 0);
    assert.equal(summary.rowsRead, 0);
  });

  test('--tenant selects blobs by tenant; a foreign row inside a selected blob is filtered and counted', async () => {
    await append(local.service, containerFor('DeviceProcessEvents'), blobFor(TENANT_A, '2026-11-20T11'), crlf([testRow(20), testRow(21, { tenantId: TENANT_B })]));
    await append(local.service, containerFor('DeviceProcessEvents'), blobFor(TENANT_B, '2026-11-20T11'), crlf([testRow(22, { tenantId: TENANT_B })]));
    const summary = lastJson((await cli([...args, '--tenant', TENANT_A])).stdout);
    assert.equal(summary.rowsRead, 2);
    assert.equal(summary.filtered, 1);
    assert.equal(summary.recordsDelivered, 1);
  });

  test('--from/--to select blobs by hour, for backfills, without resending delivered rows', async () => {
    const summary = lastJson((await cli([...args, '--from', '2026-11-20T11:00:00Z', '--to', '2026-11-20T12:00:00Z'])).stdout);
    assert.equal(summary.rowsRead, 1, 'only the TENANT_B blob of 11:00 is new');
    const again = lastJson((await cli([...args, '--from', '2026-11-20T00:00:00Z', '--to', '2026-11-21T00:00:00Z'])).stdout);
    assert.equal(again.rowsRead, 0);
  });

  test('bad options exit 2 with one line naming every problem', async () => {
    const result = await cli(['run', '--sink', 'ftp://x', '--from', 'yesterday']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--state <uri> is required/);
    assert.match(result.stderr, /no Azure source/);
    assert.match(result.stderr, /--from: "yesterday" is not an ISO 8601 date-time/);
    const bad = await cli([...args, '--sink', 'ftp://x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--sink: expected file:\/\/<dir>, s3:\/\/<bucket>\/<prefix>, firehose:\/\/<stream>; got "ftp:\/\/x"/);
  });

  test('an unreachable service exits non-zero with a one-line message and no key in it', async () => {
    const unreachable = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleS1kby1ub3QtbGVhaw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;';
    const result = await cli([...args.slice(0, 1), '--connection-string', unreachable, ...args.slice(3)]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /defender-forwarder: Azure Storage: cannot list containers/);
    assert.doesNotMatch(result.stderr + result.stdout, /c2VjcmV0LWtleS1kby1ub3QtbGVhaw/);
  });
});
