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
 * times faster. Anything else returns undefined and is left to Date.parse. A row has about five
 * datetimes, so this is written out digit by digit: with a helper per field it took half again as long.
 */
function usualUtcMs(s: string): number | undefined {
  const n = s.length;
  if (n < 19 || n > 28) return undefined;
  if (s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(10) !== 0x54 || s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return undefined;
  const y0 = digitAt(s, 0), y1 = digitAt(s, 1), y2 = digitAt(s, 2), y3 = digitAt(s, 3);
  const mo0 = digitAt(s, 5), mo1 = digitAt(s, 6), d0 = digitAt(s, 8), d1 = digitAt(s, 9);
  const h0 = digitAt(s, 11), h1 = digitAt(s, 12), mi0 = digitAt(s, 14), mi1 = digitAt(s, 15), s0 = digitAt(s, 17), s1 = digitAt(s, 18);
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo0 > 9 || mo1 > 9 || d0 > 9 || d1 > 9 || h0 > 9 || h1 > 9 || mi0 > 9 || mi1 > 9 || s0 > 9 || s1 > 9) return undefined;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!) || hour > 23 || minute > 59 || second > 59) return undefined;
  let at = 19;
  let ms = 0;
  if (at < n && s.charCodeAt(at) === 0x2e) {
    const fractionStart = ++at;
    while (at < n && at - fractionStart < 7) {
      const digit = digitAt(s, at);
      if (digit > 9) break;
      if (at - fractionStart < 3) ms = ms * 10 + digit;
      at++;
    }
    const fractionDigits = at - fractionStart;
    if (fractionDigits === 0) return undefined;
    if (fractionDigits === 1) ms *= 100;
    else if (fractionDigits === 2) ms *= 10;
  }
  if (at < n && s.charCodeAt(at) === 0x5a) at++;
  if (at !== n) return undefined;
  return daysSinceEpoch(year, month, day, leap) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** Days from 1970-01-01 to a Gregorian date: whole years, the leap days before the year, the days before the month. */
function daysSinceEpoch(year: number, month: number, day: number, leap: boolean): number {
  const before = year - 1;
  const leapDaysBefore = Math.floor(before / 4) - Math.floor(before / 100) + Math.floor(before / 400) - LEAP_DAYS_BEFORE_1970;
  return (year - 1970) * 365 + leapDaysBefore + DAYS_BEFORE_MONTH[month - 1]! + (month > 2 && leap ? 1 : 0) + day - 1;
}

/** Leap days in the years 1 to 1969: 492 - 19 + 4. */
const LEAP_DAYS_BEFORE_1970 = 477;

/** The digit's value, or a number above 9 when the character is not a digit (below '0' wraps around). */
function digitAt(s: string, at: number): number {
  return (s.charCodeAt(at) - 0x30) >>> 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

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
