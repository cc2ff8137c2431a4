import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { FIREHOSE_PARTITIONED_PREFIX, PARTITION_JQ_QUERY, PARTITION_KEY_NAMES } from '../../lambda/batches/partitioning.ts';
import { ConfigError } from '../../lambda/errors.ts';
import { BASE_EVENT_CLASS, classesByTable } from '../../lambda/ocsf/registry.ts';
import { checkTemplateBudget, OcsfAthenaCatalog } from '../../lib/athena/ocsf-athena-catalog.ts';
import { schemaClassOf } from '../../lib/athena/ocsf-glue-columns.ts';
import { DEFAULTS, resolveProps } from '../../lib/defender-forwarder-props.ts';
import { loadOcsfSchema } from '../../lib/ocsf-schema/schema.ts';
import { ACCOUNT_URL, CLIENT_ID, glueTableInputs, resourcesOf, statementsOfRole, synthForwarder, type TestForwarder, TENANT_ID } from './forwarder-fixture.ts';

const ENV_CONTRACT = new Set([
  'SINK_URI',
  'STATE_URI',
  'DEAD_LETTER_URI',
  'AZURE_AUTH_MODE',
  'AZURE_SECRET_ARN',
  'AZURE_ACCOUNT_URL',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'WEB_IDENTITY_AUDIENCE',
  'TENANT_ALLOW_LIST',
  'TABLES',
  'LATE_WINDOW_HOURS',
  'FULL_SWEEP_HOURS',
  'NORMALIZE_WORKERS',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  'NODE_OPTIONS',
]);

const bucketArnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const objectsUnder = (logicalId: string, prefix: string) => ({ 'Fn::Join': ['', [bucketArnOf(logicalId), `/${prefix}*`]] });

function only<T>(items: T[], what: string): T {
  assert.equal(items.length, 1, `expected exactly one ${what}, found ${items.length}`);
  return items[0]!;
}

