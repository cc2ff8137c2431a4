import * as crypto from 'node:crypto';
import type { DefenderRow } from '../types.ts';

/**
 * A deterministic id for a row: SHA-256 over tenant, table and the row's `properties` text exactly
 * as it was read (`row.propertiesJson`), or, for a row built in code, the JSON of its columns.
 * Every copy of a line (Microsoft's re-delivery of the same row, our own at-least-once resends, a
 * replay of a dead-lettered line) has the same text, so the same uid.
 */
export function rowUid(row: DefenderRow): string {
  const properties = row.propertiesJson ?? JSON.stringify(row.properties);
  // The joined text is the same bytes as one update per part, hashed with one native call.
  return sha256Hex(`${row.tenantId}\u0000${row.table}\u0000${properties}`).slice(0, 32);
}

/** `crypto.hash` (Node 20.12+) skips the Hash object; older Node 20 releases take the long way. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');
