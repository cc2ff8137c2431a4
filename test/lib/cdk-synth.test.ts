import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The real app through the real CLI: `cdk.json` alone, cdk-nag on, and the function bundled for real by
 * the local esbuild (the other tests skip bundling).
 */
describe('cdk synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'forwarder-synth-'));
  let stderr = '';
  let template: { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

  before(async () => {
    // Any attempt to reach the network goes to a closed port and fails at once.
    const offline = {
      ...process.env,
      CDK_DISABLE_CLI_TELEMETRY: '1',
      CDK_DISABLE_VERSION_CHECK: '1',
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      npm_config_offline: 'true',
    };
    ({ stderr } = await run(join(root, 'node_modules/.bin/cdk'), ['synth', '-q', '--no-notices', '-o', outdir], {
      cwd: root,
      env: offline,
      timeout: 180_000,
    }));
    template = JSON.parse(readFileSync(join(outdir, 'DefenderForwarder.template.json'), 'utf8'));
  });
  after(() => rmSync(outdir, { recursive: true, force: true }));

  test('`cdk synth -q --no-notices` works offline with cdk-nag on and no finding', () => {
    assert.doesNotMatch(stderr, /AwsSolutions-/);
    const nested = readdirSync(outdir).filter((file) => file.endsWith('.nested.template.json'));
    const resources = [template, ...nested.map((file) => JSON.parse(readFileSync(join(outdir, file), 'utf8')))].flatMap((t) => Object.values(t.Resources));
    const types = new Set(resources.map((r: any) => r.Type));
    for (const type of ['AWS::Lambda::Function', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::Glue::Table', 'AWS::Athena::WorkGroup']) {
      assert.ok(types.has(type), `the template has no ${type}`);
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    assert.deepEqual(report.pluginReports.filter((r: { conclusion: string }) => r.conclusion !== 'success'), []);
  });

  test('the function is one ESM bundle, SDKs included, that loads and exports the handler', async () => {
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
    const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    const bundle = join(outdir, `asset.${assetHash}`, 'index.mjs');
    assert.ok(existsSync(bundle), `no bundle at ${bundle}`);
    const code = readFileSync(bundle, 'utf8');
    assert.ok(code.startsWith("import { createRequire as __createRequire } from 'node:module';"), 'the createRequire banner opens the bundle');
    assert.doesNotMatch(code, /from\s*["']@aws-sdk\//, 'the AWS SDK is bundled, not taken from the runtime');
    assert.doesNotMatch(code, /from\s*["']@azure\//, 'the Azure SDK is bundled');
    assert.ok(existsSync(`${bundle}.map`), 'a source map sits next to the bundle');

    // Loading it runs the module's top level: the environment reader and the telemetry set-up.
    const probe = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); if (typeof m.handler !== 'function') process.exit(3);`;
    const loaded = await run(process.execPath, ['--input-type=module', '-e', probe], {
      env: {
        PATH: process.env.PATH,
        STATE_URI: `file://${outdir}/state`,
        SINK_URI: `file://${outdir}/sink`,
        AZURE_AUTH_MODE: 'workload-identity',
        AWS_REGION: 'eu-west-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    assert.equal(loaded.stderr, '');
    console.log(`bundle: ${(statSync(bundle).size / 1024).toFixed(0)} KiB`);
  });
});
