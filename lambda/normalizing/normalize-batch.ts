import { isUtf8 } from 'node:buffer';
import { partitionKeysOf } from '../batches/partitioning.ts';
import { errorMessage } from '../errors.ts';
import { normalizeRow } from '../ocsf/normalize.ts';
import { parseEnvelope } from '../rows/envelope.ts';
import {
  NO_STRING, OUTCOME_DEAD_LETTER, OUTCOME_FILTERED, OUTCOME_RECORD,
  type LineBatch, type LineFailure, type LineOutcomes,
} from './line-batch.ts';

/**
 * The CPU work of a pass for one batch of lines, as a worker does it: UTF-8 check, envelope,
 * tenant filter, mapper, `JSON.stringify` and partition keys, the same steps and messages as the
 * pipeline's inline path. Blank and oversized lines never get here. Throws only on a malformed batch.
 */
export function normalizeBatch(batch: LineBatch, tenantAllowList: ReadonlySet<string> | undefined): LineOutcomes {
  const { id, bounds, tableKey } = batch;
  const count = bounds.length / 2;
  if (!Number.isInteger(count) || (count > 0 && bounds[bounds.length - 1]! > batch.bytes.length)) {
    throw new RangeError(`batch ${id}: ${bounds.length} bounds do not describe lines within ${batch.bytes.length} bytes`);
  }
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const kinds = new Uint8Array(count);
  const jsonLengths = new Uint32Array(count);
  const times = new Float64Array(count);
  const classes = new Uint32Array(count).fill(NO_STRING);
  const tables = new Uint32Array(count).fill(NO_STRING);
  const dts = new Uint32Array(count).fill(NO_STRING);
  const rowTables = new Uint32Array(count).fill(NO_STRING);
  const unmapped = new Uint8Array(count);
  const failures: LineFailure[] = [];
  const json: string[] = [];
  const strings: string[] = [];
  const indexes = new Map<string, number>();
  const indexOf = (value: string): number => {
    let index = indexes.get(value);
    if (index === undefined) {
      index = strings.push(value) - 1;
      indexes.set(value, index);
    }
    return index;
  };
  const fail = (i: number, failure: LineFailure): void => {
    kinds[i] = OUTCOME_DEAD_LETTER;
    failures.push(failure);
  };

  for (let i = 0; i < count; i++) {
    const start = bounds[2 * i]!;
    const end = bounds[2 * i + 1]!;
    if (start > end) throw new RangeError(`batch ${id}: line ${i} ends before it starts`);
    const line = bytes.subarray(start, end);
    if (!isUtf8(line)) {
      fail(i, { reason: 'invalid_utf8', error: 'the line is not valid UTF-8' });
      continue;
    }
    const text = line.toString('utf8');
    const parsed = parseEnvelope(text, tableKey, line);
    if (!parsed.ok) {
      fail(i, { reason: parsed.reason, error: parsed.error, ...(parsed.table && { table: parsed.table }), ...(parsed.tenantId && { tenantId: parsed.tenantId }) });
      continue;
    }
    const row = parsed.row;
    rowTables[i] = indexOf(row.table);
    if (tenantAllowList && !tenantAllowList.has(row.tenantId.toLowerCase())) {
      kinds[i] = OUTCOME_FILTERED;
      continue;
    }
    let record;
    let recordJson: string;
    try {
      const normalized = normalizeRow(row);
      record = normalized.record;
      if (!normalized.mapped) unmapped[i] = 1;
      recordJson = JSON.stringify(record);
    } catch (error) {
      fail(i, {
        reason: 'mapping_failed', error: `mapper for ${row.table} failed: ${errorMessage(error)}`,
        ...(row.table && { table: row.table }), ...(row.tenantId && { tenantId: row.tenantId }),
      });
      continue;
    }
    const partition = partitionKeysOf(record);
    kinds[i] = OUTCOME_RECORD;
    json.push(recordJson);
    jsonLengths[i] = recordJson.length;
    times[i] = record.time;
    classes[i] = indexOf(partition.class);
    tables[i] = indexOf(partition.table);
    dts[i] = indexOf(partition.dt);
  }
  return { id, kinds, json: json.join(''), jsonLengths, times, strings, classes, tables, dts, rowTables, unmapped, failures };
}
