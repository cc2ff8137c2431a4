import { column, type ColumnName, type Columns } from './columns.ts';
import { fingerprintsOf } from './fingerprints.ts';
import { basename } from './process.ts';
import { compact, toText } from './values.ts';

/** Where a file's columns live in a row. */
export interface FileColumns {
  readonly name: ColumnName;
  readonly path: ColumnName;
  /** Prefix of the `MD5`/`SHA1`/`SHA256` columns; omit when the row has no hashes for this file. */
  readonly hashPrefix?: string;
  readonly size?: ColumnName;
}

export const EVENT_FILE: FileColumns = { name: column('FileName'), path: column('FolderPath'), hashPrefix: '', size: column('FileSize') };

const REGULAR_FILE = 1;

/**
 * A file name/path pair (plus hashes and size) → OCSF `file` (`name` and `type_id` are required).
 * Defender's `FolderPath` usually ends with the file name; when it holds only the folder, the full
 * `path` is built from both and the folder kept as `parent_folder`. `fallbackName` names the file
 * when the name column is empty (instead of the last path segment, which may be a folder).
 */
export function fileOf(columns: Columns, names: FileColumns, fallbackName?: string): Record<string, unknown> | undefined {
  const folderPath = toText(columns.value(names.path));
  const ownName = toText(columns.value(names.name));
  if (ownName === undefined && folderPath === undefined) return undefined;
  const name = ownName ?? fallbackName ?? (folderPath ? nonEmpty(basename(folderPath)) : undefined);
  if (!name) return undefined;
  columns.take(names.path, names.name);
  let path: string | undefined;
  let parentFolder: string | undefined;
  if (folderPath !== undefined) {
    if (folderPath.length === name.length && folderPath.toLowerCase() === name.toLowerCase()) {
      path = folderPath; // a bare name where a path was expected
    } else if (endsWithName(folderPath, name)) {
      path = folderPath;
      parentFolder = nonEmpty(folderPath.slice(0, folderPath.length - name.length - 1));
    } else {
      // A folder: kept as Defender wrote it (the record must show the source text).
      parentFolder = folderPath;
      path = isSeparator(folderPath.charCodeAt(folderPath.length - 1))
        ? folderPath + name
        : folderPath + (folderPath.includes('\\') ? '\\' : '/') + name;
    }
  }
  return compact({
    name,
    path,
    parent_folder: parentFolder,
    type_id: REGULAR_FILE,
    type: 'Regular File',
    size: names.size ? columns.int(names.size) : undefined,
    hashes: names.hashPrefix !== undefined ? fingerprintsOf(columns, names.hashPrefix) : undefined,
  });
}

/** True when `path` is `<folder><separator><name>` (Defender lower-cases some paths, so case is ignored). */
function endsWithName(path: string, name: string): boolean {
  const cut = path.length - name.length - 1;
  if (cut < 0 || !isSeparator(path.charCodeAt(cut))) return false;
  const tail = path.slice(cut + 1);
  return tail === name || tail.toLowerCase() === name.toLowerCase();
}

function isSeparator(code: number): boolean {
  return code === 0x5c || code === 0x2f; // '\\' or '/'
}

function nonEmpty(text: string): string | undefined {
  return text === '' ? undefined : text;
}
