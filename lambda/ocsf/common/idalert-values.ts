import type { Columns } from './columns.ts';
import { toText } from './values.ts';

const COUNTRY_CODE = /^[A-Za-z]{2}$/;

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
