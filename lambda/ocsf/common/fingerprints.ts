import { column, type Column, type Columns } from './columns.ts';

const ALGORITHMS = [
  { suffix: 'MD5', id: 1, name: 'MD5' },
  { suffix: 'SHA1', id: 2, name: 'SHA-1' },
  { suffix: 'SHA256', id: 3, name: 'SHA-256' },
] as const;

/** The hash column names per prefix, in ALGORITHMS order, built once (see `accountColumns`). */
const columnNamesByPrefix = new Map<string, readonly Column[]>();

function columnNamesOf(prefix: string): readonly Column[] {
  let names = columnNamesByPrefix.get(prefix);
  if (!names) {
    names = ALGORITHMS.map(({ suffix }) => column(prefix + suffix));
    columnNamesByPrefix.set(prefix, names);
  }
  return names;
}

/** `<prefix>MD5`, `<prefix>SHA1`, `<prefix>SHA256` columns → OCSF `fingerprint` objects. */
export function fingerprintsOf(columns: Columns, prefix = ''): Record<string, unknown>[] | undefined {
  const names = columnNamesOf(prefix);
  let hashes: Record<string, unknown>[] | undefined;
  for (let i = 0; i < ALGORITHMS.length; i++) {
    const value = columns.text(names[i]!);
    if (value) {
      const { id, name } = ALGORITHMS[i]!;
      (hashes ??= []).push({ algorithm_id: id, algorithm: name, value });
    }
  }
  return hashes;
}
