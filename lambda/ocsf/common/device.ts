import type { Columns } from './columns.ts';
import { compact } from './values.ts';
import { isHostname } from './formats.ts';

/**
 * `DeviceId`, `DeviceName` and `MachineGroup` → OCSF `device`. The type is unknown on event rows
 * (only DeviceInfo says it), and `type_id` is required inside the object.
 */
export function deviceOf(columns: Columns): Record<string, unknown> | undefined {
  const uid = columns.text('DeviceId');
  const hostname = columns.text('DeviceName');
  const group = columns.text('MachineGroup');
  if (!uid && !hostname) return undefined;
  return compact({
    uid,
    hostname: hostname && isHostname(hostname) ? hostname : undefined,
    name: hostname,
    type_id: 0,
    type: 'Unknown',
    groups: group ? [{ name: group }] : undefined,
  });
}
