import { readFileSync } from 'node:fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DefenderForwarder } from '../../lib/defender-forwarder.ts';
import type { DefenderForwarderProps } from '../../lib/defender-forwarder-props.ts';

/** The context `cdk.json` gives the real app (feature flags included), so tests build what `cdk synth` builds. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

export const TEST_ENV = { account: '123456789012', region: 'eu-west-1' } as const;
export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const CLIENT_ID = '66666666-7777-8888-9999-000000000000';
export const ACCOUNT_URL = 'https://contosodefender.blob.core.windows.net';
export const SECRET_ARN = `arn:aws:secretsmanager:${TEST_ENV.region}:${TEST_ENV.account}:secret:defender-forwarder/azure-AbCdEf`;

export interface TestAppOptions {
  /** Bundle the function with esbuild (slow); otherwise bundling is skipped. */
  readonly bundle?: boolean;
  /** Run cdk-nag's AwsSolutions pack on synth, as `bin/app.ts` does. */
  readonly nag?: boolean;
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
}

export function newTestApp(options: TestAppOptions = {}): App {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: {
      ...CDK_JSON_CONTEXT,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

export type PropsFactory = (stack: Stack) => Partial<DefenderForwarderProps>;

export interface TestForwarder {
  readonly app: App;
  readonly stack: Stack;
  readonly forwarder: DefenderForwarder;
  readonly template: Template;
}

/** A stack holding one forwarder. Auth defaults to workload identity; `props` may override anything. */
export function synthForwarder(props: Partial<DefenderForwarderProps> | PropsFactory = {}, options: TestAppOptions = {}): TestForwarder {
  const app = newTestApp(options);
  const stack = new Stack(app, 'Test', { env: TEST_ENV });
  const overrides = typeof props === 'function' ? props(stack) : props;
  const forwarder = new DefenderForwarder(stack, 'Forwarder', {
    azureAuth: { mode: 'workload-identity', accountUrl: ACCOUNT_URL, tenantId: TENANT_ID, clientId: CLIENT_ID },
    ...overrides,
  });
  return { app, stack, forwarder, template: Template.fromStack(stack) };
}

/** Props for a secret-based mode, with the secret imported into the test stack. */
export function withSecret(mode: 'connection-string' | 'client-secret' | 'client-certificate'): PropsFactory {
  return (stack) => {
    const secret = Secret.fromSecretCompleteArn(stack, 'AzureSecret', SECRET_ARN);
    return { azureAuth: mode === 'connection-string' ? { mode, secret } : { mode, secret, accountUrl: ACCOUNT_URL } };
  };
}

/** Every resource of `type` in the template, as `[logicalId, resource]`. */
export function resourcesOf(template: Template, type: string): [string, { Properties: Record<string, any> }][] {
  return Object.entries(template.findResources(type)) as [string, { Properties: Record<string, any> }][];
}

/** The `TableInput` of every Glue table, read from the nested stacks that hold them. */
export function glueTableInputs(forwarder: DefenderForwarder): Record<string, any>[] {
  const stacks = new Set([...forwarder.tables.values()].map((table) => Stack.of(table)));
  return [...stacks].flatMap((stack) => resourcesOf(Template.fromStack(stack), 'AWS::Glue::Table').map(([, t]) => t.Properties.TableInput));
}

/** Every statement of every IAM policy (inline `AWS::IAM::Policy` and role policies) in the template. */
export function policyStatements(template: Template): Record<string, any>[] {
  const statements: Record<string, any>[] = [];
  for (const [, policy] of resourcesOf(template, 'AWS::IAM::Policy')) statements.push(...policy.Properties.PolicyDocument.Statement);
  for (const [, role] of resourcesOf(template, 'AWS::IAM::Role')) {
    for (const inline of role.Properties.Policies ?? []) statements.push(...inline.PolicyDocument.Statement);
  }
  return statements;
}

/** The statements of the policies attached to the role that `servicePrincipal` (e.g. `lambda.amazonaws.com`) assumes. */
export function statementsOfRole(template: Template, servicePrincipal: string): Record<string, any>[] {
  const roleIds = resourcesOf(template, 'AWS::IAM::Role')
    .filter(([, role]) => role.Properties.AssumeRolePolicyDocument.Statement.some((s: any) => s.Principal?.Service === servicePrincipal))
    .map(([id]) => id);
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((r: { Ref: string }) => roleIds.includes(r.Ref)))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}
