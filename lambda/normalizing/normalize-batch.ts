import {
  JsonPieceWriter, NO_STRING, OUTCOME_DEAD_LETTER, OUTCOME_FILTERED, OUTCOME_RECORD,
  type LineBatch, type LineFailure, type LineOutcomes,
} from './line-batch.ts';
import { normalizeLine } from './normalize-line.ts';

/**
 * The CPU work of a pass for one batch of lines, as a worker does it: {@link normalizeLine}, the
 * inline path's own step, per line, its outcomes gathered into arrays. Blank and oversized lines
 * never get here. Throws only on a malformed batch.
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
  const json = new JsonPieceWriter();
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

  for (let i = 0; i < count; i++) {
    const start = bounds[2 * i]!;
    const end = bounds[2 * i + 1]!;
    if (start > end) throw new RangeError(`batch ${id}: line ${i} ends before it starts`);
    const outcome = normalizeLine(bytes.subarray(start, end), tableKey, tenantAllowList);
    if (outcome.rowTable !== undefined) rowTables[i] = indexOf(outcome.rowTable);
    if (outcome.kind === 'dead_letter') {
      kinds[i] = OUTCOME_DEAD_LETTER;
      if (outcome.mapped === false) unmapped[i] = 1;
      failures.push(outcome.failure);
    } else if (outcome.kind === 'filtered') {
      kinds[i] = OUTCOME_FILTERED;
    } else {
      const { json: recordJson, partition } = outcome;
      kinds[i] = OUTCOME_RECORD;
      if (!outcome.mapped) unmapped[i] = 1;
      json.add(recordJson);
      jsonLengths[i] = recordJson.length;
      times[i] = outcome.time;
      classes[i] = indexOf(partition.class);
      tables[i] = indexOf(partition.table);
      dts[i] = indexOf(partition.dt);
    }
  }
  return { id, bytes: batch.bytes, kinds, json: json.finish(), jsonLengths, times, strings, classes, tables, dts, rowTables, unmapped, failures };
}
