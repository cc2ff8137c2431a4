import { mapperRegistry } from './registry.ts';
import { baseEventOf } from './tables/base-event.ts';
import type { DefenderRow, OcsfRecord } from './types.ts';

export interface Normalized {
  readonly record: OcsfRecord;
  /** False when the table has no mapper yet and the row became a minimal `base_event`. */
  readonly mapped: boolean;
}

/** One row → one OCSF record. Throws only when a mapper meets a value it cannot handle (a bug to fix). */
export function normalizeRow(row: DefenderRow): Normalized {
  const mapper = mapperRegistry.get(row.table);
  if (!mapper) return { record: baseEventOf(row), mapped: false };
  return { record: mapper.map(row), mapped: true };
}
