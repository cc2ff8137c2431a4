import { isEmpty, isPlainObject, toBoolean, toEpochMs, toInteger, toIp, toJson, toMac, toNumber, toPort, toText } from './values.ts';

/** See {@link Columns.snapshot}: how many columns were taken (a number, so that a snapshot allocates nothing). */
export type ColumnsSnapshot = number & { readonly __columnsSnapshot: true };

/**
 * Reads a row's columns for a mapper and remembers which ones landed in typed OCSF attributes, so
 * that every other non-empty column ends up under `unmapped` (nothing is silently dropped). A value
 * that cannot be converted (a bad IP, a non-numeric port) is not marked as taken, so it is kept raw.
 */
export class Columns {
  /** Set only while the coverage report runs: sees every Columns a mapper creates. */
  static observer: ((columns: Columns) => void) | undefined;

  private readonly taken = new Set<string>();
  /** Created by the first `object()`: most rows have no JSON column read as an object. */
  private children: Map<string, Columns> | undefined;

  constructor(readonly values: Readonly<Record<string, unknown>>) {
    Columns.observer?.(this);
  }

  has(name: string): boolean {
    return !isEmpty(this.values[name]);
  }

  /** The raw value, marked as taken when non-empty. */
  raw(name: string): unknown {
    const value = this.values[name];
    if (isEmpty(value)) return undefined;
    this.taken.add(name);
    return value;
  }

  text(name: string): string | undefined {
    return this.mark(name, toText(this.values[name]));
  }

  int(name: string): number | undefined {
    return this.mark(name, toInteger(this.values[name]));
  }

  number(name: string): number | undefined {
    return this.mark(name, toNumber(this.values[name]));
  }

  bool(name: string): boolean | undefined {
    return this.mark(name, toBoolean(this.values[name]));
  }

  time(name: string): number | undefined {
    return this.mark(name, toEpochMs(this.values[name]));
  }

  ip(name: string): string | undefined {
    return this.mark(name, toIp(this.values[name]));
  }

  port(name: string): number | undefined {
    return this.mark(name, toPort(this.values[name]));
  }

  mac(name: string): string | undefined {
    return this.mark(name, toMac(this.values[name]));
  }

  /** A JSON-in-string or dynamic column, decoded (not marked: use `object`/`array` or `take`). */
  peekJson(name: string): unknown {
    return toJson(this.values[name]);
  }

  /** A decoded JSON array column, marked as taken. */
  array(name: string): unknown[] | undefined {
    const value = toJson(this.values[name]);
    return this.mark(name, Array.isArray(value) ? value : undefined);
  }

  /**
   * A JSON object column (string or object), read through its own Columns: keys the mapper does
   * not take are kept under `unmapped.<name>`.
   */
  object(name: string): Columns | undefined {
    const existing = this.children?.get(name);
    if (existing) return existing;
    const value = toJson(this.values[name]);
    if (!isPlainObject(value)) return undefined;
    const child = new Columns(value);
    (this.children ??= new Map()).set(name, child);
    this.taken.add(name);
    return child;
  }

  /** Marks a column as represented in typed attributes by the mapper's own logic. */
  take(...names: string[]): void {
    for (const name of names) if (!isEmpty(this.values[name])) this.taken.add(name);
  }

  /** Every non-empty column not taken, decoded where it held JSON; undefined when none are left. */
  leftovers(): Record<string, unknown> | undefined {
    let out: Record<string, unknown> | undefined;
    const { values, taken, children } = this;
    for (const key in values) {
      const value = values[key];
      if (value === null || value === undefined || value === '') continue;
      if (taken.has(key)) {
        const rest = children?.get(key)?.leftovers();
        if (rest) setMember((out ??= {}), key, rest);
        continue;
      }
      setMember((out ??= {}), key, value);
    }
    return out;
  }

  /** Counts of non-empty source values: in typed attributes vs left for `unmapped` (nested objects count by key). */
  coverage(): { typed: number; unmapped: number } {
    let typed = 0;
    let unmapped = 0;
    for (const key in this.values) {
      if (isEmpty(this.values[key])) continue;
      const child = this.children?.get(key);
      if (child) {
        const inner = child.coverage();
        typed += inner.typed;
        unmapped += inner.unmapped;
      } else if (this.taken.has(key)) typed++;
      else unmapped++;
    }
    return { typed, unmapped };
  }

  /**
   * Where the taken columns stand, to undo with {@link restore} when a mapper abandons an object it
   * started. Restores must come in reverse order of their snapshots (nested, as the mappers use them).
   */
  snapshot(): ColumnsSnapshot {
    return this.taken.size as ColumnsSnapshot;
  }

  /**
   * Columns are only ever added to `taken` (a Set keeps insertion order), so the columns taken at a
   * snapshot are its first `taken` entries: the ones after them are dropped.
   */
  restore(snapshot: ColumnsSnapshot): void {
    if (this.taken.size === snapshot) return;
    let kept = 0;
    for (const name of this.taken) {
      if (kept < snapshot) kept++;
      else this.taken.delete(name);
    }
  }

  private mark<T>(name: string, value: T | undefined): T | undefined {
    if (value !== undefined) this.taken.add(name);
    return value;
  }
}

/** Adds a member even when its name is `__proto__`, which plain assignment would turn into a prototype change. */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
