import * as crypto from 'node:crypto';
import type { DefenderRow } from '../types.ts';

/**
 * A deterministic id for a row: SHA-256 over tenant, table and the SHA-256 of the row's
 * `properties` text exactly as it was read (`row.propertiesText`, as text or as its UTF-8 bytes:
 * the same digest), or, for a row built in code, of the JSON of its columns. Every copy of a line
 * (Microsoft's re-delivery of the same row, our own at-least-once resends, a replay of a
 * dead-lettered line) has the same text, so the same uid.
 */
export function rowUid(row: DefenderRow): string {
  const properties = sha256Hex(row.propertiesText ?? JSON.stringify(row.properties));
  return sha256Hex(`${row.tenantId}\u0000${row.table}\u0000${properties}`).slice(0, 32);
}

/** `crypto.hash` (Node 20.12+) skips the Hash object; older Node 20 releases take the long way. */
const sha256Hex: (data: string | Uint8Array) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');
