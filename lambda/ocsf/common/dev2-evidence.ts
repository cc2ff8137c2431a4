import { OCSF_VERSION } from '../ocsf-classes.ts';
import type { OcsfMetadata } from '../types.ts';
import type { Columns } from './columns.ts';
import { endpointOf, urlColumn } from './dev2-network.ts';
import { CREATED_PROCESS, executableFileOf, processOf } from './process.ts';
import { accountColumns, userOf } from './user.ts';
import { compact } from './values.ts';

/**
 * The file a Device* event acted on (`FileName`, `FolderPath`, hashes, `FileSize`), with its download
 * origin (`FileOriginUrl`, Mark of the Web) as `file.url` when it is an absolute URL.
 */
export function targetFileOf(columns: Columns): Record<string, unknown> | undefined {
  const file = executableFileOf(columns, CREATED_PROCESS);
  if (!file) return undefined;
  const origin = urlColumn(columns, 'FileOriginUrl');
  if (origin) file.url = origin;
  return file;
}

const WIN_EXTENSION = { name: 'win', uid: '2', version: OCSF_VERSION } as const;

/**
 * What a DeviceEvents detection was about, as one OCSF `evidences` entry: the target process (or, without
 * a PID, the target file and the account involved), the remote URL/endpoint and the registry key or value. Registry evidence uses
 * the Windows extension's objects, so `metadata.extensions` is completed when it is present.
 */
export function deviceEvidenceOf(columns: Columns, metadata: OcsfMetadata): Record<string, unknown> | undefined {
  const process = processOf(columns, CREATED_PROCESS);
  const url = urlColumn(columns, 'RemoteUrl');
  const registry = registryEvidenceOf(columns);
  if (registry && !metadata.extensions?.some((e) => e.name === WIN_EXTENSION.name)) {
    (metadata.extensions ??= []).push({ ...WIN_EXTENSION });
  }
  return compact({
    process,
    file: process ? undefined : targetFileOf(columns),
    user: process ? undefined : userOf(columns, accountColumns()),
    url,
    dst_endpoint: endpointOf(columns, { ip: 'RemoteIP', port: 'RemotePort', hostname: url ? undefined : 'RemoteUrl' }),
    src_endpoint: endpointOf(columns, { ip: 'LocalIP', port: 'LocalPort' }),
    reg_key: registry?.reg_key,
    reg_value: registry?.reg_value,
  });
}

/** `RegistryKey` (+ `RegistryValueName`, `RegistryValueData`) → `reg_value` when a value is named, else `reg_key`. */
function registryEvidenceOf(columns: Columns): { reg_key?: Record<string, unknown>; reg_value?: Record<string, unknown> } | undefined {
  const path = columns.text('RegistryKey');
  if (!path) return undefined;
  const name = columns.text('RegistryValueName');
  if (!name) return { reg_key: { path } };
  return { reg_value: compact({ path, name, data: columns.text('RegistryValueData') }) };
}
