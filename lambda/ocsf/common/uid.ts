import * as crypto from 'node:crypto';
import type { DefenderRow } from '../types.ts';

/**
 * A deterministic id for a row, so that consumers can deduplicate (Microsoft's re-delivery of a
 * row, our own at-least-once resends, a replay of a dead-lettered line: each copy gets the same
 * uid). SHA-256, truncated to 128 bits, over tenant, table and:
 *
 * - on the Device*Events tables, Microsoft's identity of an event: `DeviceId`, `Timestamp` and
 *   `ReportId` (a per-device counter, unique only with the other two, as the table docs say). A
 *   copy whose other columns differ (re-serialized, enriched later) is still the same event;
 * - on every other table, or a row missing one of the three, the row's content: the `properties`
 *   text exactly as it was read (`row.propertiesText`, as text or as its UTF-8 bytes: the same
 *   digest), or, for a row built in code, the JSON of its columns. Snapshot tables (DeviceInfo,
 *   DeviceNetworkInfo with a row per adapter) and the alert, email and identity tables have no
 *   documented per-row identity, so only a byte-identical copy shares a uid.
 */
export function rowUid(row: DefenderRow): string {
  const prefix = `${row.tenantId}\u0000${row.table}\u0000`;
  const text = deviceEventIdentityOf(row) ?? row.propertiesText ?? JSON.stringify(row.properties);
  const digest = typeof text === 'string' ? sha256Hex(prefix + text) : sha256HexOfPrefixed(prefix, text);
  return digest.slice(0, 32);
}

/**
 * `DeviceId`, `Timestamp` and `ReportId` joined by NULs, for a Device*Events row that has all
 * three. `ReportId` is a number, or a decimal string when it exceeds 2^53: the same digits either way.
 * Hashing these ~80 bytes instead of the row's ~2,500 is most of what the uid used to cost.
 */
function deviceEventIdentityOf(row: DefenderRow): string | undefined {
  const { table } = row;
  if (!table.startsWith('Device') || !table.endsWith('Events')) return undefined;
  const { DeviceId: deviceId, Timestamp: timestamp, ReportId: reportId } = row.properties;
  if (typeof deviceId !== 'string' || deviceId === '' || typeof timestamp !== 'string' || timestamp === '') return undefined;
  if (typeof reportId === 'number' ? !Number.isInteger(reportId) : typeof reportId !== 'string' || !/^-?\d+$/.test(reportId)) return undefined;
  return `${deviceId}\u0000${timestamp}\u0000${reportId}`;
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
