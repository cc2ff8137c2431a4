import { BASE_EVENT_CLASS } from '../../lambda/ocsf/registry.ts';

/** One Athena table: an OCSF class and the Defender tables whose rows can land in it. */
export interface OcsfTablePlan {
  readonly className: string;
  /**
   * The Defender tables, sorted: the values of the `table` partition key (enum projection). `undefined`
   * when the set is open (base_event takes rows of any table without a mapper): the key is then injected,
   * and queries name the table (`WHERE "table" = 'DeviceInfo'`).
   */
  readonly tables?: readonly string[];
}

/**
 * Turns the mapper registry (Defender table → OCSF classes) into one plan per class, plus `base_event`.
 * With `configuredTables` (the forwarder reads only those), classes no configured table emits are left
 * out, and base_event lists exactly the configured tables that can land there.
 */
export function planOcsfTables(
  classesByTable: ReadonlyMap<string, readonly string[]>,
  configuredTables: readonly string[] = [],
): OcsfTablePlan[] {
  const restricted = configuredTables.length > 0;
  const tablesByClass = new Map<string, Set<string>>([[BASE_EVENT_CLASS, new Set()]]);
  for (const [table, classes] of classesByTable) {
    if (restricted && !configuredTables.includes(table)) continue;
    for (const className of classes) {
      const tables = tablesByClass.get(className) ?? new Set<string>();
      tables.add(table);
      tablesByClass.set(className, tables);
    }
  }
  for (const table of configuredTables) {
    if (!classesByTable.has(table)) tablesByClass.get(BASE_EVENT_CLASS)!.add(table);
  }
  return [...tablesByClass.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([className, tables]): OcsfTablePlan =>
      className === BASE_EVENT_CLASS && !restricted ? { className } : { className, tables: [...tables].sort() },
    )
    .filter((plan) => plan.tables === undefined || plan.tables.length > 0);
}
