import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ConfigError } from '../../lambda/errors.ts';
import { DefenderForwarderStack } from '../../lib/defender-forwarder-stack.ts';
import { CDK_JSON_CONTEXT, newTestApp, SECRET_ARN, statementsOfRole, TEST_ENV } from './forwarder-fixture.ts';

const SNAPSHOT = fileURLToPath(new URL('./__snapshots__/defender-forwarder-stack.json', import.meta.url));

/**
 * Makes the template stable and readable: asset hashes change with every edit of the function's code,
 * and Glue column types are long strings that ocsf-glue-columns.test.ts checks in detail, so each
 * table's columns become a count and a digest (a change still shows up).
 */
function stable(template: Record<string, any>): Record<string, any> {
  const masked = JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, '<asset-hash>$1'));
  for (const resource of Object.values<any>(masked.Resources ?? {})) {
    const descriptor = resource.Type === 'AWS::Glue::Table' ? resource.Properties.TableInput.StorageDescriptor : undefined;
    if (descriptor) {
      const digest = createHash('sha256').update(JSON.stringify(descriptor.Columns)).digest('hex').slice(0, 16);
      descriptor.Columns = `<${descriptor.Columns.length} columns, sha256 ${digest}>`;
    }
  }
  return masked;
}

function stackWith(context: Record<string, unknown>): DefenderForwarderStack {
  return new DefenderForwarderStack(newTestApp({ context }), 'DefenderForwarder', { env: TEST_ENV });
}

describe('DefenderForwarderStack', () => {
  let fromCdkJson: Template;
  let nestedFromCdkJson: Record<string, Template>;
  before(() => {
    const stack = stackWith({});
    fromCdkJson = Template.fromStack(stack);
    const nested = new Set([...stack.forwarder.tables.values()].map((table) => Stack.of(table)));
    nestedFromCdkJson = Object.fromEntries([...nested].map((n) => [n.node.id, Template.fromStack(n)]));
  });

  test('cdk.json alone deploys the connection-string mode with the secret it names', () => {
    const template = fromCdkJson;
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    const partialArn = `arn:aws:secretsmanager:${TEST_ENV.region}:${TEST_ENV.account}:secret:${CDK_JSON_CONTEXT.azureSecret}`;
    const secretStatement = statementsOfRole(template, 'lambda.amazonaws.com').find((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    assert.equal(fn!.Properties.Environment.Variables.AZURE_AUTH_MODE, 'connection-string');
    assert.equal(fn!.Properties.Environment.Variables.AZURE_SECRET_ARN, partialArn);
    assert.equal(secretStatement?.Resource, `${partialArn}-??????`);
    for (const output of ['BucketName', 'DeliveryStreamName', 'FunctionRoleArn', 'AthenaWorkgroup', 'AthenaDatabase']) {
      assert.ok(template.findOutputs(output)[output], `output ${output}`);
    }
  });

  test('reads numbers, lists and durations given as strings, as `cdk deploy -c key=value` passes them', () => {
    // Act
    const { forwarder } = stackWith({
      azureSecret: SECRET_ARN,
      memorySize: '2048',
      timeoutSeconds: '600',
      tables: 'DeviceProcessEvents, DeviceInfo',
      tenantAllowList: ['11111111-2222-3333-4444-555555555555'],
      ocsfRetentionDays: '30',
      schedule: 'rate(10 minutes)',
      maxLagMinutes: '90',
      removalPolicy: 'destroy',
    });

    // Assess
    const { settings } = forwarder;
    assert.equal(settings.memorySize, 2048);
    assert.equal(settings.timeout.toSeconds(), 600);
    assert.deepEqual(settings.tables, ['DeviceProcessEvents', 'DeviceInfo']);
    assert.deepEqual(settings.tenantAllowList, ['11111111-2222-3333-4444-555555555555']);
    assert.equal(settings.retention.ocsf.toDays(), 30);
    assert.equal(settings.schedule.expressionString, 'rate(10 minutes)');
    assert.equal(settings.alarms.maxLag.toMinutes(), 90);
    assert.equal(settings.removalPolicy, 'destroy');
    assert.ok(settings.azureAuth.mode === 'connection-string' && settings.azureAuth.secret.secretArn === SECRET_ARN);
  });

  test('workload identity needs no secret in the context', () => {
    const { forwarder } = stackWith({
      azureAuthMode: 'workload-identity',
      azureSecret: '',
      azureAccountUrl: 'https://contosodefender.blob.core.windows.net',
      azureTenantId: '11111111-2222-3333-4444-555555555555',
      azureClientId: '66666666-7777-8888-9999-000000000000',
    });

    assert.equal(forwarder.settings.azureAuth.mode, 'workload-identity');
  });

  test('reports every bad context value together', () => {
    assert.throws(
      () =>
        stackWith({
          azureAuthMode: 'workload-identity',
          azureAccountUrl: 'contosodefender',
          memorySize: 'lots',
          bufferSizeMiB: '256',
          schedule: 'every 5 minutes',
          removalPolicy: 'snapshot',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of ['azureAuth.accountUrl', 'azureAuth.tenantId', 'azureAuth.clientId', 'memorySize', 'bufferSizeMiB', 'schedule', 'removalPolicy']) {
          assert.ok(error.message.includes(`  - ${name}:`), `${name} not reported in:\n${error.message}`);
        }
        return true;
      },
    );
  });

  test('the whole stack, nested stacks included, matches its snapshot (UPDATE_SNAPSHOTS=1 rewrites it)', () => {
    const actual = {
      stack: stable(fromCdkJson.toJSON()),
      nestedStacks: Object.fromEntries(Object.entries(nestedFromCdkJson).map(([id, template]) => [id, stable(template.toJSON())])),
    };

    if (process.env.UPDATE_SNAPSHOTS === '1') {
      mkdirSync(dirname(SNAPSHOT), { recursive: true });
      writeFileSync(SNAPSHOT, `${JSON.stringify(actual, null, 2)}\n`);
      return;
    }
    assert.ok(existsSync(SNAPSHOT), `no snapshot yet: run this test with UPDATE_SNAPSHOTS=1 and review ${SNAPSHOT}`);
    assert.deepEqual(actual, JSON.parse(readFileSync(SNAPSHOT, 'utf8')), 'the stack changed: review the diff, then rerun with UPDATE_SNAPSHOTS=1');
  });
});
