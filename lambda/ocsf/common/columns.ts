import type { DefenderRow } from '../types.ts';
import { isEmpty, isPlainObject, toBoolean, toEpochMs, toInteger, toIp, toJson, toMac, toNumber, toPort, toText } from './values.ts';

/**
 * Reads a row's columns for a mapper and remembers which ones landed in typed OCSF attributes, so
 * that every other non-empty column ends up under `unmapped` (nothing is silently dropped). A value
 * that cannot be converted (a bad IP, a non-numeric port) is not marked as taken, so it is kept raw.
 */
export class Columns {
  /** Set only while the coverage report runs: sees every Columns a mapper creates. */
  static observer: ((columns: Columns) => void) | undefined;

  /**
   * Taken columns as bits (see {@link bitOf}), where a Set per row grew and rehashed about five
   * times; a column without a bit goes to `takenWithoutBit`.
   */
  private readonly taken = NOTHING_TAKEN.slice();
  private takenWithoutBit: Set<string> | undefined;
  /** Created by the first `object()`: most rows have no JSON column read as an object. */
  private children: Map<string, Columns> | undefined;

  /**
   * @param positions where the keys of values like these sat last time (see {@link KeyPositions});
   *   without it, `leftovers` looks each key's bit up by name.
   */
  constructor(
    readonly values: Readonly<Record<string, unknown>>,
    private readonly positions?: KeyPositions,
  ) {
    Columns.observer?.(this);
  }

  /** A row's columns, with the key positions of the rows of its table. */
  static of(row: DefenderRow): Columns {
    let positions = positionsByTable.get(row.table);
    if (!positions) {
      if (positionsByTable.size >= MAX_TABLES_REMEMBERED) positionsByTable.clear();
      positions = new KeyPositions();
      positionsByTable.set(row.table, positions);
    }
    return new Columns(row.properties, positions);
  }

  has(name: ColumnName): boolean {
    return !isEmpty(this.value(name));
  }

  /**
   * The raw value, not marked: for a mapper that decides from it whether to take the column. A
   * {@link Column} reads it through its own getter.
   */
  value(name: ColumnName): unknown {
    return typeof name === 'string' ? this.values[name] : name.read(this.values);
  }

  /** The raw value, marked as taken when non-empty. */
  raw(name: ColumnName): unknown {
    const value = this.value(name);
    if (isEmpty(value)) return undefined;
    this.markTaken(name);
    return value;
  }

  text(name: ColumnName): string | undefined {
    return this.mark(name, toText(this.value(name)));
  }

  int(name: ColumnName): number | undefined {
    return this.mark(name, toInteger(this.value(name)));
  }

  number(name: ColumnName): number | undefined {
    return this.mark(name, toNumber(this.value(name)));
  }

  bool(name: ColumnName): boolean | undefined {
    return this.mark(name, toBoolean(this.value(name)));
  }

  time(name: ColumnName): number | undefined {
    return this.mark(name, toEpochMs(this.value(name)));
  }

  ip(name: ColumnName): string | undefined {
    return this.mark(name, toIp(this.value(name)));
  }

  port(name: ColumnName): number | undefined {
    return this.mark(name, toPort(this.value(name)));
  }

  mac(name: ColumnName): string | undefined {
    return this.mark(name, toMac(this.value(name)));
  }

  /** A JSON-in-string or dynamic column, decoded (not marked: use `object`/`array` or `take`). */
  peekJson(name: ColumnName): unknown {
    return toJson(this.value(name));
  }

  /** A decoded JSON array column, marked as taken. */
  array(name: ColumnName): unknown[] | undefined {
    const value = toJson(this.value(name));
    return this.mark(name, Array.isArray(value) ? value : undefined);
  }

  /**
   * A JSON object column (string or object), read through its own Columns: keys the mapper does
   * not take are kept under `unmapped.<name>`.
   */
  object(name: ColumnName): Columns | undefined {
    const key = nameOf(name);
    const existing = this.children?.get(key);
    if (existing) return existing;
    const value = toJson(this.value(name));
    if (!isPlainObject(value)) return undefined;
    const child = new Columns(value, this.positions?.child(key));
    (this.children ??= new Map()).set(key, child);
    this.markTaken(name);
    return child;
  }

  /** Marks a column as represented in typed attributes by the mapper's own logic. */
  take(...names: ColumnName[]): void {
    for (const name of names) if (!isEmpty(this.value(name))) this.markTaken(name);
  }

  /** Every non-empty column not taken, decoded where it held JSON; undefined when none are left. */
  leftovers(): Record<string, unknown> | undefined {
    let out: Record<string, unknown> | undefined;
    const { values, children, positions } = this;
    let position = 0;
    for (const key in values) {
      const at = position++;
      const value = values[key];
      if (value === null || value === undefined || value === '') continue;
      const bit = positions ? positions.bitOf(at, key) : bits.get(key) ?? -1;
      if (this.takenAt(bit, key)) {
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
      } else if (this.isTaken(key)) typed++;
      else unmapped++;
    }
    return { typed, unmapped };
  }

  private mark<T>(name: ColumnName, value: T | undefined): T | undefined {
    if (value !== undefined) this.markTaken(name);
    return value;
  }

