import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PassSummary } from '../pass-summary.ts';
import type { Log } from './log.ts';
import { redact } from './redact.ts';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'defender-forwarder' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DefenderForwarder',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'defender-forwarder',
});

/** The pipeline's Log on top of Powertools' structured JSON logger, with the same redaction as the CLI. */
export const powertoolsLog: Log = {
  debug: (message, fields) => logger.debug(redact(message), redactFields(fields)),
  info: (message, fields) => logger.info(redact(message), redactFields(fields)),
  warn: (message, fields) => logger.warn(redact(message), redactFields(fields)),
  error: (message, fields) => logger.error(redact(message), redactFields(fields)),
};

/** EMF metrics for a pass: volumes, failures, schema drift and lag per table. */
export function publishPassMetrics(summary: PassSummary): void {
  metrics.addMetric('RowsRead', MetricUnit.Count, summary.rowsRead);
  metrics.addMetric('RecordsDelivered', MetricUnit.Count, summary.recordsDelivered);
  metrics.addMetric('DeadLettered', MetricUnit.Count, summary.deadLettered);
  metrics.addMetric('Filtered', MetricUnit.Count, summary.filtered);
  metrics.addMetric('BytesRead', MetricUnit.Bytes, summary.bytesRead);
  metrics.addMetric('BlobsRead', MetricUnit.Count, summary.blobsRead);
  metrics.addMetric('AzureRequests', MetricUnit.Count, summary.azureRequests.total);
  metrics.addMetric('CheckpointConflicts', MetricUnit.Count, summary.checkpointConflicts);
  metrics.addMetric('NewTables', MetricUnit.Count, summary.newTables.length);
  const lags = Object.values(summary.tables).map((t) => t.lagSeconds).filter((l): l is number => l !== undefined);
  if (lags.length) metrics.addMetric('LagSeconds', MetricUnit.Seconds, Math.max(...lags));
  metrics.publishStoredMetrics();
  for (const [table, stats] of Object.entries(summary.tables)) {
    if (stats.lagSeconds === undefined) continue;
    const perTable = metrics.singleMetric();
    perTable.addDimension('Table', table);
    perTable.addMetric('TableLagSeconds', MetricUnit.Seconds, stats.lagSeconds);
    perTable.addMetric('TableRowsRead', MetricUnit.Count, stats.rows);
  }
}

function redactFields(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  return JSON.parse(redact(JSON.stringify(fields, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v))));
}
