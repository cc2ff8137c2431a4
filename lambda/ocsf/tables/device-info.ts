import { Columns } from '../common/columns.ts';
import { defenderAgentOf, deviceTypeOf, exposureOf, isManagedOf, osOf } from '../common/dev2-device-inventory.ts';
import { newEvent, withUnmapped } from '../common/event.ts';
import { compact } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';
import { isHostname } from '../common/formats.ts';

const LOG = 1;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * DeviceInfo → Device Inventory Info (5001), activity 1 (Log): each row is a snapshot of a device's
 * state. The device's identity, type, OS, Defender sensor, exposure and onboarding become `device`.
 * Columns with no OCSF device attribute (join type, tags, asset value, cloud resource names other than
 * the Azure VM id and subscription, logged-on users, exclusion state, …) stay under `unmapped`; a cloud
 * VM (any of the Azure, AWS or GCP resource columns) also gets the `cloud` profile's `cloud.provider`; so does `PublicIP`, the
 * NAT address the device reaches the service from, not an address of the device. `ReportId` can exceed
 * 2^53 and is kept as its decimal string in `metadata.original_event_uid`.
 */
export const deviceInfo: TableMapper = {
  table: 'DeviceInfo',
  classes: ['inventory_info', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const device = deviceOf(columns);
    if (!device) return baseEventOf(row);
    const cloud = cloudOf(columns);
    const record = newEvent(row, columns, { className: 'inventory_info', activityId: LOG, profiles: cloud ? ['cloud'] : undefined });
    if (cloud) record.cloud = cloud;
    record.device = device;
    columns.object('AdditionalFields');
    return withUnmapped(record, columns);
  },
};

function deviceOf(columns: Columns): Record<string, unknown> | undefined {
  const uid = columns.text('DeviceId');
  const name = columns.text('DeviceName');
  if (!uid && !name) return undefined;
  // Discovered devices (printers, cameras) can carry display names that are not DNS names.
  const hostname = name && isHostname(name) ? name : undefined;
  const [typeId, type] = deviceTypeOf(columns, 'DeviceType');
  const exposure = exposureOf(columns);
  const group = columns.text('MachineGroup');
  return compact({
    uid,
    uid_alt: columns.text('AadDeviceId'),
    hostname,
    name,
    type_id: typeId,
    type,
    os: osOf(columns),
    model: columns.text('Model'),
    vendor_name: columns.text('Vendor'),
    hw_info: hardwareOf(columns),
    instance_uid: columns.text('AzureVmId'),
    agent_list: defenderAgentOf(columns),
    is_managed: isManagedOf(columns),
    risk_level_id: exposure?.[0],
    risk_level: exposure?.[1],
    groups: group ? [{ name: group }] : undefined,
  });
}

function hardwareOf(columns: Columns): { uuid: string } | undefined {
  const uuid = columns.values.HardwareUuid;
  if (typeof uuid !== 'string' || !UUID.test(uuid)) return undefined;
  columns.take('HardwareUuid');
  return { uuid };
}

/** A cloud VM: the provider its resource columns name, and for Azure the subscription as the account. */
function cloudOf(columns: Columns): Record<string, unknown> | undefined {
  if (columns.has('AzureVmId') || columns.has('AzureResourceId') || columns.has('AzureVmSubscriptionId')) {
    const subscription = columns.text('AzureVmSubscriptionId');
    return compact({ provider: 'Azure', account: subscription ? { uid: subscription, type_id: 13, type: 'Azure Subscription' } : undefined });
  }
  if (columns.has('AwsResourceName')) return { provider: 'AWS' };
  if (columns.has('GcpFullResourceName')) return { provider: 'GCP' };
  return undefined;
}
