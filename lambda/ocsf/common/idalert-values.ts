import type { Columns } from './columns.ts';
import { toText } from './values.ts';

/** The OCSF 1.8.0 `email_t` pattern (types.json), so that only addresses a validator accepts are emitted. */
const EMAIL_ADDRESS = /^[a-zA-Z0-9!#$%&'*+\-/=?^_`{|}~.]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$/;
const HOSTNAME_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const COUNTRY_CODE = /^[A-Za-z]{2}$/;

export function isEmailAddress(value: string): boolean {
  return EMAIL_ADDRESS.test(value);
}

/** A DNS name OCSF accepts as `hostname_t`: dot-separated labels of letters, digits, `-` and `_`. */
export function isHostname(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  let start = 0;
  while (start <= name.length) {
    let end = name.indexOf('.', start);
    if (end === -1) end = name.length;
    if (!HOSTNAME_LABEL.test(name.slice(start, end))) return false;
    start = end + 1;
  }
  return true;
}

/** A two-letter country code (ISO 3166-1 alpha-2 shape), upper-cased; anything else is not one. */
export function countryCodeOf(value: string): string | undefined {
  const trimmed = value.trim();
  return COUNTRY_CODE.test(trimmed) ? trimmed.toUpperCase() : undefined;
}

/** A column's text without marking it taken (to decide before committing). */
export function peekText(columns: Columns | undefined, name: string): string | undefined {
  return columns ? toText(columns.values[name]) : undefined;
}

/** Compares two optional texts ignoring case. */
export function sameText(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
