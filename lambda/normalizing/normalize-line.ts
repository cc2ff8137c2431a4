import { isUtf8 } from 'node:buffer';
import { partitionKeysOf, type PartitionKeys } from '../batches/partitioning.ts';
import { errorMessage } from '../errors.ts';
import { normalizeRow, type Normalized } from '../ocsf/normalize.ts';
import { parseEnvelope } from '../rows/envelope.ts';
import type { LineFailure } from './line-batch.ts';

/** What one line of the export becomes; `rowTable` is the table its envelope names, once it parsed. */
export type LineOutcome =
  | { readonly kind: 'record'; readonly rowTable: string; readonly text: string; readonly json: string; readonly partition: PartitionKeys; readonly time: number; readonly mapped: boolean }
  | { readonly kind: 'filtered'; readonly rowTable: string }
  /**
   * `text` is the line decoded, when it was valid UTF-8; `mapped` is known when the mapper ran and
   * only serializing its record failed.
   */
  | { readonly kind: 'dead_letter'; readonly rowTable?: string; readonly text?: string; readonly mapped?: boolean; readonly failure: LineFailure };

/**
 * The CPU work of a pass for one line (neither blank nor oversized): UTF-8 check, envelope, tenant
 * filter, mapper, `JSON.stringify` and partition keys. The pipeline runs it inline and the normalize
 * workers run it per batch, so both give the same outcomes and the same messages.
 */
export function normalizeLine(bytes: Buffer, tableKey: string, tenantAllowList: ReadonlySet<string> | undefined): LineOutcome {
  if (!isUtf8(bytes)) return { kind: 'dead_letter', failure: { reason: 'invalid_utf8', error: 'the line is not valid UTF-8' } };
  const text = bytes.toString('utf8');
  const parsed = parseEnvelope(text, tableKey, bytes);
  if (!parsed.ok) {
    const { reason, error, table, tenantId } = parsed;
    return { kind: 'dead_letter', text, failure: { reason, error, ...(table && { table }), ...(tenantId && { tenantId }) } };
  }
  const { row } = parsed;
  if (tenantAllowList && !tenantAllowList.has(row.tenantId.toLowerCase())) return { kind: 'filtered', rowTable: row.table };
  let normalized: Normalized | undefined;
  let json: string;
  try {
    normalized = normalizeRow(row);
    json = JSON.stringify(normalized.record);
  } catch (error) {
    return {
      kind: 'dead_letter', rowTable: row.table, text, ...(normalized && { mapped: normalized.mapped }),
      failure: { reason: 'mapping_failed', error: `mapper for ${row.table} failed: ${errorMessage(error)}`, ...(row.table && { table: row.table }), ...(row.tenantId && { tenantId: row.tenantId }) },
    };
  }
  const { record, mapped } = normalized;
  return { kind: 'record', rowTable: row.table, text, json, partition: partitionKeysOf(record), time: record.time, mapped };
}
