import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { AccountSASPermissions, AccountSASResourceTypes, AccountSASServices, BlobServiceClient, generateAccountSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { startLocalAzurite, type LocalAzurite } from '../../lambda/demo/local-azurite.ts';
import { filesUnder } from '../support/local-run.ts';
import { runCli, type CliResult } from '../support/fault-cli.ts';
import { FORWARD, startGateProxy, type GateDecision, type GateProxy } from '../support/fault-gate-proxy.ts';
import { ExportWriter } from './export-writer.ts';
import { isBlobRead, FIRST_HOUR, TENANTS } from './fault-lab.ts';

const POWERTOOLS_CHILD = new URL('../support/fault-powertools-child.ts', import.meta.url).pathname;
const ACCOUNT = 'forwarderleaktest';
/** A key only this test knows (Azurite's well-known key is public, so it would prove little). */
const KEY = randomBytes(64).toString('base64');

describe('no secret leaks: account keys and SAS tokens never appear in logs, errors, summaries, metrics, dead letters or output', () => {
  let azurite: LocalAzurite;
  /** In front of Azurite: one passes everything, one answers 403 to everything, one answers 403 to blob reads only. */
  let gates: { open: GateProxy; denied: GateProxy; readsDenied: GateProxy };
  let dir: string;
  let endpoint: string;
  let sasToken: string;
  let signature: string;
  const runs: { name: string; result: CliResult }[] = [];

  before(async () => {
    process.env.AZURITE_ACCOUNTS = `${ACCOUNT}:${KEY}`;
    azurite = await startLocalAzurite();
    delete process.env.AZURITE_ACCOUNTS;
    const server = azurite.blobEndpoint.replace(/\/[^/]+$/, '');
    endpoint = `${server}/${ACCOUNT}`;
    gates = { open: await startGateProxy(server), denied: await startGateProxy(server), readsDenied: await startGateProxy(server) };
    gates.denied.setGate((request) => echo403(request));
    gates.readsDenied.setGate((request) => (isBlobRead(request) ? echo403(request) : FORWARD));
    dir = await mkdtemp(join(tmpdir(), 'dfwd-secrets-'));
    const credential = new StorageSharedKeyCredential(ACCOUNT, KEY);
    sasToken = generateAccountSASQueryParameters({
      permissions: AccountSASPermissions.parse('rl'),
      services: AccountSASServices.parse('b').toString(),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      expiresOn: new Date(Date.now() + 3_600_000),
    }, credential).toString();
    signature = new URLSearchParams(sasToken).get('sig')!;
    const writer = new ExportWriter(new BlobServiceClient(endpoint, credential));
    await writer.appendRows({ table: 'DeviceProcessEvents', tenantId: TENANTS[0], hour: FIRST_HOUR }, 200);
    // A broken row that quotes the key, so the dead-letter store has something to leak if it echoed more than the row.
    await writer.appendLines({ table: 'DeviceProcessEvents', tenantId: TENANTS[0], hour: FIRST_HOUR }, [{ key: 'broken', line: '{"not json' }]);
  });
  after(async () => {
    for (const gate of Object.values(gates ?? {})) await gate.close();
    await azurite?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const via = (gate: keyof typeof gates) => `${gates[gate].url}/${ACCOUNT}`;
  const keyString = (blobEndpoint: string) => `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${blobEndpoint};`;

  /** Every form a secret could take in text: as is, URL-encoded, and (for the SAS) the token and its signature. */
  function secretForms(): string[] {
    return [KEY, encodeURIComponent(KEY), sasToken, signature, encodeURIComponent(signature)];
  }

  async function run(name: string, source: string[], expectCode: number): Promise<CliResult> {
    const args = ['run', ...source, '--state', pathToFileURL(join(dir, name, 'state')).href, '--sink', pathToFileURL(join(dir, name, 'out')).href, '--json', '--log-level', 'debug'];
    const result = await runCli(args, { AZURE_STORAGE_CONNECTION_STRING: '' });
    assert.equal(result.code, expectCode, `${name}: ${result.stderr}`);
    runs.push({ name, result });
    return result;
  }

  test('passes that work, with a connection string, a SAS URL and an --account-url carrying a SAS', async () => {
    const results = await Promise.all([
      run('key', ['--connection-string', keyString(via('open'))], 0),
      run('sas', ['--connection-string', `${via('open')}?${sasToken}`], 0),
      run('account-url-sas', ['--account-url', `${via('open')}?${sasToken}`], 0),
    ]);
    for (const result of results) {
      assert.equal(result.summary?.recordsDelivered, 200);
      assert.equal(result.summary?.deadLettered, 1);
    }
  });

  // (A wrong endpoint with a key: test/integration/cli.test.ts.)
  test('passes that fail: a wrong endpoint, a 403 for everything, a 403 on reads, a malformed connection string', async (t) => {
    const unreachable = 'http://127.0.0.1:9/' + ACCOUNT;
    await Promise.all([
      run('wrong-endpoint-sas', ['--connection-string', `${unreachable}?${sasToken}`], 1),
      run('403-key', ['--connection-string', keyString(via('denied'))], 1),
      run('403-sas', ['--connection-string', `${via('denied')}?${sasToken}`], 1),
      run('403-on-read-sas', ['--connection-string', `${via('readsDenied')}?${sasToken}`], 1),
      run('malformed', ['--connection-string', `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=::not a url::;`], 2),
    ]);
    for (const { name, result } of runs.filter((r) => r.result.code !== 0)) {
      assert.match(result.stderr, /defender-forwarder: /, `${name} says what failed`);
      t.diagnostic(`${name}: ${/defender-forwarder: .*/.exec(result.stderr)?.[0]}`);
    }
  });

  test('neither the key nor the SAS token is in any stdout, stderr, summary, checkpoint, dead letter or output object', async () => {
    assert.ok(runs.length >= 8);
    for (const { name, result } of runs) {
      const text = result.stdout + result.stderr;
      assert.ok(text.length > 0, `${name} printed something`);
      for (const form of secretForms()) assert.ok(!text.includes(form), `${name}: a secret in stdout/stderr:\n${text}`);
    }
    const files = await filesUnder(dir);
    assert.ok(files.some((f) => f.includes('/dead-letter/')) && files.some((f) => f.includes('/out/')), 'dead letters and output were written');
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const form of secretForms()) assert.ok(!text.includes(form), `a secret in ${file}`);
    }
  });

  test('the Lambda path: Powertools log lines and EMF metrics carry no key and no SAS signature', async () => {
    const connectionString = keyString(endpoint);
    const sasUrl = `${endpoint}?${sasToken}`;
    const secrets = [connectionString, sasUrl, `${connectionString} and ${sasUrl}`];
    const result = await runCli([], { FAULT_SECRET_TEXTS: JSON.stringify(secrets), POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_DEV: '' }, POWERTOOLS_CHILD);
    assert.equal(result.code, 0, result.stderr);
    const lines = (result.stdout + result.stderr).split('\n').filter((l) => l.trim());
    const logs = lines.filter((l) => l.includes('connecting with'));
    assert.equal(logs.length, 4 * secrets.length, `one JSON line per level and secret:\n${lines.join('\n')}`);
    for (const line of logs) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      assert.match(String(parsed.message), /<redacted>/);
    }
    assert.ok(lines.some((l) => l.includes('"RowsRead"')), 'the metrics were published');
    for (const form of secretForms()) assert.ok(!lines.join('\n').includes(form), `a secret in the Powertools output:\n${lines.join('\n')}`);
  });
});

/** A hostile 403 that echoes the request, signature and Authorization header included, as some proxies do. */
function echo403(request: { url: string; headers: Record<string, unknown> }): GateDecision {
  return {
    kind: 'respond',
    status: 403,
    headers: { 'x-ms-error-code': 'AuthenticationFailed' },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>${xmlText(`Server failed to authenticate the request. Request: ${request.url} Authorization: ${String(request.headers.authorization)} Key: ${KEY}`)}</Message></Error>`,
  };
}

function xmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
