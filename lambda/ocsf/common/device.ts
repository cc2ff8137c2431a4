import { column, type Columns } from './columns.ts';
import { compact } from './values.ts';
import { isHostname } from './formats.ts';

const DEVICE_ID = column('DeviceId');
const DEVICE_NAME = column('DeviceName');
const MACHINE_GROUP = column('MachineGroup');

/**
 * `DeviceId`, `DeviceName` and `MachineGroup` → OCSF `device`. The type is unknown on event rows
 * (only DeviceInfo says it), and `type_id` is required inside the object.
 */
export function deviceOf(columns: Columns): Record<string, unknown> | undefined {
  const uid = columns.text(DEVICE_ID);
  const hostname = columns.text(DEVICE_NAME);
  const group = columns.text(MACHINE_GROUP);
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
