import type { Columns } from './columns.ts';

/** A source text's OCSF enum value: the id and its caption (for 99 Other, the source's own text). */
export interface EnumEntry {
  readonly id: number;
  readonly caption: string;
}

/** Source texts, lower-cased, → enum entries. */
export type EnumTable = Readonly<Record<string, EnumEntry>>;

export function entry(id: number, caption: string): EnumEntry {
  return { id, caption };
}

/**
 * Looks a column's text up case-insensitively; unknown text is left raw. The column counts as taken
 * only when the caption is the text itself: a text the caption does not repeat (MDI's "Resource
 * access" is a Network logon, "ServiceAccount" a Service user) stays readable under `unmapped` too.
 */
export function enumOf(columns: Columns | undefined, name: string, table: EnumTable): EnumEntry | undefined {
  const text = columns?.values[name];
  if (typeof text !== 'string') return undefined;
  const key = text.trim().toLowerCase();
  const found = Object.hasOwn(table, key) ? table[key] : undefined;
  if (found && key === found.caption.toLowerCase()) columns!.take(name);
  return found;
}

/** The `<name>_id` / `<name>` pair of an enum entry, written onto `target`. */
export function setEnum(target: Record<string, unknown>, name: string, found: EnumEntry | undefined): void {
  if (!found) return;
  target[`${name}_id`] = found.id;
  target[name] = found.caption;
}
