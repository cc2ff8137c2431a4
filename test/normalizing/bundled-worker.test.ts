import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { build } from 'esbuild';
import { lambdaBundleOptions } from '../../lib/function/lambda-bundle.ts';
import type { PassSummary } from '../../lambda/pass-summary.ts';
import { filesUnder, startLocalRun, type LocalRun } from '../support/local-run.ts';
import { startMotoServer, type MotoServer } from '../support/moto-server.ts';
import { append, blobFor, containerFor, crlf, TENANT_A, testRow } from '../support/test-rows.ts';

const HANDLER_ENTRY = fileURLToPath(new URL('../../lambda/handler.ts', import.meta.url));
const RESULT = 'BUNDLED_HANDLER_RESULT ';
const ROWS = 4000;

/**
 * Runs the bundle's handler in a plain Node process (no tsx), counting the worker threads it starts
 * and the entry each loads, and prints one result line.
 */
const CHILD = `
import { syncBuiltinESMExports } from 'node:module';
import workerThreads from 'node:worker_threads';
const Original = workerThreads.Worker;
const workers = [];
workerThreads.Worker = class extends Original {
  constructor(entry, options) {
    super(entry, options);
    const seen = { entry: String(entry), online: false };
    workers.push(seen);
    this.once('online', () => (seen.online = true));
  }
};
syncBuiltinESMExports();
const { handler } = await import(process.env.BUNDLE_URL);
const context = { functionName: 'forwarder', functionVersion: '1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:forwarder', memoryLimitInMB: '3538', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 120000 };
const summary = await handler({}, context);
process.stdout.write(${JSON.stringify(RESULT)} + JSON.stringify({ summary, workers }) + '\\n');
`;

describe('the Lambda bundle starts its normalize workers from itself', () => {
  let dir: string;
  let run: LocalRun;
  let moto: MotoServer;
  let secretArn: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dfwd-bundle-'));
    // As NodejsFunction builds it (lib/function/forwarder-function.ts): one ESM file from the handler.
    await build(lambdaBundleOptions(HANDLER_ENTRY, join(dir, 'index.mjs')));
    await writeFile(join(dir, 'child.mjs'), CHILD);
    run = await startLocalRun();
    moto = await startMotoServer();
    const secrets = new SecretsManagerClient({ endpoint: moto.endpoint });
    secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'azure', SecretString: run.azurite.connectionString }))).ARN!;
    secrets.destroy();
    const lines = Array.from({ length: ROWS }, (_, i) => (i % 500 === 7 ? '{"broken"' : testRow(i + 1, { time: '2026-11-20T10:15:00.1234567Z' })));
    await append(run.service, containerFor('DeviceProcessEvents'), blobFor(TENANT_A, '2026-11-20T10'), crlf(lines));
  });
  after(async () => {
    await moto?.close();
    await run?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a pass of the bundled handler with NORMALIZE_WORKERS=2 runs on two workers that load the bundle, with the inline output', async () => {
    const bundleUrl = pathToFileURL(join(dir, 'index.mjs')).href;
    const stdout = await runChild(join(dir, 'child.mjs'), {
      BUNDLE_URL: bundleUrl,
      STATE_URI: pathToFileURL(join(dir, 'state')).href,
      SINK_URI: pathToFileURL(join(dir, 'out')).href,
      AZURE_AUTH_MODE: 'connection-string',
      AZURE_SECRET_ARN: secretArn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.endpoint,
      NORMALIZE_WORKERS: '2',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT));
    assert.ok(line, `no result from the bundled handler:\n${stdout.slice(-2000)}`);
    const { summary, workers } = JSON.parse(line.slice(RESULT.length)) as { summary: PassSummary; workers: { entry: string; online: boolean }[] };

    assert.deepEqual(workers, [{ entry: bundleUrl, online: true }, { entry: bundleUrl, online: true }]);
    assert.equal(summary.rowsRead, ROWS);
    assert.equal(summary.deadLettered, 8);
    assert.equal(summary.recordsDelivered, ROWS - 8);

    const inline = await run.pass({});
    assert.equal(inline.recordsDelivered, summary.recordsDelivered);
    assert.deepEqual(await recordsUnder(join(dir, 'out')), await recordsUnder(join(run.dir, 'out')));
  });
});

async function recordsUnder(dir: string): Promise<string> {
  const texts = await Promise.all((await filesUnder(dir)).map((file) => readFile(file, 'utf8')));
  return texts.join('');
}

function runChild(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`the bundled handler exited with ${code}:\n${stderr.slice(-3000)}\n${stdout.slice(-1000)}`));
    });
  });
}
