import { Columns } from '../common/columns.ts';
import { enumTaken, isManagedOf } from '../common/dev2-device-inventory.ts';
import { deviceOf } from '../common/device.ts';
import { newEvent, withUnmapped } from '../common/event.ts';
import { compact, isPlainObject, toInteger } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const LOG = 1;

type Enum = readonly [number, string];
const WIRED: Enum = [1, 'Wired'];
/** `NetworkAdapterType` (.NET `NetworkInterfaceType` names) → OCSF `network_interface.type_id`. */
const INTERFACE_TYPES: ReadonlyMap<string, Enum> = new Map<string, Enum>([
  ['unknown', [0, 'Unknown']],
  ['ethernet', WIRED],
  ['ethernet3megabit', WIRED],
  ['fastethernett', WIRED],
  ['fastethernetfx', WIRED],
  ['gigabitethernet', WIRED],
  ['wireless80211', [2, 'Wireless']],
  ['wwanpp', [3, 'Mobile']],
  ['wwanpp2', [3, 'Mobile']],
  ['tunnel', [4, 'Tunnel']],
]);

/**
 * DeviceNetworkInfo → Device Inventory Info (5001), activity 1 (Log): one adapter of a device per row.
 * The adapter becomes `device.network_interfaces[]`, one entry per address in `IPAddresses` (OCSF's
 * interface holds a single IP), or one entry without an IP when the adapter has none. The adapter's DNS
 * suffix is the device's network domain. DNS servers, gateways, DHCP servers, connected networks, the
 * adapter's status, vendor and tunnel type have no OCSF home and stay under `unmapped`; `IPAddresses`
 * also stays there when its entries carry more than the address and prefix (Defender adds `AddressType`).
 */
export const deviceNetworkInfo: TableMapper = {
  table: 'DeviceNetworkInfo',
  classes: ['inventory_info', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const device = deviceOf(columns);
    if (!device) return baseEventOf(row);
    const interfaces = interfacesOf(columns);
    if (interfaces) device.network_interfaces = interfaces;
    const domain = columns.text('NetworkAdapterDnsSuffix');
    if (domain) device.domain = domain;
    const managed = isManagedOf(columns);
    if (managed !== undefined) device.is_managed = managed;
    const record = newEvent(row, columns, { className: 'inventory_info', activityId: LOG });
    record.device = device;
    return withUnmapped(record, columns);
  },
};

function interfacesOf(columns: Columns): Record<string, unknown>[] | undefined {
  const name = columns.text('NetworkAdapterName');
  const mac = columns.mac('MacAddress');
  const addresses = addressesOf(columns);
  if (!name && !mac && !addresses) return undefined;
  const adapter = compact({ name, ...interfaceTypeOf(columns), mac }) ?? {};
  if (!addresses) return [adapter];
  const interfaces: Record<string, unknown>[] = [];
  for (const address of addresses) interfaces.push({ ...adapter, ...address });
  return interfaces;
}

function interfaceTypeOf(columns: Columns): { type_id?: number; type?: string } {
  const value = columns.values.NetworkAdapterType;
  if (typeof value !== 'string' || value === '') return {};
  const [typeId, type] = enumTaken(columns, 'NetworkAdapterType', value, INTERFACE_TYPES.get(value.toLowerCase()) ?? [99, value]);
  return { type_id: typeId, type };
}

type Address = { ip: string; subnet_prefix?: number };

/**
 * `IPAddresses`: `[{"IPAddress":"10.0.0.5","SubnetPrefix":24,"AddressType":"Private"}, …]`. Entries whose
 * address does not convert are skipped; the column counts as mapped only when nothing else was in it.
 */
function addressesOf(columns: Columns): Address[] | undefined {
  const entries = columns.peekJson('IPAddresses');
  if (!Array.isArray(entries)) return undefined;
  const addresses: Address[] = [];
  let complete = true;
  for (const entry of entries) {
    if (!isPlainObject(entry)) {
      complete = false;
      continue;
    }
    const fields = new Columns(entry);
    const ip = fields.ip('IPAddress');
    const prefix = ip ? toInteger(fields.values.SubnetPrefix) : undefined;
    const validPrefix = prefix !== undefined && prefix >= 0 && prefix <= (ip!.includes(':') ? 128 : 32);
    if (validPrefix) fields.take('SubnetPrefix');
    if (fields.leftovers()) complete = false;
    if (ip) addresses.push(validPrefix ? { ip, subnet_prefix: prefix } : { ip });
  }
  if (complete) columns.take('IPAddresses');
  return addresses.length > 0 ? addresses : undefined;
}
