import { Columns } from './common/columns.ts';
import { normalizeRow } from './normalize.ts';
import type { DefenderRow, OcsfRecord } from './types.ts';

export interface Coverage {
  /** Non-empty source values (a JSON-object column counts each of its keys). */
  values: number;
  /** Of those, values placed in a typed OCSF attribute (they may also be kept raw under `unmapped`). */
  typed: number;
}

/**
 * Maps a row and reports how much of it the mapper placed in typed attributes, from the mapper's
 * own column bookkeeping (the reader that also decides what goes to `unmapped`). The tests prove
 * separately, without trusting that bookkeeping, that no value is dropped.
 */
export function mapWithCoverage(row: DefenderRow): { record: OcsfRecord; coverage: Coverage } {
  let last: Columns | undefined;
  Columns.observer = (columns) => {
    if (columns.values === row.properties) last = columns;
  };
  try {
    const { record } = normalizeRow(row);
    const counts = last?.coverage() ?? { typed: 0, unmapped: 0 };
    return { record, coverage: { values: counts.typed + counts.unmapped, typed: counts.typed } };
  } finally {
    Columns.observer = undefined;
  }
}
