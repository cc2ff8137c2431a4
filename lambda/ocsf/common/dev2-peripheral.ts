import type { Columns } from './columns.ts';
import { compact } from './values.ts';

const EXTERNAL_STORAGE = [1, 'External Storage'] as const;

/** Windows device setup class (`ClassName`) → OCSF `peripheral_device.type_id`. */
const TYPES_BY_CLASS: ReadonlyMap<string, readonly [number, string]> = new Map<string, readonly [number, string]>([
  ['diskdrive', EXTERNAL_STORAGE],
  ['usbstor', EXTERNAL_STORAGE],
  ['wpd', EXTERNAL_STORAGE],
  ['cdrom', EXTERNAL_STORAGE],
  ['volume', EXTERNAL_STORAGE],
  ['keyboard', [2, 'Keyboard']],
  ['mouse', [3, 'Mouse']],
  ['printer', [4, 'Printer']],
  ['monitor', [5, 'Monitor']],
  ['camera', [7, 'Webcam']],
  ['image', [7, 'Webcam']],
]);

/**
 * The peripheral a DeviceEvents USB/PnP row describes, from its `AdditionalFields`:
 * PnP rows (`PnpDeviceConnected`, device control `PnpDevice*`) carry `DeviceDescription`, `DeviceId`
 * (the instance path), `ClassName` and `VendorIds`; USB drive rows (`UsbDrive*`) carry `ProductName`,
 * `Manufacturer` and `SerialNumber` and are storage by definition. `name` is required by OCSF.
 */
export function peripheralDeviceOf(details: Columns, isUsbDrive: boolean): Record<string, unknown> | undefined {
  const name = details.text('DeviceDescription') ?? details.text('ProductName');
  if (!name) return undefined;
  const className = details.text('ClassName');
  const type = isUsbDrive ? EXTERNAL_STORAGE : className ? TYPES_BY_CLASS.get(className.toLowerCase()) : undefined;
  return compact({
    name,
    uid: details.text('DeviceId') ?? details.text('DeviceInstanceId'),
    class: className,
    type_id: type?.[0],
    type: type?.[1],
    vendor_name: details.text('Manufacturer'),
    serial_number: details.text('SerialNumber'),
    vendor_id_list: vendorIdsOf(details),
  });
}

/**
 * `VendorIds`: hardware ids separated by spaces (or already a JSON array of strings). A space-separated
 * text is split into the list and also kept raw, since the text itself no longer appears.
 */
function vendorIdsOf(details: Columns): string[] | undefined {
  const value = details.values.VendorIds;
  const parts = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : undefined;
  if (!parts) return undefined;
  const ids: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string') return undefined;
    if (part !== '') ids.push(part);
  }
  if (ids.length === 0) return undefined;
  if (Array.isArray(value)) details.take('VendorIds');
  return ids;
}
