import type { Context } from 'aws-lambda';
import { resolveAzureSource } from './config/azure-credentials.ts';
import { readLambdaEnvironment } from './config/lambda-environment.ts';
import { LeaseHeldError } from './errors.ts';
import type { PassSummary } from './pass-summary.ts';
import { runPass } from './pipeline.ts';
import { logger, powertoolsLog, publishPassMetrics } from './telemetry/lambda-telemetry.ts';

const settings = readLambdaEnvironment(process.env);
let source: ReturnType<typeof resolveAzureSource> | undefined;

/**
 * Scheduled entry point: one pass under the lease, stopping before the timeout so that what was
 * delivered is checkpointed and a backlog drains over several invocations.
 */
export async function handler(_event: unknown, context: Context): Promise<PassSummary | { skipped: string }> {
  logger.addContext(context);
  source ??= resolveAzureSource(settings.auth).catch((error) => {
    source = undefined;
    throw error;
  });
  const deadline = Date.now() + context.getRemainingTimeInMillis() - settings.safetyMarginMs;
  try {
    const summary = await runPass({ ...settings.pass, source: await source, deadline }, { log: powertoolsLog });
    logger.info('pass complete', { summary });
    publishPassMetrics(summary);
    return summary;
  } catch (error) {
    if (error instanceof LeaseHeldError) {
      logger.info('another pass is running; this invocation exits', { reason: error.message });
      return { skipped: 'lease_held' };
    }
    throw error;
  }
}
