import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DefenderForwarder } from './defender-forwarder.ts';
import { forwarderPropsFromContext } from './forwarder-context.ts';

/** The deployable app: one {@link DefenderForwarder} configured from the CDK context (see `cdk.json`). */
export class DefenderForwarderStack extends Stack {
  readonly forwarder: DefenderForwarder;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      description: 'Forwards Microsoft Defender XDR exports from Azure Storage to S3 as OCSF, queryable in Athena',
      ...props,
    });
    this.forwarder = new DefenderForwarder(this, 'DefenderForwarder', forwarderPropsFromContext(this));

    const { forwarder } = this;
    new CfnOutput(this, 'BucketName', { value: forwarder.bucket.bucketName });
    new CfnOutput(this, 'DeliveryStreamName', { value: forwarder.deliveryStream.ref });
    new CfnOutput(this, 'FunctionName', { value: forwarder.function.functionName });
    new CfnOutput(this, 'FunctionRoleArn', {
      value: forwarder.function.role!.roleArn,
      description: 'Subject of the Entra ID federated credential (workload-identity mode)',
    });
    new CfnOutput(this, 'AthenaDatabase', { value: forwarder.database.ref });
    new CfnOutput(this, 'AthenaWorkgroup', { value: forwarder.workgroup.ref });
    new CfnOutput(this, 'Dashboard', { value: forwarder.dashboard.dashboardName });
  }
}
