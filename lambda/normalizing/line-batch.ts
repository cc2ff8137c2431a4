import type { DeadLetterReason } from '../dead-letter/dead-letter-entry.ts';

/**
 * What a normalize worker gets: the lines of one batch, their bytes side by side in one buffer,
 * which posting the batch copies to the worker (the main thread keeps its own, for the raw text).
 */
export interface LineBatch {
  readonly id: number;
  /** Line `i` is `bytes[bounds[2i], bounds[2i + 1])`. */
  readonly bytes: Uint8Array;
  readonly bounds: Uint32Array;
  /** The container's table in lower case, which every row's `category` must match. */
  readonly tableKey: string;
}

export const OUTCOME_RECORD = 0;
export const OUTCOME_DEAD_LETTER = 1;
export const OUTCOME_FILTERED = 2;

/** Index into {@link LineOutcomes.strings} for a line that has no such string. */
export const NO_STRING = 0xffffffff;

/** A line that failed, in line order among the batch's failures. */
export interface LineFailure {
  readonly reason: DeadLetterReason;
  readonly error: string;
  readonly table?: string;
  readonly tenantId?: string;
}

/**
 * What a worker sends back for a batch: per-line arrays and one string of every record's JSON,
 * rather than one cloned object per row. Strings repeated across lines (classes, tables, dates) are
 * sent once, in `strings`, and referred to by index.
 */
export interface LineOutcomes {
  readonly id: number;
  /** `OUTCOME_*` per line. */
  readonly kinds: Uint8Array;
  /** The records' JSON, in line order, without separators. */
  readonly json: string;
  /** Per line: the length (UTF-16 units) of its record's JSON in `json`, 0 for a line without a record. */
  readonly jsonLengths: Uint32Array;
  /** Per line: the record's `time` (epoch ms). */
  readonly times: Float64Array;
  readonly strings: readonly string[];
  /** Per line, indexes into `strings`: the partition keys of a record. */
  readonly classes: Uint32Array;
  readonly tables: Uint32Array;
  readonly dts: Uint32Array;
  /** Per line: the table its envelope names, once it parsed (records, filtered rows, mapping failures). */
  readonly rowTables: Uint32Array;
  /** Per line: 1 when the row's table has no mapper, so it became a `base_event`. */
  readonly unmapped: Uint8Array;
  readonly failures: readonly LineFailure[];
}

/** The outcome buffers, moved (not copied) back to the main thread. */
export function transferablesOf(outcomes: LineOutcomes): ArrayBuffer[] {
  const { kinds, jsonLengths, times, classes, tables, dts, rowTables, unmapped } = outcomes;
  return [kinds, jsonLengths, times, classes, tables, dts, rowTables, unmapped].map((array) => array.buffer as ArrayBuffer);
}
