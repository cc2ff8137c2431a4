import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceRegistryEvents } from '../../../lambda/ocsf/tables/device-registry-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const RUN_KEY = 'HKEY_CURRENT_USER\\S-1-5-21-1004336348-1177238915-682003330-41211\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = deviceRegistryEvents.map({
    table: 'DeviceRegistryEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    properties: {
      Timestamp: '2025-03-14T09:12:46.2208874Z',
      DeviceId: '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a',
      DeviceName: 'wks-fin-042.corp.example.com',
      RegistryKey: RUN_KEY,
      InitiatingProcessId: 9812,
      InitiatingProcessFileName: 'powershell.exe',
      ReportId: 18345,
      ...properties,
    },
  });
  assertOcsf(record);
  return delivered(record);
}

describe('DeviceRegistryEvents: ActionType → class and activity', () => {
  const cases: [string, number, number][] = [
    ['RegistryKeyCreated', 201001, 1],
    ['RegistryKeyDeleted', 201001, 4],
    ['RegistryKeyRenamed', 201001, 5],
    ['RegistryValueSet', 201002, 2],
    ['RegistryValueDeleted', 201002, 4],
    ['RegistryKeySecurityChanged', 201001, 99],
    ['RegistryValueQueried', 201002, 99],
  ];
  for (const [actionType, classUid, activityId] of cases) {
    test(`${actionType} → ${classUid} activity ${activityId}`, () => {
      const record = map({ ActionType: actionType, RegistryValueName: actionType.includes('Value') ? 'ReportSync' : null });
      assert.equal(record.class_uid, classUid);
      assert.equal(record.activity_id, activityId);
      assert.equal(record.type_uid, classUid * 100 + activityId);
      assert.deepEqual(record.metadata.extensions, [{ name: 'win', uid: '2', version: '1.8.0' }]);
    });
  }

  test('an unknown ActionType with a value name is a value activity', () => {
    assert.equal(map({ ActionType: 'RegistrySomethingNew', RegistryValueName: 'x' }).class_uid, 201002);
    assert.equal(map({ ActionType: 'RegistrySomethingNew' }).class_uid, 201001);
  });
});

describe('DeviceRegistryEvents: keys', () => {
  test('the key and, when reported, the key before the change', () => {
    const record = map({ ActionType: 'RegistryKeyRenamed', RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\New', PreviousRegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Old' });
    assert.deepEqual(record.reg_key, { path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\New' });
    assert.deepEqual(record.prev_reg_key, { path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Old' });
    assert.equal(record.unmapped, undefined);
  });

  test('no key, no process or no device: a base_event', () => {
    assert.equal(map({ ActionType: 'RegistryKeyCreated', RegistryKey: '' }).class_uid, 0);
    assert.equal(map({ ActionType: 'RegistryKeyCreated', InitiatingProcessId: 0, InitiatingProcessFileName: null }).class_uid, 0);
    assert.equal(map({ ActionType: 'RegistryKeyCreated', DeviceId: null, DeviceName: null }).class_uid, 0);
  });
});

describe('DeviceRegistryEvents: values and their data', () => {
  const value = (type: string, data: unknown, extra: Record<string, unknown> = {}) =>
    map({ ActionType: 'RegistryValueSet', RegistryValueName: 'v', RegistryValueType: type, RegistryValueData: data, ...extra });
  const regValue = (record: OcsfRecord) => record.reg_value as Record<string, unknown>;

  test('strings go to reg_string_data; the Defender type name stays raw next to type_id', () => {
    const record = value('String', 'powershell.exe -w hidden');
    assert.deepEqual(record.reg_value, { path: RUN_KEY, name: 'v', reg_string_data: 'powershell.exe -w hidden', type_id: 10, type: 'REG_SZ' });
    assert.deepEqual(record.unmapped, { RegistryValueType: 'String' });
    assert.equal(regValue(value('ExpandString', '%TEMP%\\x')).type_id, 4);
  });

  test('DWORD/QWORD: decimal and hex become integers; hex text and huge values are not lost', () => {
    assert.equal(regValue(value('Dword', '0')).reg_integer_data, 0);
    const hex = value('Qword', '0x1f');
    assert.equal(regValue(hex).reg_integer_data, 31);
    assert.deepEqual(hex.unmapped, { RegistryValueType: 'Qword', RegistryValueData: '0x1f' });
    assert.equal(regValue(value('Qword', '133864189307489034')).data, '133864189307489034');
  });

  test('binary and multi-string data keep Defender text in the generic `data`', () => {
    assert.deepEqual(regValue(value('Binary', '01 00 00 00')), { path: RUN_KEY, name: 'v', data: '01 00 00 00', type_id: 1, type: 'REG_BINARY' });
    assert.equal(regValue(value('MultiString', 'a b')).data, 'a b');
  });

  test('an unknown value type stays raw and the data goes to `data`', () => {
    const record = value('ResourceList', 'abc');
    assert.equal(regValue(record).type_id, undefined);
    assert.equal(regValue(record).data, 'abc');
    assert.deepEqual(record.unmapped, { RegistryValueType: 'ResourceList' });
  });

  test('the unnamed default value is named (Default)', () => {
    const record = value('String', 'C:\\x.exe', { RegistryValueName: '' });
    assert.equal(regValue(record).name, '(Default)');
    assert.equal(regValue(record).is_default, true);
  });

  test('the previous value: its own key or the current one, its name or the current one, same data type', () => {
    const record = value('Dword', '0', { PreviousRegistryKey: '', PreviousRegistryValueData: '1' });
    assert.deepEqual(record.prev_reg_value, { path: RUN_KEY, name: 'v', reg_integer_data: 1 });
    const deleted = map({
      ActionType: 'RegistryValueDeleted', RegistryValueName: 'ReportSync', RegistryValueType: 'String',
      PreviousRegistryValueName: 'ReportSync', PreviousRegistryValueData: 'old.exe',
    });
    assert.deepEqual(deleted.prev_reg_value, { path: RUN_KEY, name: 'ReportSync', reg_string_data: 'old.exe' });
  });

  test('a previous key alone on a value event stays raw', () => {
    const record = value('String', 'x', { PreviousRegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Old' });
    assert.equal(record.prev_reg_value, undefined);
    assert.equal((record.unmapped as Record<string, unknown>).PreviousRegistryKey, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Old');
  });
});
