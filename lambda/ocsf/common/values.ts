import { isIP } from 'node:net';

/** True for the values Defender uses to say "no value": null, undefined and the empty string. */
export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

const ZONE = /(?:[zZ]|[+-]\d\d:?\d\d)$/;

/**
 * Defender datetimes → epoch milliseconds. Accepts 0 to 7 fractional digits and values without a
 * zone (taken as UTC). Returns undefined for anything that is not a date.
 */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length < 10) return undefined;
  const ms = Date.parse(ZONE.test(value) ? value : `${value}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Integers sent as numbers or numeric strings (big ones arrive as strings and stay out of number fields). */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Booleans as Defender sends them: true/false, 0/1, "0"/"1", "true"/"false" (any case). */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
  }
  return undefined;
}

/** A non-empty string; numbers and booleans become their text. */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A bare IP literal; `::ffff:a.b.c.d` becomes the IPv4 address. */
export function toIp(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  let ip = value.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  return isIP(ip) ? ip : undefined;
}

export function toPort(value: unknown): number | undefined {
  const port = toInteger(value);
  return port !== undefined && port >= 0 && port <= 65535 ? port : undefined;
}

/** MAC addresses as `aa:bb:cc:dd:ee:ff`; Defender often sends 12 bare hex digits or dashes. */
export function toMac(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.replace(/[-:.]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return undefined;
  return hex.toLowerCase().match(/../g)!.join(':');
}

/** JSON-in-string columns (and `dynamic` columns that arrive either as objects or as strings). */
export function toJson(value: unknown): unknown {
  if (typeof value !== 'string') return isEmpty(value) ? undefined : value;
  const text = value.trim();
  if (text === '' || (text[0] !== '{' && text[0] !== '[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops undefined members so records carry no empty attributes; returns undefined for an empty result. */
export function compact<T extends Record<string, unknown>>(object: T): T | undefined {
  let empty = true;
  for (const key of Object.keys(object)) {
    if (object[key] === undefined) delete object[key];
    else empty = false;
  }
  return empty ? undefined : object;
}