  private markTaken(name: ColumnName): void {
    let bit: number;
    if (typeof name === 'string') bit = bitOf(name);
    else {
      bit = name.bit;
      if (bit === NO_BIT_YET) bit = name.bit = bitOf(name.name);
    }
    if (bit < 0) (this.takenWithoutBit ??= new Set()).add(nameOf(name));
    else this.taken[bit >> 5]! |= 1 << (bit & 31);
  }

  private isTaken(name: string): boolean {
    return this.takenAt(bits.get(name) ?? -1, name);
  }

  /** Whether `name`, whose bit is `bit` (-1: it has none), was taken. */
  private takenAt(bit: number, name: string): boolean {
    if (bit < 0) return this.takenWithoutBit?.has(name) ?? false;
    return (this.taken[bit >> 5]! & (1 << (bit & 31))) !== 0;
  }
}

/**
 * The bit of each key of a table's rows, by the key's position, as last seen. Rows of a table list
 * their columns in the same order, so `leftovers` finds a key's bit by comparing it with the key
 * last seen at its position (one comparison of interned strings) instead of looking it up by name
 * (a hash lookup per column, about 60 a row). A key seen at a new position is looked up and
 * remembered there; a key without a bit yet is not remembered, since a bit, once given, never changes.
 */
class KeyPositions {
  private readonly keys: string[] = [];
  private readonly keyBits: number[] = [];
  private children: Map<string, KeyPositions> | undefined;

  /** The bit of `key`, found at `position` of the values; -1 when it has none. */
  bitOf(position: number, key: string): number {
    if (this.keys[position] === key) return this.keyBits[position]!;
    const bit = bits.get(key);
    if (bit === undefined) return -1;
    if (position < MAX_POSITIONS) {
      this.keys[position] = key;
      this.keyBits[position] = bit;
    }
    return bit;
  }

  /** The positions of the keys of a JSON column read as an object. */
  child(name: string): KeyPositions {
    let child = this.children?.get(name);
    if (!child) {
      this.children ??= new Map();
      if (this.children.size >= MAX_TABLES_REMEMBERED) this.children.clear();
      child = new KeyPositions();
      this.children.set(name, child);
    }
    return child;
  }
}

/** Positions remembered per table (or JSON column): Defender rows have up to about 100 columns. */
const MAX_POSITIONS = 256;
const MAX_TABLES_REMEMBERED = 256;
const positionsByTable = new Map<string, KeyPositions>();

/** {@link Columns}' taken bits before any is set: 16 words, copied (as a packed array) per instance. */
const NOTHING_TAKEN: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const WORDS = NOTHING_TAKEN.length;

/**
 * One bit per column name, shared by every Columns, given out as mappers first take a name; any
 * name met once all are given out is tracked in a Set, which is slower but just as correct. A pass
 * meets the tables in the order of their containers, the small alert and behavior tables first, so
 * the bits must outlast them: the 24 streamed tables have 344 column names between them (the
 * Device*Events tables 102), and JSON columns read as objects add their keys. With 128 bits, every
 * row of the busy tables after DeviceFileCertificateInfo took the Set's way.
 */
const BITS = WORDS * 32;
const bits = new Map<string, number>();

function bitOf(name: string): number {
  let bit = bits.get(name);
  if (bit === undefined) {
    if (bits.size >= BITS) return -1;
    bit = bits.size;
    bits.set(name, bit);
  }
  return bit;
}

/** Adds a member even when its name is `__proto__`, which plain assignment would turn into a prototype change. */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A column whose name a mapper fixes in code, made once with {@link column} and then passed to
 * {@link Columns} instead of the name. Read by name as a variable (`values[name]`), a column costs a
 * megamorphic keyed load, a search of the row's 20 to 70 property descriptors (20 to 27 ns on the
 * benchmark machine, some 40 times a row); a Column's getter loads a property named in its own
 * code, which V8 caches by row shape, and it keeps its bit once given, so marking it taken looks
 * nothing up.
 */
export interface Column {
  readonly name: string;
  readonly read: (values: Readonly<Record<string, unknown>>) => unknown;
  /** {@link NO_BIT_YET} until first taken, then the bit ({@link bitOf}; -1 when none was left). */
  bit: number;
}

/** A column as the Columns methods take it: its name, or a {@link Column} made once for it. */
export type ColumnName = string | Column;

const NO_BIT_YET = -2;

/** For module-level constants: one Column (and one getter) per name, however often it is asked for. */
export function column(name: string): Column {
  let made = madeColumns.get(name);
  if (!made) {
    made = { name, read: namedGetter(name), bit: NO_BIT_YET };
    madeColumns.set(name, made);
  }
  return made;
}

const madeColumns = new Map<string, Column>();

/** `values => values["<name>"]`, the name quoted by JSON.stringify (a valid JavaScript string literal). */
function namedGetter(name: string): Column['read'] {
  return new Function('values', `return values[${JSON.stringify(name)}];`) as Column['read'];
}

/** The name of a column given either way. */
function nameOf(name: ColumnName): string {
  return typeof name === 'string' ? name : name.name;
}
