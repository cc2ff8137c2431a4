import { Columns } from '../common/columns.ts';
import { initiatingProcessOf } from '../common/dev1-actor.ts';
import { lookupTable } from '../common/lookup.ts';
import { deviceOf } from '../common/device.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { isEmpty, toText } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const KEY_ACTIVITIES = lookupTable<number>({
  RegistryKeyCreated: 1,
  RegistryKeyDeleted: 4,
  RegistryKeyRenamed: 5,
});

/** RegistryValueSet is Set whether or not a value existed before (the previous data says so). */
const VALUE_ACTIVITIES = lookupTable<number>({
  RegistryValueSet: 2,
  RegistryValueDeleted: 4,
});

type DataKind = 'string' | 'integer' | 'other';

interface ValueType {
  readonly id: number;
  readonly caption: string;
  readonly kind: DataKind;
}

/** Defender `RegistryValueType` (.NET RegistryValueKind names, any case) → OCSF `reg_value.type_id`. */
const VALUE_TYPES = lookupTable<ValueType>({
  unknown: { id: 0, caption: 'Unknown', kind: 'other' },
  binary: { id: 1, caption: 'REG_BINARY', kind: 'other' },
  dword: { id: 2, caption: 'REG_DWORD', kind: 'integer' },
  dwordbigendian: { id: 3, caption: 'REG_DWORD_BIG_ENDIAN', kind: 'integer' },
  expandstring: { id: 4, caption: 'REG_EXPAND_SZ', kind: 'string' },
  link: { id: 5, caption: 'REG_LINK', kind: 'string' },
  multistring: { id: 6, caption: 'REG_MULTI_SZ', kind: 'other' },
  none: { id: 7, caption: 'REG_NONE', kind: 'other' },
  qword: { id: 8, caption: 'REG_QWORD', kind: 'integer' },
  string: { id: 10, caption: 'REG_SZ', kind: 'string' },
});

/** Defender reports the unnamed (default) value with an empty name; OCSF requires a name. */
const DEFAULT_VALUE_NAME = '(Default)';

const DECIMAL = /^-?\d{1,15}$/;
const HEX = /^0x[0-9a-f]{1,13}$/i;

/**
 * DeviceRegistryEvents → Registry Key Activity (201001) or Registry Value Activity (201002), both
 * Windows-extension classes. Data goes to the attribute its type calls for: strings to
 * `reg_string_data`, DWORD/QWORD to `reg_integer_data`; binary and multi-string data keep
 * Defender's text in the generic `data` (its encoding is not documented, so it is not re-encoded).
 */
export const deviceRegistryEvents: TableMapper = {
  table: 'DeviceRegistryEvents',
  classes: ['registry_key_activity', 'registry_value_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const actionTypeValue = columns.values.ActionType;
    const actionType = typeof actionTypeValue === 'string' ? actionTypeValue : '';
    const keyPath = toText(columns.values.RegistryKey);
    const actorProcess = initiatingProcessOf(columns);
    const device = deviceOf(columns);
    if (!keyPath || !actorProcess || !device) return baseEventOf(row);
    columns.take('RegistryKey');

    const keyActivity = KEY_ACTIVITIES[actionType];
    const valueActivity = VALUE_ACTIVITIES[actionType];
    const isValueEvent =
      valueActivity !== undefined ||
      (keyActivity === undefined && (actionType.includes('Value') || !isEmpty(columns.values.RegistryValueName)));

    let record: OcsfRecord;
    if (isValueEvent) {
      record = newEvent(row, columns, { className: 'registry_value_activity', activityId: valueActivity ?? ACTIVITY_OTHER });
      record.actor = { process: actorProcess };
      record.device = device;
      const type = valueTypeOf(columns);
      const value = regValueOf(columns, keyPath, type);
      if (type) {
        value.type_id = type.id;
        value.type = type.caption;
      }
      record.reg_value = value;
      const previous = previousValueOf(columns, keyPath, value.name as string, type);
      if (previous) record.prev_reg_value = previous;
    } else {
      record = newEvent(row, columns, { className: 'registry_key_activity', activityId: keyActivity ?? ACTIVITY_OTHER });
      record.actor = { process: actorProcess };
      record.device = device;
      record.reg_key = { path: keyPath };
      const previousKey = columns.text('PreviousRegistryKey');
      if (previousKey) record.prev_reg_key = { path: previousKey };
    }
    return withUnmapped(record, columns);
  },
};

/** Taken only when the caption shows Defender's text (`Unknown`); `String` → REG_SZ also stays raw. */
function valueTypeOf(columns: Columns): ValueType | undefined {
  const text = columns.values.RegistryValueType;
  if (typeof text !== 'string') return undefined;
  const lower = text.toLowerCase();
  const type = VALUE_TYPES[lower];
  if (type && type.caption.toLowerCase() === lower) columns.take('RegistryValueType');
  return type;
}

function regValueOf(columns: Columns, path: string, type: ValueType | undefined): Record<string, unknown> {
  const name = columns.text('RegistryValueName');
  const value: Record<string, unknown> = { path, name: name ?? DEFAULT_VALUE_NAME };
  if (name === undefined) value.is_default = true;
  placeData(columns, 'RegistryValueData', type, value);
  return value;
}

/**
 * The value before the change, when Defender reports its name or data. Its key is
 * PreviousRegistryKey or, when that is empty, the current key (values do not move between keys);
 * its name defaults to the current one and its data is read with the current type.
 */
function previousValueOf(
  columns: Columns,
  keyPath: string,
  currentName: string,
  type: ValueType | undefined,
): Record<string, unknown> | undefined {
  const values = columns.values;
  if (isEmpty(values.PreviousRegistryValueName) && isEmpty(values.PreviousRegistryValueData)) return undefined;
  const path = columns.text('PreviousRegistryKey') ?? keyPath;
  const value: Record<string, unknown> = { path, name: columns.text('PreviousRegistryValueName') ?? currentName };
  placeData(columns, 'PreviousRegistryValueData', type, value);
  return value;
}

function placeData(columns: Columns, column: string, type: ValueType | undefined, value: Record<string, unknown>): void {
  const data = toText(columns.values[column]);
  if (data === undefined) return;
  const kind = type?.kind ?? 'other';
  if (kind === 'integer') {
    if (DECIMAL.test(data)) {
      columns.take(column);
      value.reg_integer_data = Number(data);
      return;
    }
    // `0x` hex becomes a number too, but the record no longer shows the text: it also stays raw.
    if (HEX.test(data)) {
      value.reg_integer_data = Number.parseInt(data.slice(2), 16);
      return;
    }
  }
  columns.take(column);
  if (kind === 'string') value.reg_string_data = data;
  else value.data = data;
}