describe('DefenderForwarder', () => {
  let standard: TestForwarder;
  let bucketId: string;
  let streamId: string;

  before(() => {
    standard = synthForwarder({ tenantAllowList: [TENANT_ID], tables: ['DeviceProcessEvents', 'DeviceInfo'] });
    bucketId = only(
      resourcesOf(standard.template, 'AWS::S3::Bucket').filter(([, b]) => b.Properties.VersioningConfiguration),
      'versioned bucket',
    )[0];
    streamId = only(resourcesOf(standard.template, 'AWS::KinesisFirehose::DeliveryStream'), 'delivery stream')[0];
  });

  describe('function', () => {
    test('runs on the newest Node.js runtime aws-cdk-lib offers, on ARM64, with the default timeout and memory', () => {
      const newest = Object.values(Runtime)
        .filter((r): r is Runtime => r instanceof Runtime && /^nodejs\d+\.x$/.test(r.name))
        .sort((a, b) => Number(b.name.match(/\d+/)![0]) - Number(a.name.match(/\d+/)![0]))[0]!;

      standard.template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: newest.name,
        Architectures: ['arm64'],
        Timeout: 300,
        MemorySize: 1024,
        Handler: 'index.handler',
        ReservedConcurrentExecutions: Match.absent(),
      });
    });

    test('is scheduled every 5 minutes and not retried when a run fails', () => {
      const fnId = only(resourcesOf(standard.template, 'AWS::Lambda::Function'), 'function')[0];

      standard.template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(5 minutes)',
        Targets: [Match.objectLike({ Arn: bucketArnOf(fnId) })],
      });
      standard.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    });

    test('logs to its own log group with a retention', () => {
      const fn = only(resourcesOf(standard.template, 'AWS::Lambda::Function'), 'function')[1];
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;

      assert.equal(standard.template.toJSON().Resources[logGroupId].Properties.RetentionInDays, 30);
    });

    test('gets the environment contract: where to read, write and fetch credentials, and no secret', () => {
      const variables = only(resourcesOf(standard.template, 'AWS::Lambda::Function'), 'function')[1].Properties.Environment.Variables;

      for (const name of Object.keys(variables)) assert.ok(ENV_CONTRACT.has(name), `${name} is not part of the runtime's contract`);
      assert.deepEqual(variables.SINK_URI, { 'Fn::Join': ['', ['firehose://', { Ref: streamId }]] });
      assert.deepEqual(variables.STATE_URI, { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/state']] });
      assert.deepEqual(variables.DEAD_LETTER_URI, { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/dead-letter']] });
      assert.equal(variables.AZURE_AUTH_MODE, 'workload-identity');
      assert.equal(variables.AZURE_ACCOUNT_URL, ACCOUNT_URL);
      assert.equal(variables.AZURE_TENANT_ID, TENANT_ID);
      assert.equal(variables.AZURE_CLIENT_ID, CLIENT_ID);
      assert.equal(variables.WEB_IDENTITY_AUDIENCE, 'api://AzureADTokenExchange');
      assert.equal(variables.TENANT_ALLOW_LIST, TENANT_ID);
      assert.equal(variables.TABLES, 'DeviceProcessEvents,DeviceInfo');
      assert.equal(variables.LATE_WINDOW_HOURS, '48');
      assert.equal(variables.FULL_SWEEP_HOURS, '24');
      assert.equal(variables.NORMALIZE_WORKERS, '0', 'the default 1024 MB is less than two vCPUs: no worker thread');
      assert.equal(variables.POWERTOOLS_METRICS_NAMESPACE, 'DefenderForwarder');
      assert.equal(variables.AZURE_SECRET_ARN, undefined);
    });

    test('may read and write only state/ and dead-letter/, and put only to its stream', () => {
      const statements = statementsOfRole(standard.template, 'lambda.amazonaws.com');
      const s3Objects = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:') && a !== 's3:ListBucket'));
      const list = only(statements.filter((s) => s.Action === 's3:ListBucket'), 'ListBucket statement');
      const firehose = only(statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('firehose:'))), 'Firehose statement');

      assert.deepEqual(
        s3Objects.flatMap((s) => [s.Resource].flat()),
        [objectsUnder(bucketId, 'dead-letter/'), objectsUnder(bucketId, 'state/')],
      );
      assert.deepEqual(list.Condition, { StringLike: { 's3:prefix': ['state/', 'state/*', 'dead-letter/', 'dead-letter/*'] } });
      assert.deepEqual(firehose.Action, ['firehose:PutRecord', 'firehose:PutRecordBatch']);
      assert.deepEqual(firehose.Resource, bucketArnOf(streamId));
    });
  });

  describe('delivery stream', () => {
    let destination: Record<string, any>;
    before(() => {
      destination = resourcesOf(standard.template, 'AWS::KinesisFirehose::DeliveryStream')[0]![1].Properties.ExtendedS3DestinationConfiguration;
    });

    test('splits aggregated records, partitions with the shared JQ query and ends each record with a newline', () => {
      const processors = destination.ProcessingConfiguration.Processors;
      const parameters = (type: string) =>
        Object.fromEntries(processors.find((p: { Type: string }) => p.Type === type).Parameters.map((p: Record<string, string>) => [p.ParameterName, p.ParameterValue]));

      assert.equal(destination.ProcessingConfiguration.Enabled, true);
      assert.deepEqual(processors.map((p: { Type: string }) => p.Type), ['RecordDeAggregation', 'MetadataExtraction', 'AppendDelimiterToRecord']);
      assert.deepEqual(parameters('RecordDeAggregation'), { SubRecordType: 'JSON' });
      assert.deepEqual(parameters('MetadataExtraction'), { MetadataExtractionQuery: PARTITION_JQ_QUERY, JsonParsingEngine: 'JQ-1.6' });
      assert.deepEqual(parameters('AppendDelimiterToRecord'), { Delimiter: '\\n' }); // the escaped newline, as the Firehose API spells it
      assert.deepEqual(destination.DynamicPartitioningConfiguration, { Enabled: true, RetryOptions: { DurationInSeconds: 300 } });
    });

    test('writes under ocsf/ with the partition keys the query extracts, errors under errors/', () => {
      assert.equal(destination.Prefix, `ocsf/${FIREHOSE_PARTITIONED_PREFIX}`);
      for (const key of PARTITION_KEY_NAMES) {
        assert.ok(destination.Prefix.includes(`${key}=!{partitionKeyFromQuery:${key}}/`), `prefix lacks ${key}`);
        assert.ok(PARTITION_JQ_QUERY.includes(`${key}:`), `the JQ query does not extract ${key}`);
      }
      assert.equal(destination.ErrorOutputPrefix, 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/');
      assert.deepEqual(destination.BucketARN, bucketArnOf(bucketId));
    });

    test('gzips 128 MiB / 300 s buffers, encrypts and logs', () => {
      assert.equal(destination.CompressionFormat, 'GZIP');
      assert.deepEqual(destination.BufferingHints, { SizeInMBs: 128, IntervalInSeconds: 300 });
      assert.equal(destination.CloudWatchLoggingOptions.Enabled, true);
      standard.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamType: 'DirectPut',
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      });
    });

    test('may write only its two prefixes, for this account only', () => {
      const statements = statementsOfRole(standard.template, 'firehose.amazonaws.com');
      const putObject = only(statements.filter((s) => [s.Action].flat().includes('s3:PutObject')), 'PutObject statement');

      assert.deepEqual(putObject.Resource, [objectsUnder(bucketId, 'errors/'), objectsUnder(bucketId, 'ocsf/')]);
      standard.template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Principal: { Service: 'firehose.amazonaws.com' },
              Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'AWS::AccountId' } } },
            }),
          ],
        },
      });
    });
  });

  describe('bucket', () => {
    test('is versioned, encrypted, private, SSL-only and logs its access to a separate bucket', () => {
      const bucket = standard.template.toJSON().Resources[bucketId].Properties;

      assert.deepEqual(bucket.VersioningConfiguration, { Status: 'Enabled' });
      assert.equal(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
      assert.deepEqual(bucket.PublicAccessBlockConfiguration, {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      assert.notEqual(bucket.LoggingConfiguration.DestinationBucketName.Ref, bucketId);
      standard.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    test('expires ocsf/, errors/ and dead-letter/ separately, and old versions', () => {
      const rules: Record<string, any>[] = standard.template.toJSON().Resources[bucketId].Properties.LifecycleConfiguration.Rules;
      const expiryOf = (prefix: string) => rules.find((r) => r.Prefix === prefix)?.ExpirationInDays;

      assert.equal(expiryOf('ocsf/'), 365);
      assert.equal(expiryOf('errors/'), 90);
      assert.equal(expiryOf('dead-letter/'), 90);
      assert.equal(expiryOf('state/'), undefined, 'state/ must never expire');
      assert.ok(rules.some((r) => r.Prefix === undefined && r.NoncurrentVersionExpiration?.NoncurrentDays === 30));
    });
  });

  describe('Athena', () => {
    test('has one Glue table per emitted OCSF class plus base_event, with partition projection', () => {
      const tables = glueTableInputs(standard.forwarder);
      const nestedParameters = resourcesOf(standard.template, 'AWS::CloudFormation::Stack').map(([, n]) => n.Properties.Parameters ?? {});
      const emitted = new Map<string, Set<string>>();
      for (const [table, classes] of classesByTable()) {
        if (!['DeviceProcessEvents', 'DeviceInfo'].includes(table)) continue;
        for (const className of classes) emitted.set(className, (emitted.get(className) ?? new Set()).add(table));
      }
      emitted.set(BASE_EVENT_CLASS, (emitted.get(BASE_EVENT_CLASS) ?? new Set()).add('DeviceInfo'));

      assert.deepEqual(tables.map((t) => t.Name).sort(), [...emitted.keys()].sort());
      for (const table of tables) {
        const p = table.Parameters;
        assert.equal(table.TableType, 'EXTERNAL_TABLE');
        assert.deepEqual(table.PartitionKeys, [
          { Name: 'class', Type: 'string' },
          { Name: 'table', Type: 'string' },
          { Name: 'dt', Type: 'string' },
        ]);
        assert.equal(p['projection.enabled'], 'true');
        assert.equal(p['projection.class.type'], 'enum');
        assert.equal(p['projection.class.values'], table.Name);
        assert.equal(p['projection.table.type'], 'enum');
        assert.deepEqual(p['projection.table.values'].split(',').sort(), [...emitted.get(table.Name)!].sort());
        assert.equal(p['projection.dt.type'], 'date');
        assert.equal(p['projection.dt.format'], 'yyyy-MM-dd');
        assert.equal(p['projection.dt.range'], '2020-01-01,NOW');
        const [, [scheme, bucketName, path]] = p['storage.location.template']['Fn::Join'];
        assert.deepEqual([scheme, path], ['s3://', '/ocsf/class=${class}/table=${table}/dt=${dt}/']);
        const inParent = table.Name === BASE_EVENT_CLASS;
        assert.ok(
          inParent ? bucketName.Ref === bucketId : nestedParameters.some((parameters) => JSON.stringify(parameters[bucketName.Ref]) === JSON.stringify({ Ref: bucketId })),
          inParent ? 'the bucket, referenced directly in the parent stack' : 'the bucket, passed to the nested stack',
        );
        assert.equal(table.StorageDescriptor.SerdeInfo.SerializationLibrary, 'org.openx.data.jsonserde.JsonSerDe');
        assert.equal(table.StorageDescriptor.Compressed, true);
        assert.deepEqual(
          table.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name),
          [...schemaClassOf(loadOcsfSchema(), table.Name).attributes.keys()],
        );
      }
    });

    test('leaves base_event open to any table when the forwarder reads every table', () => {
      const { forwarder } = synthForwarder();
      const baseEvent = glueTableInputs(forwarder).find((t) => t.Name === BASE_EVENT_CLASS)!;

      assert.equal(baseEvent.Parameters['projection.table.type'], 'injected');
      assert.equal(baseEvent.Parameters['projection.table.values'], undefined);
    });

    test('fits every class of the OCSF snapshot at the default depth, one nested stack per category but base_event\'s', () => {
      // Prepare: as if a mapper emitted every class.
      const schema = loadOcsfSchema();
      const plans = [...schema.classes.keys()].map((className) => ({ className }));
      const catalogAt = (glueStructDepth: number) => {
        const stack = new Stack(new App(), 'Catalog');
        const settings = resolveProps({ azureAuth: { mode: 'workload-identity', accountUrl: ACCOUNT_URL, tenantId: TENANT_ID, clientId: CLIENT_ID }, glueStructDepth });
        return new OcsfAthenaCatalog(stack, 'Athena', { bucket: Bucket.fromBucketName(stack, 'B', 'lake'), schema, plans, settings });
      };

      // Act
      const catalog = catalogAt(DEFAULTS.glueStructDepth);

      // Assess
      const categories = new Set([...schema.classes.values()].filter((c) => c.name !== BASE_EVENT_CLASS).map((c) => c.categoryName));
      assert.equal(catalog.tables.size, plans.length);
      assert.deepEqual([...catalog.tableStacks.keys()].sort(), [...categories].sort());
      assert.equal(catalogAt(4).tables.size, plans.length, 'the deepest allowed setting fits too');
    });

    test('refuses tables that would overflow a template, naming the setting to lower', () => {
      const input = { name: 'process_activity', storageDescriptor: { columns: [{ name: 'actor', type: `struct<${'x:string,'.repeat(200)}y:int>` }] } };

      assert.doesNotThrow(() => checkTemplateBudget('System Activity', [input], 3));
      assert.throws(
        () => checkTemplateBudget('System Activity', [input], 3, 1000),
        (error: Error) => error instanceof ConfigError && /^glueStructDepth: the System Activity tables at depth 3/.test(error.message),
      );
    });

    test('has a workgroup that enforces its encrypted results location', () => {
      standard.template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'defender_ocsf' } });
      standard.template.hasResourceProperties('AWS::Athena::WorkGroup', {
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          ResultConfiguration: {
            OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/athena-results/']] },
            EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          },
        },
      });
    });
  });

  describe('alarms and dashboard', () => {
    test('alarm on failures, dead letters, lag, silence and every Firehose trouble, with one dashboard', () => {
      const alarms = resourcesOf(standard.template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
      const byMetric = (name: string) => only(alarms.filter((a) => a.MetricName === name), `alarm on ${name}`);

      assert.ok(alarms.length >= 3);
      assert.equal(standard.forwarder.alarms.length, alarms.length);
      assert.equal(byMetric('Errors').Namespace, 'AWS/Lambda');
      assert.deepEqual(
        { ns: byMetric('DeadLettered').Namespace, stat: byMetric('DeadLettered').Statistic, op: byMetric('DeadLettered').ComparisonOperator, t: byMetric('DeadLettered').Threshold },
        { ns: 'DefenderForwarder', stat: 'Sum', op: 'GreaterThanThreshold', t: 0 },
      );
      assert.deepEqual(byMetric('DeadLettered').Dimensions, [{ Name: 'service', Value: 'defender-forwarder' }]);
      assert.equal(byMetric('LagSeconds').Threshold, 3600);
      assert.equal(byMetric('LagSeconds').Statistic, 'Maximum');
      const rowsRead = byMetric('RowsRead');
      assert.equal(rowsRead.TreatMissingData, 'breaching');
      assert.equal(rowsRead.Period, 6 * 3600);
      assert.equal(rowsRead.ComparisonOperator, 'LessThanOrEqualToThreshold');
      assert.equal(rowsRead.Threshold, 0);
      const success = byMetric('DeliveryToS3.Success');
      assert.equal(success.Namespace, 'AWS/Firehose');
      assert.deepEqual(success.Dimensions, [{ Name: 'DeliveryStreamName', Value: { Ref: streamId } }]);
      assert.equal(success.ComparisonOperator, 'LessThanThreshold');
      assert.equal(success.Threshold, 1);
      for (const metric of ['DeliveryToS3.DataFreshness', 'ThrottledRecords', 'PartitionCountExceeded']) byMetric(metric);
      standard.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      for (const alarm of alarms) assert.equal(alarm.AlarmActions, undefined, 'no topic was configured');
    });

    test('notify an e-mail topic on ALARM and OK when an address is given', () => {
      const { template, forwarder } = synthForwarder({ alarmEmail: 'soc@example.com' });
      const topicId = only(resourcesOf(template, 'AWS::SNS::Topic'), 'topic')[0];

      assert.ok(forwarder.topic);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'soc@example.com', TopicArn: { Ref: topicId } });
      for (const [, alarm] of resourcesOf(template, 'AWS::CloudWatch::Alarm')) {
        assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: topicId }]);
        assert.deepEqual(alarm.Properties.OKActions, [{ Ref: topicId }]);
      }
    });
  });

  describe('options', () => {
    test('a customer-managed key encrypts the bucket, the stream, the Athena results and the alarm topic', () => {
      const { template } = synthForwarder((stack) => ({ encryptionKey: new Key(stack, 'Key', { enableKeyRotation: true }), alarmEmail: 'soc@example.com' }));
      const keyArn = { 'Fn::GetAtt': [only(resourcesOf(template, 'AWS::KMS::Key'), 'key')[0], 'Arn'] };

      template.hasResourceProperties('AWS::S3::Bucket', {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } },
          ],
        },
      });
      template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArn },
      });
      template.hasResourceProperties('AWS::Athena::WorkGroup', {
        WorkGroupConfiguration: { ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: keyArn } } },
      });
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    });

    test('an existing bucket is used as is: no bucket is created and the grants name it', () => {
      const { template, forwarder } = synthForwarder((stack) => ({ existingBucket: Bucket.fromBucketName(stack, 'Existing', 'my-security-lake') }));
      const statements = statementsOfRole(template, 'lambda.amazonaws.com');

      template.resourceCountIs('AWS::S3::Bucket', 0);
      assert.equal(forwarder.bucket.bucketName, 'my-security-lake');
      assert.ok(
        statements.some((s) => JSON.stringify(s.Resource).includes(':s3:::my-security-lake/state/*')),
        'the function may write the existing bucket\'s state/',
      );
    });

    test('settings reach the resources: schedule, memory, timeout, buffering and thresholds', () => {
      const { template } = synthForwarder({
        schedule: Schedule.rate(Duration.minutes(15)),
        memorySize: 2048,
        timeout: Duration.minutes(10),
        bufferSizeMiB: 64,
        bufferInterval: Duration.seconds(120),
        alarms: { maxLag: Duration.hours(2), noRowsFor: Duration.hours(12) },
        lateWindowHours: 72,
      });
      const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);

      template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
      template.hasResourceProperties('AWS::Lambda::Function', {
        MemorySize: 2048,
        Timeout: 600,
        Environment: { Variables: Match.objectLike({ LATE_WINDOW_HOURS: '72', NORMALIZE_WORKERS: '0' }) },
      });
      template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        ExtendedS3DestinationConfiguration: Match.objectLike({ BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 120 } }),
      });
      assert.equal(alarms.find((a) => a.MetricName === 'LagSeconds')?.Threshold, 7200);
      assert.equal(alarms.find((a) => a.MetricName === 'RowsRead')?.Period, 12 * 3600);
    });

    test('normalize workers follow the memory, one per vCPU beyond the main thread\'s, unless given', () => {
      const azureAuth = { mode: 'workload-identity', accountUrl: ACCOUNT_URL, tenantId: TENANT_ID, clientId: CLIENT_ID } as const;
      const workersAt = (memorySize: number, normalizeWorkers?: number) => resolveProps({ azureAuth, memorySize, normalizeWorkers }).normalizeWorkers;
      const { template } = synthForwarder({ memorySize: 3538 });

      template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 3538, Environment: { Variables: Match.objectLike({ NORMALIZE_WORKERS: '1' }) } });
      assert.deepEqual([128, 1024, 3537, 3538, 5306, 5307, 10240].map((mb) => workersAt(mb)), [0, 0, 0, 1, 1, 2, 4]);
      assert.equal(workersAt(1024, 2), 2);
      assert.equal(workersAt(10240, 0), 0);
      assert.throws(() => resolveProps({ azureAuth, normalizeWorkers: 1.5 }), (error: unknown) => error instanceof ConfigError && error.message.includes('  - normalizeWorkers:'));
    });
  });
});
