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
  const usual = usualUtcMs(value);
  if (usual !== undefined) return usual;
  const ms = Date.parse(ZONE.test(value) ? value : `${value}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The shape almost every Defender datetime has, `YYYY-MM-DDTHH:MM:SS[.f{1,7}][Z]` (years 1000-9999,
 * a real calendar day), read without Date.parse: the same milliseconds (fraction truncated), several
 * times faster. Anything else returns undefined and is left to Date.parse.
 */
function usualUtcMs(s: string): number | undefined {
  const n = s.length;
  if (n < 19 || n > 28) return undefined;
  if (s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(10) !== 0x54 || s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return undefined;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let at = 19;
  let ms = 0;
  if (at < n && s.charCodeAt(at) === 0x2e) {
    const fractionStart = ++at;
    while (at < n && at - fractionStart < 7 && isDigit(s.charCodeAt(at))) {
      if (at - fractionStart < 3) ms = ms * 10 + (s.charCodeAt(at) - 0x30);
      at++;
    }
    const fractionDigits = at - fractionStart;
    if (fractionDigits === 0) return undefined;
    for (let i = fractionDigits; i < 3; i++) ms *= 10;
  }
  if (at < n && s.charCodeAt(at) === 0x5a) at++;
  if (at !== n) return undefined;
  return daysSinceEpoch(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The number in `count` decimal digits at `start`, or -1 when one of them is not a digit. */
function digitsAt(s: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
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
  // 12 hex digits once every `-`, `:` and `.` is left out; a loop, where a replace, a test and a
  // pairwise match each allocated.
  let out = '';
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x2d || c === 0x3a || c === 0x2e) continue;
    const lower = c >= 0x41 && c <= 0x46 ? c + 0x20 : c;
    if (!((lower >= 0x30 && lower <= 0x39) || (lower >= 0x61 && lower <= 0x66)) || digits === 12) return undefined;
    if (digits > 0 && digits % 2 === 0) out += ':';
    out += String.fromCharCode(lower);
    digits++;
  }
  return digits === 12 ? out : undefined;
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

/**
 * Undefined when no member of `object` is defined; otherwise `object` itself, with its undefined
 * members left in place: JSON.stringify, the only way a record leaves the process, omits them. So
 * never spread a compacted object over members that must survive (`{ ...defaults, ...compacted }`
 * would overwrite them with undefined). Rebuilding the object without those members cost more
 * than any other step of the mapping: about 0.25 µs an object, 20 objects a row, in keyed stores
 * of keys only known at run time.
 */
export function compact<T extends Record<string, unknown>>(object: T): T | undefined {
  // for…in over a literal's own keys runs on V8's enum cache: no key array is allocated.
  for (const key in object) if (object[key] !== undefined) return object;
  return undefined;
}
