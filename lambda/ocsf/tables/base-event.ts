import { Columns } from '../common/columns.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import type { DefenderRow, OcsfRecord } from '../types.ts';

/**
 * The minimal valid record for a row we cannot place in a richer class: a table without a mapper
 * (Microsoft adds tables), or a row missing what its class requires. Every column stays under
 * `unmapped`, so the data still flows and can be re-mapped later.
 */
export function baseEventOf(row: DefenderRow): OcsfRecord {
  const columns = Columns.of(row);
  return withUnmapped(newEvent(row, columns, { className: 'base_event', activityId: ACTIVITY_OTHER }), columns);
}
