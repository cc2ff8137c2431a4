import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../lambda/errors.ts';
import { DefenderForwarderStack } from '../lib/defender-forwarder-stack.ts';

const app = new App();
try {
  new DefenderForwarderStack(app, String(app.node.tryGetContext('stackName') ?? 'DefenderForwarder'), {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // The message already lists every problem, one per line; a stack trace would only bury it.
  console.error(error.message);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
