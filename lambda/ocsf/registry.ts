import { deviceProcessEvents } from './tables/device-process-events.ts';
import type { TableMapper } from './types.ts';

/** OCSF class of records for tables without a mapper. */
export const BASE_EVENT_CLASS = 'base_event';

/** One line per mapped table. A table not listed here still flows, as `base_event`. */
const MAPPERS: readonly TableMapper[] = [
  deviceProcessEvents,
];

export const mapperRegistry: ReadonlyMap<string, TableMapper> = new Map(MAPPERS.map((m) => [m.table, m]));

/** Mapped table → the OCSF class names its mapper can emit (used for the Athena tables). */
export function classesByTable(): ReadonlyMap<string, readonly string[]> {
  return new Map(MAPPERS.map((m) => [m.table, m.classes]));
}
