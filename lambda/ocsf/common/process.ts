import { column, type Column, type Columns } from './columns.ts';
import { fingerprintsOf } from './fingerprints.ts';
import { lookupTable } from './lookup.ts';
import { accountColumns, userOf, type UserColumns } from './user.ts';
import { compact } from './values.ts';

const INTEGRITY_IDS = lookupTable({ untrusted: 1, low: 2, medium: 3, high: 4, system: 5, protected: 6 });

export interface VersionInfoColumns {
  readonly companyName: Column;
  readonly productName: Column;
  readonly productVersion: Column;
  readonly originalFileName: Column;
  readonly fileDescription: Column;
}

function versionInfoColumns(prefix: string): VersionInfoColumns {
  return {
    companyName: column(`${prefix}CompanyName`),
    productName: column(`${prefix}ProductName`),
    productVersion: column(`${prefix}ProductVersion`),
    originalFileName: column(`${prefix}OriginalFileName`),
    fileDescription: column(`${prefix}FileDescription`),
  };
}

/** Where one process's columns live in a row: the initiating process or the created one. */
export interface ProcessColumns {
  readonly fileName: Column;
  readonly folderPath: Column;
  readonly hashPrefix: string;
  readonly fileSize: Column;
  readonly pid: Column;
  readonly commandLine: Column;
  readonly creationTime: Column;
  readonly integrity: Column;
  /** `<prefix>CompanyName`, `<prefix>ProductName`, … */
  readonly versionInfo: VersionInfoColumns;
  readonly account: UserColumns;
  readonly logonId: Column;
  readonly isRemoteSession: Column;
  readonly uniqueId: Column;
  readonly parent?: { readonly pid: Column; readonly fileName: Column; readonly creationTime: Column };
}

export const INITIATING_PROCESS: ProcessColumns = {
  fileName: column('InitiatingProcessFileName'),
  folderPath: column('InitiatingProcessFolderPath'),
  hashPrefix: 'InitiatingProcess',
  fileSize: column('InitiatingProcessFileSize'),
  pid: column('InitiatingProcessId'),
  commandLine: column('InitiatingProcessCommandLine'),
  creationTime: column('InitiatingProcessCreationTime'),
  integrity: column('InitiatingProcessIntegrityLevel'),
  versionInfo: versionInfoColumns('InitiatingProcessVersionInfo'),
  account: accountColumns('InitiatingProcessAccount'),
  logonId: column('InitiatingProcessLogonId'),
  isRemoteSession: column('IsInitiatingProcessRemoteSession'),
  uniqueId: column('InitiatingProcessUniqueId'),
  parent: {
    pid: column('InitiatingProcessParentId'),
    fileName: column('InitiatingProcessParentFileName'),
    creationTime: column('InitiatingProcessParentCreationTime'),
  },
};

/** The process a DeviceProcessEvents row reports as created. */
export const CREATED_PROCESS: ProcessColumns = {
  fileName: column('FileName'),
  folderPath: column('FolderPath'),
  hashPrefix: '',
  fileSize: column('FileSize'),
  pid: column('ProcessId'),
  commandLine: column('ProcessCommandLine'),
  creationTime: column('ProcessCreationTime'),
  integrity: column('ProcessIntegrityLevel'),
  versionInfo: versionInfoColumns('ProcessVersionInfo'),
  account: accountColumns('Account'),
  logonId: column('LogonId'),
  isRemoteSession: column('IsProcessRemoteSession'),
  uniqueId: column('ProcessUniqueId'),
};

/** A file object from a name/path pair plus hashes and version info. `type_id` 1 (Regular File) is required. */
export function executableFileOf(columns: Columns, spec: ProcessColumns): Record<string, unknown> | undefined {
  const path = columns.text(spec.folderPath);
  const name = columns.text(spec.fileName) ?? (path ? basename(path) : undefined);
  if (!name) return undefined;
  const v = spec.versionInfo;
  const productName = columns.text(v.productName);
  return compact({
    name,
    path,
    type_id: 1,
    type: 'Regular File',
    size: columns.int(spec.fileSize),
    hashes: fingerprintsOf(columns, spec.hashPrefix),
    company_name: columns.text(v.companyName),
    product: productName ? { name: productName } : undefined,
    version: columns.text(v.productVersion),
    internal_name: columns.text(v.originalFileName),
    desc: columns.text(v.fileDescription),
  });
}

/** Process columns → OCSF `process` (with file, user, session and parent process when present). */
export function processOf(columns: Columns, spec: ProcessColumns): Record<string, unknown> | undefined {
  // OCSF requires at least one of pid/uid/cpid. Read first: when both are empty neither read took
  // anything, nothing else has been taken yet, and the columns stay raw under `unmapped`.
  const pid = columns.int(spec.pid);
  const uid = columns.text(spec.uniqueId);
  if (pid === undefined && uid === undefined) return undefined;
  const integrityText = columns.value(spec.integrity);
  const integrityId = typeof integrityText === 'string' ? INTEGRITY_IDS[integrityText.toLowerCase()] : undefined;
  if (integrityId !== undefined) columns.take(spec.integrity);
  const sessionUid = columns.text(spec.logonId);
  const isRemote = columns.bool(spec.isRemoteSession);
  const file = executableFileOf(columns, spec);
  return compact({
    pid,
    uid,
    name: file?.name as string | undefined,
    cmd_line: columns.text(spec.commandLine),
    created_time: columns.time(spec.creationTime),
    integrity_id: integrityId,
    integrity: integrityId !== undefined ? (integrityText as string) : undefined,
    file,
    user: userOf(columns, spec.account),
    session: sessionUid || isRemote !== undefined ? compact({ uid: sessionUid, is_remote: isRemote }) : undefined,
    parent_process: spec.parent ? parentOf(columns, spec.parent) : undefined,
  });
}

function parentOf(columns: Columns, parent: NonNullable<ProcessColumns['parent']>): Record<string, unknown> | undefined {
  const pid = columns.int(parent.pid);
  if (pid === undefined) return undefined;
  return compact({ pid, name: columns.text(parent.fileName), created_time: columns.time(parent.creationTime) });
}

export function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}
