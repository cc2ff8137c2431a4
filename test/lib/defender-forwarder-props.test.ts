import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { ConfigError } from '../../lambda/errors.ts';
import {
  AZURE_TOKEN_EXCHANGE_AUDIENCE,
  type DefenderForwarderProps,
  DEFAULTS,
  resolveProps,
} from '../../lib/defender-forwarder-props.ts';
import { ACCOUNT_URL, CLIENT_ID, SECRET_ARN, TENANT_ID } from './forwarder-fixture.ts';

const workloadIdentity = { mode: 'workload-identity', accountUrl: ACCOUNT_URL, tenantId: TENANT_ID, clientId: CLIENT_ID } as const;

function problemsOf(props: DefenderForwarderProps): string[] {
  try {
    resolveProps(props);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message.split('\n').slice(1).map((line) => line.replace(/^ {2}- /, ''));
  }
  return [];
}

describe('resolveProps', () => {
  test('applies every default when only the Azure auth is given', () => {
    // Act
    const settings = resolveProps({ azureAuth: workloadIdentity });

    // Assess
    assert.equal(settings.memorySize, 1024);
    assert.equal(settings.timeout.toSeconds(), 300);
    assert.equal(settings.schedule.expressionString, 'rate(5 minutes)');
    assert.equal(settings.bufferSizeMiB, 128);
    assert.equal(settings.lateWindowHours, 48);
    assert.equal(settings.fullSweepHours, 24);
    assert.equal(settings.metricsNamespace, 'DefenderForwarder');
    assert.equal(settings.alarms.maxLag.toSeconds(), 3600);
    assert.equal(settings.removalPolicy, RemovalPolicy.RETAIN);
    assert.equal(settings.glueStructDepth, 3);
    assert.deepEqual(settings.tenantAllowList, []);
    assert.deepEqual(settings.tables, []);
    assert.equal(settings.azureAuth.mode === 'workload-identity' && settings.azureAuth.audience, AZURE_TOKEN_EXCHANGE_AUDIENCE);
  });

  test('keeps what the caller gave over the defaults, field by field in nested settings', () => {
    // Act
    const settings = resolveProps({
      azureAuth: workloadIdentity,
      memorySize: 2048,
      schedule: Schedule.rate(Duration.minutes(10)),
      retention: { ocsf: Duration.days(30) },
      alarms: { maxLag: Duration.hours(3) },
    });

    // Assess
    assert.equal(settings.memorySize, 2048);
    assert.equal(settings.schedule.expressionString, 'rate(10 minutes)');
    assert.equal(settings.retention.ocsf.toDays(), 30);
    assert.equal(settings.retention.errors.toDays(), DEFAULTS.retention.errors.toDays());
    assert.equal(settings.alarms.maxLag.toHours(), 3);
    assert.equal(settings.alarms.noRowsFor.toHours(), DEFAULTS.alarms.noRowsFor.toHours());
  });

  test('reports every invalid setting together, in one error', () => {
    // Prepare
    const stack = new Stack(new App(), 'Props');
    const props: DefenderForwarderProps = {
      azureAuth: { mode: 'client-secret', secret: Secret.fromSecretCompleteArn(stack, 'S', SECRET_ARN), accountUrl: 'http://insecure.example' },
      memorySize: 64,
      timeout: Duration.minutes(20),
      bufferSizeMiB: 32,
      bufferInterval: Duration.seconds(10),
      tenantAllowList: ['not-a-guid'],
      tables: ['Device Events'],
      databaseName: 'Defender-OCSF',
      existingBucket: Bucket.fromBucketName(stack, 'B', 'existing-bucket'),
      retention: { ocsf: Duration.hours(12) },
      alarmTopic: Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:eu-west-1:123456789012:alarms'),
      alarmEmail: 'soc@example.com',
      glueStructDepth: 9,
    };

    // Act
    const problems = problemsOf(props);

    // Assess
    const expectedSubjects = [
      'azureAuth.accountUrl',
      'memorySize',
      'timeout',
      'bufferSizeMiB',
      'bufferInterval',
      'tenantAllowList',
      'tables',
      'databaseName',
      'retention:', // given with existingBucket
      'retention.ocsf',
      'alarmTopic, alarmEmail',
      'glueStructDepth',
    ];
    for (const subject of expectedSubjects) {
      assert.ok(problems.some((p) => p.startsWith(subject)), `no problem reported for ${subject} in:\n${problems.join('\n')}`);
    }
    assert.equal(problems.length, expectedSubjects.length, problems.join('\n'));
  });

  test('rejects a SAS token or a container path in the account URL, which would land in a plain environment variable', () => {
    const withSas = problemsOf({ azureAuth: { ...workloadIdentity, accountUrl: `${ACCOUNT_URL}/?sv=2024&sig=abc` } });
    const withContainer = problemsOf({ azureAuth: { ...workloadIdentity, accountUrl: `${ACCOUNT_URL}/insights-logs-advancedhunting-deviceevents` } });

    assert.match(withSas.join('\n'), /must not carry a query string/);
    assert.match(withContainer.join('\n'), /without a container or path/);
  });

  test('names what workload identity is missing', () => {
    const problems = problemsOf({ azureAuth: { mode: 'workload-identity', accountUrl: ACCOUNT_URL, tenantId: '', clientId: 'x' } });

    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['azureAuth.tenantId', 'azureAuth.clientId'],
    );
  });

  test('reports a missing or unknown auth mode and a secret-based mode without its secret', () => {
    const missing = problemsOf({} as DefenderForwarderProps);
    const unknown = problemsOf({ azureAuth: { mode: 'managed-identity' } } as unknown as DefenderForwarderProps);
    const noSecret = problemsOf({ azureAuth: { mode: 'connection-string' } } as unknown as DefenderForwarderProps);

    assert.match(missing[0] ?? '', /^azureAuth\.mode: missing/);
    assert.match(unknown[0] ?? '', /"managed-identity" is not supported/);
    assert.match(noSecret[0] ?? '', /^azureAuth\.secret/);
  });

  test('rejects an alarm freshness threshold that a normal buffer would trip', () => {
    const problems = problemsOf({
      azureAuth: workloadIdentity,
      bufferInterval: Duration.minutes(10),
      alarms: { maxDeliveryFreshness: Duration.minutes(5) },
    });

    assert.deepEqual(problems.map((p) => p.split(':')[0]), ['alarms.maxDeliveryFreshness']);
  });

  test('accepts the bounds of each range', () => {
    const settings = resolveProps({
      azureAuth: workloadIdentity,
      memorySize: 10240,
      timeout: Duration.minutes(15),
      bufferSizeMiB: 64,
      bufferInterval: Duration.seconds(900),
      alarms: { noRowsFor: Duration.days(1), maxDeliveryFreshness: Duration.minutes(16) },
    });

    assert.equal(settings.bufferSizeMiB, 64);
    assert.equal(settings.alarms.noRowsFor.toHours(), 24);
  });
});
