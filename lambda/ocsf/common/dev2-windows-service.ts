import type { Columns } from './columns.ts';
import { compact, toInteger } from './values.ts';

type Enum = readonly [number, string];

const START_TYPES: readonly Enum[] = [[1, 'Boot'], [2, 'System'], [3, 'Auto'], [4, 'Demand'], [5, 'Disabled']];
/** The texts Windows event 7045 uses for the start type. */
const START_TYPES_BY_TEXT: ReadonlyMap<string, Enum> = new Map([
  ['boot start', START_TYPES[0]!],
  ['system start', START_TYPES[1]!],
  ['auto start', START_TYPES[2]!],
  ['demand start', START_TYPES[3]!],
  ['disabled', START_TYPES[4]!],
]);
const KERNEL_DRIVER: Enum = [1, 'Kernel Driver'];
const FILE_SYSTEM_DRIVER: Enum = [2, 'File System Driver'];
const OWN_PROCESS: Enum = [3, 'Own Process'];
const SHARE_PROCESS: Enum = [4, 'Share Process'];
/** Event 7045 says "user mode service" for both process kinds, so only the driver texts are certain. */
const SERVICE_TYPES_BY_TEXT: ReadonlyMap<string, Enum> = new Map([
  ['kernel mode driver', KERNEL_DRIVER],
  ['file system driver', FILE_SYSTEM_DRIVER],
]);

/**
 * `ServiceInstalled` details (`AdditionalFields.ServiceName`, `ServiceStartType`, `ServiceType`,
 * `ServiceAccount`) plus the service binary → OCSF `win_service`. Start and service types arrive as the
 * SCM numbers (`SERVICE_AUTO_START` = 2, `SERVICE_WIN32_OWN_PROCESS` = 0x10) or as event-log text.
 * Undefined without a name or without any of the attributes the object's constraint asks for.
 */
export function winServiceOf(details: Columns, serviceFile: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const name = details.text('ServiceName');
  if (!name) return undefined;
  // SCM numbers and event-log texts both differ from the OCSF captions, so the source values also stay raw.
  const startType = startTypeOf(details.values.ServiceStartType);
  const serviceType = serviceTypeOf(details.values.ServiceType);
  const startName = details.text('ServiceAccount');
  if (!startType && !serviceType && !startName) return undefined;
  return compact({
    name,
    service_start_type_id: startType?.[0],
    service_start_type: startType?.[1],
    service_type_id: serviceType?.[0],
    service_type: serviceType?.[1],
    service_start_name: startName,
    service_file: serviceFile,
  });
}

function startTypeOf(value: unknown): Enum | undefined {
  const code = toInteger(value);
  if (code !== undefined) return START_TYPES[code];
  return typeof value === 'string' ? START_TYPES_BY_TEXT.get(value.toLowerCase()) : undefined;
}

function serviceTypeOf(value: unknown): Enum | undefined {
  const code = toInteger(value);
  if (code === undefined) return typeof value === 'string' ? SERVICE_TYPES_BY_TEXT.get(value.toLowerCase()) : undefined;
  if (code & 0x1) return KERNEL_DRIVER;
  if (code & 0x2) return FILE_SYSTEM_DRIVER;
  if (code & 0x10) return OWN_PROCESS;
  if (code & 0x20) return SHARE_PROCESS;
  return undefined;
}
