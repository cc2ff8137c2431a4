import * as crypto from 'node:crypto';
import { isEmpty } from './values.ts';

/**
 * A deterministic id for a row: SHA-256 over tenant, table and the row's columns in canonical
 * form (keys sorted at every level, empty values dropped). Microsoft's re-delivery of an identical
 * row and our own at-least-once resends get the same uid, whatever the key order on the wire.
 */
export function rowUid(tenantId: string, table: string, properties: Readonly<Record<string, unknown>>): string {
  // The joined text is the same bytes as one update per part, hashed with one native call.
  const text = `${tenantId}\u0000${table}\u0000${canonicalObject(properties, sortedColumnsOf(table, properties))}`;
  return sha256Hex(text).slice(0, 32);
}

/** `crypto.hash` (Node 20.12+) skips the Hash object; older Node 20 releases take the long way. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  const keys = Object.keys(value).sort();
  return canonicalObject(value as Record<string, unknown>, { sorted: keys, quoted: keys.map((key) => JSON.stringify(key)) });
}

/** Characters JSON.stringify escapes (quote, backslash, controls, lone surrogates; any surrogate, to be safe). */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(text)`, without the native call for the common string that needs no escaping. */
function jsonString(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

interface SortedKeys {
  readonly sorted: readonly string[];
  /** The sorted keys as JSON strings. */
  readonly quoted: readonly string[];
}

function canonicalObject(record: Readonly<Record<string, unknown>>, keys: SortedKeys): string {
  const { sorted, quoted } = keys;
  let out = '{';
  let first = true;
  for (let i = 0; i < sorted.length; i++) {
    const member = record[sorted[i]!];
    if (isEmpty(member)) continue;
    out += (first ? '' : ',') + quoted[i]! + ':' + (typeof member === 'string' ? jsonString(member) : canonicalJson(member));
    first = false;
  }
  return out + '}';
}

/**
 * Rows of one table carry the same columns in the same order, so the sorted order of a row's keys
 * is worked out once per table and reused while the next row's keys are the same (a cheap
 * element-by-element check); a row with other keys sorts its own and becomes the new reference.
 */
const columnsByTable = new Map<string, { readonly keys: readonly string[]; readonly order: SortedKeys }>();
const MAX_TABLES_REMEMBERED = 256;

function sortedColumnsOf(table: string, properties: Readonly<Record<string, unknown>>): SortedKeys {
  const keys = Object.keys(properties);
  const known = columnsByTable.get(table);
  if (known && sameKeys(known.keys, keys)) return known.order;
  const sorted = [...keys].sort();
  const order: SortedKeys = { sorted, quoted: sorted.map((key) => JSON.stringify(key)) };
  if (columnsByTable.size >= MAX_TABLES_REMEMBERED) columnsByTable.clear();
  columnsByTable.set(table, { keys, order });
  return order;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
