import { createHash } from 'node:crypto';
import { isEmpty } from './values.ts';

/**
 * A deterministic id for a row: SHA-256 over tenant, table and the row's columns in canonical
 * form (keys sorted at every level, empty values dropped). Microsoft's re-delivery of an identical
 * row and our own at-least-once resends get the same uid, whatever the key order on the wire.
 */
export function rowUid(tenantId: string, table: string, properties: Readonly<Record<string, unknown>>): string {
  const hash = createHash('sha256');
  hash.update(tenantId);
  hash.update('\u0000');
  hash.update(table);
  hash.update('\u0000');
  hash.update(canonicalJson(properties));
  return hash.digest('hex').slice(0, 32);
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (isEmpty(member)) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(member);
    first = false;
  }
  return out + '}';
}
