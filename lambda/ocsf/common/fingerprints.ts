import type { Columns } from './columns.ts';

const ALGORITHMS = [
  { suffix: 'MD5', id: 1, name: 'MD5' },
  { suffix: 'SHA1', id: 2, name: 'SHA-1' },
  { suffix: 'SHA256', id: 3, name: 'SHA-256' },
] as const;

/** `<prefix>MD5`, `<prefix>SHA1`, `<prefix>SHA256` columns → OCSF `fingerprint` objects. */
export function fingerprintsOf(columns: Columns, prefix = ''): Record<string, unknown>[] | undefined {
  let hashes: Record<string, unknown>[] | undefined;
  for (const { suffix, id, name } of ALGORITHMS) {
    const value = columns.text(prefix + suffix);
    if (value) (hashes ??= []).push({ algorithm_id: id, algorithm: name, value });
  }
  return hashes;
}
