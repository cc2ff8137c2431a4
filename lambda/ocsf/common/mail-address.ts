import type { Columns } from './columns.ts';
import { isEmailAddress } from './formats.ts';

const LIST_SEPARATOR = /\s*[,;]\s*/;

/** One address column → `email_t`; a value that is not an address stays raw (not taken). */
export function emailAddressOf(columns: Columns, name: string): string | undefined {
  const value = columns.values[name];
  if (!isEmailAddress(value)) return undefined;
  columns.take(name);
  return value;
}

/**
 * A column listing addresses (one address, a JSON array, or text separated by commas or semicolons)
 * → `email_t[]`, or undefined unless every entry is an address. One address or a JSON array is taken;
 * a separated list is not (its text stays under `unmapped` too, since no attribute holds it verbatim).
 */
export function emailAddressListOf(columns: Columns, name: string): string[] | undefined {
  const value = columns.values[name];
  let entries: unknown[];
  let verbatim = true;
  if (Array.isArray(value)) entries = value;
  else if (typeof value === 'string' && value !== '') {
    const decoded = value[0] === '[' ? columns.peekJson(name) : undefined;
    if (Array.isArray(decoded)) entries = decoded;
    else {
      entries = value.trim().split(LIST_SEPARATOR);
      verbatim = entries.length === 1;
    }
  } else return undefined;
  const addresses: string[] = [];
  for (const entry of entries) {
    if (entry === '') continue;
    if (!isEmailAddress(entry)) return undefined;
    addresses.push(entry);
  }
  if (addresses.length === 0) return undefined;
  if (verbatim) columns.take(name);
  return addresses;
}

/** One address column → a one-element `email_t[]` (OCSF `to` is an array; Defender expands one recipient per row). */
export function emailAddressArrayOf(columns: Columns, name: string): string[] | undefined {
  const address = emailAddressOf(columns, name);
  return address ? [address] : undefined;
}
