import { fileURLToPath } from 'node:url';
import { Stack, Validations } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ResolvedForwarderProps } from '../defender-forwarder-props.ts';
import { acknowledgeWildcardResource } from '../nag/acknowledge.ts';
import { BUCKET_PREFIXES } from '../storage/bucket-layout.ts';
import { ESM_REQUIRE_BANNER } from './esm-banner.ts';
import { forwarderEnvironment } from './forwarder-environment.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HANDLER_ENTRY = fileURLToPath(new URL('../../lambda/handler.ts', import.meta.url));

/** The newest Node.js runtime this aws-cdk-lib knows (cdk-nag's AwsSolutions-L1 insists on it). */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;


export interface ForwarderFunctionProps {
  readonly bucket: IBucket;
  readonly encryptionKey?: IKey;
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  readonly settings: ResolvedForwarderProps;
}

/**
 * The scheduled function that reads the Defender export and sends OCSF records to Firehose. Runs never
 * overlap on the same checkpoints because the runtime takes a lease object (`state/lease.json`) itself;
 * reserved concurrency is not used for that.
 */
export class ForwarderFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ForwarderFunctionProps) {
    super(scope, id);
    const { bucket, settings } = props;

    this.logGroup = new LogGroup(this, 'Logs', { retention: settings.logRetention });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Defender forwarder function: reads Azure, writes OCSF to Firehose and its state to S3.',
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: HANDLER_ENTRY,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: settings.memorySize,
      timeout: settings.timeout,
      role: this.role,
      logGroup: this.logGroup,
      description: 'Forwards Microsoft Defender XDR exports from Azure Storage to Firehose as OCSF',
      environment: forwarderEnvironment(settings, {
        deliveryStreamName: props.deliveryStreamName,
        bucketName: bucket.bucketName,
      }),
      // A failed run is not retried: the next scheduled run resumes from the checkpoints anyway.
      retryAttempts: 0,
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // The AWS SDK is bundled too rather than taken from the runtime: the pinned versions are the
        // tested ones (S3 conditional writes among them).
        externalModules: [],
        forceDockerBundling: false,
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
      },
    });

    this.rule = new Rule(this, 'Schedule', {
      schedule: settings.schedule,
      description: 'Runs the Defender forwarder',
      targets: [new LambdaFunction(this.function, { retryAttempts: 2 })],
    });

    this.grantBucketAccess(bucket, props.encryptionKey);
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [props.deliveryStreamArn],
      }),
    );
    this.grantAzureCredentialAccess(settings);
  }

  /** Read and write `state/` and `dead-letter/` only (the lease is created, replaced and deleted there). */
  private grantBucketAccess(bucket: IBucket, encryptionKey: IKey | undefined): void {
    const prefixes = [BUCKET_PREFIXES.state, BUCKET_PREFIXES.deadLetter];
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': prefixes.flatMap((prefix) => [prefix, `${prefix}*`]) } },
      }),
    );
    if (encryptionKey) {
      this.role.addToPolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    acknowledgeWildcardResource(
      this.role,
      bucket.arnForObjects(`${BUCKET_PREFIXES.state}*`),
      'The function owns every object under state/ (a checkpoint per container, the lease); their names are made at run time.',
    );
    acknowledgeWildcardResource(
      this.role,
      bucket.arnForObjects(`${BUCKET_PREFIXES.deadLetter}*`),
      'The function writes one dead-letter object per failed batch under dead-letter/; their names are made at run time.',
    );
  }

  private grantAzureCredentialAccess(settings: ResolvedForwarderProps): void {
    const auth = settings.azureAuth;
    if (auth.mode !== 'workload-identity') {
      auth.secret.grantRead(this.role);
      return;
    }
    // The function asks STS for a signed JWT to present to Entra ID; the action has no resource to scope
    // to, so the audience condition is what narrows it.
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['sts:GetWebIdentityToken'],
        resources: ['*'],
        conditions: {
          'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': [auth.audience] },
          Null: { 'sts:IdentityTokenAudience': 'false' },
        },
      }),
    );
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'sts:GetWebIdentityToken has no resource type; the statement is limited to this one action and the Entra ID audience.',
    });
  }
}
