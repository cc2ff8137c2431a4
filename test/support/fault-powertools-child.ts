/**
 * The Lambda path's logging and metrics in a child process, so that a test can read exactly what
 * Powertools writes (its Logger prints JSON lines on stdout; the metrics are EMF on stdout).
 * For each text of FAULT_SECRET_TEXTS (a JSON array, e.g. connection strings and SAS URLs), logs at
 * every level a message and fields that hold it, in plain fields, nested ones and an Error; then
 * publishes the metrics of a pass.
 *
 * `FAULT_SECRET_TEXTS='["…"]' POWERTOOLS_LOG_LEVEL=DEBUG node --import tsx test/support/fault-powertools-child.ts`
 */
import { emptySummary } from '../../lambda/pass-summary.ts';
import { powertoolsLog, publishPassMetrics } from '../../lambda/telemetry/lambda-telemetry.ts';

for (const secret of JSON.parse(process.env.FAULT_SECRET_TEXTS ?? '[]') as string[]) {
  const fields = {
    connectionString: secret,
    nested: { source: { connectionString: secret, note: `from ${secret}` } },
    error: new Error(`cannot reach ${secret}`),
    list: [secret],
  };
  powertoolsLog.debug(`debug: connecting with ${secret}`, fields);
  powertoolsLog.info(`info: connecting with ${secret}`, fields);
  powertoolsLog.warn(`warn: connecting with ${secret}`, fields);
  powertoolsLog.error(`error: connecting with ${secret}`, fields);
}
publishPassMetrics({ ...emptySummary(), rowsRead: 3, recordsDelivered: 3 });
