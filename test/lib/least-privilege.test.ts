import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import {
  ACCOUNT_URL,
  CLIENT_ID,
  newTestApp,
  policyStatements,
  type PropsFactory,
  SECRET_ARN,
  statementsOfRole,
  synthForwarder,
  TENANT_ID,
  TEST_ENV,
  withSecret,
} from './forwarder-fixture.ts';

type SynthTemplate = ReturnType<typeof synthForwarder>['template'];

/** Synthesizes with cdk-nag's AwsSolutions pack, which fails the synth on any unacknowledged finding. */
function synthChecked(props: PropsFactory | Record<string, never> = {}): SynthTemplate {
  const { template } = synthForwarder(props, { nag: true });
  for (const statement of policyStatements(template)) {
    const actions: string[] = [statement.Action].flat();
    const resources: unknown[] = [statement.Resource].flat();
    assert.ok(!actions.includes('*'), `Action "*" in ${JSON.stringify(statement)}`);
    if (resources.includes('*')) {
      assert.ok(!actions.some((a) => a.includes('*')), `wildcard action on Resource "*": ${JSON.stringify(statement)}`);
    }
  }
  return template;
}

function functionEnvironment(template: SynthTemplate): Record<string, unknown> {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
  return fn!.Properties.Environment.Variables;
}

const actionsOf = (statements: Record<string, any>[]): string[] => statements.flatMap((s) => [s.Action].flat());

describe('Azure auth modes (each synthesized with cdk-nag, no wildcard action on every resource)', () => {
  for (const mode of ['connection-string', 'client-secret', 'client-certificate'] as const) {
    test(`${mode}: the function gets the secret's ARN and may read that one secret`, () => {
      // Act
      const template = synthChecked(withSecret(mode));

      // Assess
      const environment = functionEnvironment(template);
      const statements = statementsOfRole(template, 'lambda.amazonaws.com');
      const secretStatements = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
      assert.equal(environment.AZURE_AUTH_MODE, mode);
      assert.equal(environment.AZURE_SECRET_ARN, SECRET_ARN);
      assert.equal(environment.AZURE_ACCOUNT_URL, mode === 'connection-string' ? undefined : ACCOUNT_URL);
      for (const absent of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'WEB_IDENTITY_AUDIENCE']) assert.equal(environment[absent], undefined, absent);
      assert.deepEqual(secretStatements.flatMap((s) => [s.Resource].flat()), [SECRET_ARN]);
      assert.deepEqual(actionsOf(secretStatements).sort(), ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
      assert.ok(!actionsOf(statements).includes('sts:GetWebIdentityToken'));
    });
  }

  test('workload-identity: no secret; the function may ask STS for a token for the Entra ID audience only', () => {
    // Act
    const template = synthChecked();

    // Assess
    const environment = functionEnvironment(template);
    const statements = statementsOfRole(template, 'lambda.amazonaws.com');
    const sts = statements.filter((s) => actionsOf([s]).includes('sts:GetWebIdentityToken'));
    assert.equal(environment.AZURE_SECRET_ARN, undefined);
    assert.equal(environment.AZURE_TENANT_ID, TENANT_ID);
    assert.equal(environment.AZURE_CLIENT_ID, CLIENT_ID);
    assert.equal(sts.length, 1);
    assert.equal(sts[0]!.Action, 'sts:GetWebIdentityToken');
    assert.deepEqual(sts[0]!.Condition, {
      'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['api://AzureADTokenExchange'] },
      Null: { 'sts:IdentityTokenAudience': 'false' },
    });
    assert.ok(!actionsOf(statements).some((a) => a.startsWith('secretsmanager:')));
  });

  test('workload-identity: a custom audience reaches both the environment and the IAM condition', () => {
    const audience = 'api://defender-forwarder';
    const { template } = synthForwarder({
      azureAuth: { mode: 'workload-identity', accountUrl: ACCOUNT_URL, tenantId: TENANT_ID, clientId: CLIENT_ID, audience },
    });

    const sts = statementsOfRole(template, 'lambda.amazonaws.com').find((s) => s.Action === 'sts:GetWebIdentityToken');
    assert.equal(functionEnvironment(template).WEB_IDENTITY_AUDIENCE, audience);
    assert.deepEqual(sts?.Condition['ForAllValues:StringEquals'], { 'sts:IdentityTokenAudience': [audience] });
  });
});

describe('cdk-nag on the other shapes of the stack', () => {
  test('a customer-managed key with e-mail alarms: nothing unacknowledged, KMS use only through S3', () => {
    const template = synthChecked((stack) => ({
      ...withSecret('connection-string')(stack),
      encryptionKey: new Key(stack, 'Key', { enableKeyRotation: true }),
      alarmEmail: 'soc@example.com',
    }));

    const kms = statementsOfRole(template, 'lambda.amazonaws.com').filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
    assert.deepEqual(actionsOf(kms).sort(), ['kms:Decrypt', 'kms:GenerateDataKey']);
    assert.deepEqual(kms[0]!.Condition, { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
  });

  test('an existing bucket and alarm topic: nothing unacknowledged', () => {
    const template = synthChecked((stack) => ({
      existingBucket: Bucket.fromBucketName(stack, 'Existing', 'my-security-lake'),
      alarmTopic: Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:123456789012:soc-alarms'),
    }));

    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('the check is live: an unacknowledged finding fails the synth', () => {
    // Prepare
    const app = newTestApp({ nag: true });
    const stack = new Stack(app, 'Careless', { env: TEST_ENV });
    new Bucket(stack, 'PlainBucket');

    // Act + Assess (the validation report is printed on the console: keep it out of the test output)
    const { error: printError, log: printLog } = console;
    console.error = console.log = () => {};
    try {
      assert.throws(() => Template.fromStack(stack), /Validation failed/);
    } finally {
      Object.assign(console, { error: printError, log: printLog });
    }
  });
});
