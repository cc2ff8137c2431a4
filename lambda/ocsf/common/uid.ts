import * as crypto from 'node:crypto';
import type { DefenderRow } from '../types.ts';

/**
 * A deterministic id for a row: SHA-256 over tenant, table and the row's `properties` text exactly
 * as it was read (`row.propertiesText`, as text or as its UTF-8 bytes: the same digest), or, for a
 * row built in code, the JSON of its columns. Every copy of a line (Microsoft's re-delivery of the
 * same row, our own at-least-once resends, a replay of a dead-lettered line) has the same text, so
 * the same uid.
 */
export function rowUid(row: DefenderRow): string {
  const prefix = `${row.tenantId}\u0000${row.table}\u0000`;
  const text = row.propertiesText ?? JSON.stringify(row.properties);
  const digest = typeof text === 'string' ? sha256Hex(prefix + text) : sha256HexOfPrefixed(prefix, text);
  return digest.slice(0, 32);
}

/** `crypto.hash` (Node 20.12+) skips the Hash object; older Node 20 releases take the long way. */
const sha256Hex: (data: string | Uint8Array) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * The digest of `prefix` (as UTF-8) followed by `bytes`, in one native call: both are copied into a
 * reused buffer, which costs less than a second hash call or a Hash object with two updates.
 */
function sha256HexOfPrefixed(prefix: string, bytes: Uint8Array): string {
  let head = prefixBytes.get(prefix);
  if (!head) {
    if (prefixBytes.size >= MAX_PREFIXES_REMEMBERED) prefixBytes.clear();
    head = Buffer.from(prefix, 'utf8');
    prefixBytes.set(prefix, head);
  }
  const length = head.length + bytes.length;
  if (length > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(length, scratch.length * 2));
  head.copy(scratch, 0);
  scratch.set(bytes, head.length);
  return sha256Hex(scratch.subarray(0, length));
}

/** Tenant and table prefixes as bytes: a pass meets a few dozen. */
const prefixBytes = new Map<string, Buffer>();
const MAX_PREFIXES_REMEMBERED = 1024;
let scratch = Buffer.allocUnsafeSlow(64 * 1024);
