import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEnvelope } from '../../../lambda/rows/envelope.ts';
import { deviceInfo } from '../../../lambda/ocsf/tables/device-info.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const SNAPSHOT = {
  Timestamp: '2025-03-14T09:01:43.2289001Z',
  DeviceId: '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a',
  DeviceName: 'wks-fin-042.corp.example.com',
  MachineGroup: 'Finance Workstations',
  ReportId: 12942,
  ClientVersion: '10.8760.22621.3085',
  OSPlatform: 'Windows11',
  OSVersion: '10.0',
  OSBuild: 22631,
  OSArchitecture: '64-bit',
  DeviceType: 'Workstation',
  OnboardingStatus: 'Onboarded',
  ExposureLevel: 'Medium',
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = deviceInfo.map({
    table: 'DeviceInfo',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T09:05:11.2210034Z',
    properties: { ...SNAPSHOT, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

function device(record: OcsfRecord): Record<string, unknown> {
  return record.device as Record<string, unknown>;
}

describe('DeviceInfo → Device Inventory Info', () => {
  test('a snapshot is activity Log (500101) with the device as its subject', () => {
    const record = map({});
    assert.equal(record.class_uid, 5001);
    assert.equal(record.type_uid, 500101);
    assert.equal(device(record).uid, SNAPSHOT.DeviceId);
    assert.deepEqual(device(record).groups, [{ name: 'Finance Workstations' }]);
  });

  test('a ReportId beyond 2^53 keeps every digit, as text', () => {
    const line = JSON.stringify({ time: '2025-03-14T09:05:11Z', tenantId: 't', category: 'AdvancedHunting-DeviceInfo', properties: { ...SNAPSHOT, ReportId: 0 } })
      .replace('"ReportId":0', '"ReportId":253402300799012345');
    const parsed = parseEnvelope(line, 'deviceinfo');
    assert.ok(parsed.ok);
    const record = deviceInfo.map(parsed.row);
    assertOcsf(record);
    assert.equal(record.metadata.original_event_uid, '253402300799012345');
  });

  test('the platform gives the OS type; a distribution is the OS name', () => {
    const windows = device(map({})).os;
    const ubuntu = device(map({ OSPlatform: 'Linux', OSDistribution: 'Ubuntu', OSVersion: '22.04', OSBuild: null })).os;
    assert.deepEqual(windows, { name: 'Windows11', type_id: 100, type: 'Windows', version: '10.0', build: '22631', cpu_bits: 64 });
    assert.deepEqual(ubuntu, { name: 'Ubuntu', type_id: 200, type: 'Linux', version: '22.04', cpu_bits: 64 });
  });

  test('an OS OCSF does not know is Other with the platform as its type', () => {
    const record = map({ OSPlatform: 'FreeBSD', OSArchitecture: '' });
    assert.deepEqual(device(record).os, { name: 'FreeBSD', type_id: 99, type: 'FreeBSD', version: '10.0', build: '22631' });
  });

  test('device types: renamed values are normalized and also kept raw; unknown ones are Other', () => {
    const workstation = map({});
    const server = map({ DeviceType: 'Server' });
    const printer = map({ DeviceType: 'Printer' });
    assert.deepEqual([device(workstation).type_id, device(workstation).type], [2, 'Desktop']);
    assert.equal(workstation.unmapped?.DeviceType, 'Workstation');
    assert.deepEqual([device(server).type_id, server.unmapped?.DeviceType], [1, undefined]);
    assert.deepEqual([device(printer).type_id, device(printer).type], [99, 'Printer']);
  });

  test('the Defender sensor is the EDR agent; onboarding is whether the device is managed', () => {
    const onboarded = device(map({}));
    const discovered = map({ ClientVersion: null, OnboardingStatus: 'Can be onboarded' });
    const unknown = map({ OnboardingStatus: 'Insufficient info' });
    assert.deepEqual(onboarded.agent_list, [
      { name: 'Microsoft Defender for Endpoint', type_id: 1, type: 'Endpoint Detection and Response', vendor_name: 'Microsoft', version: '10.8760.22621.3085' },
    ]);
    assert.equal(onboarded.is_managed, true);
    assert.equal(device(discovered).is_managed, false);
    assert.equal(device(discovered).agent_list, undefined);
    assert.equal(device(unknown).is_managed, undefined);
    assert.equal(unknown.unmapped?.OnboardingStatus, 'Insufficient info');
  });

  test('exposure level is the device risk level', () => {
    assert.deepEqual([device(map({})).risk_level_id, device(map({ ExposureLevel: 'High' })).risk_level_id], [2, 3]);
    const none = map({ ExposureLevel: 'None' });
    assert.deepEqual([device(none).risk_level_id, none.unmapped?.ExposureLevel], [0, 'None']);
  });

  test('PublicIP is the NAT egress address, not the device IP: it stays unmapped', () => {
    const record = map({ PublicIP: '198.51.100.200' });
    assert.equal(device(record).ip, undefined);
    assert.equal(record.unmapped?.PublicIP, '198.51.100.200');
  });

  test('an Azure VM carries the cloud profile with its subscription', () => {
    const record = map({ AzureVmId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', AzureVmSubscriptionId: '11112222-3333-4444-5555-666677778888' });
    assert.deepEqual(record.metadata.profiles, ['cloud']);
    assert.deepEqual(record.cloud, { provider: 'Azure', account: { uid: '11112222-3333-4444-5555-666677778888', type_id: 13, type: 'Azure Subscription' } });
    assert.equal(device(record).instance_uid, '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d');
  });

  test('a discovered device whose name is not a DNS name has a name but no hostname', () => {
    const record = map({ DeviceName: 'HP LaserJet M406', DeviceType: 'Printer' });
    assert.equal(device(record).hostname, undefined);
    assert.equal(device(record).name, 'HP LaserJet M406');
  });

  test('a hardware UUID that is not a UUID, and JSON columns without a home, stay raw', () => {
    const record = map({ HardwareUuid: 'not-a-uuid', AdditionalFields: '{"MdmManaged":true}', LoggedOnUsers: '[{"UserName":"jdoe"}]' });
    assert.equal(device(record).hw_info, undefined);
    assert.equal(record.unmapped?.HardwareUuid, 'not-a-uuid');
    assert.deepEqual(record.unmapped?.AdditionalFields, { MdmManaged: true });
    assert.equal(record.unmapped?.LoggedOnUsers, '[{"UserName":"jdoe"}]');
  });

  test('a row with no device identity is a base_event', () => {
    const record = map({ DeviceId: '', DeviceName: null });
    assert.equal(record.class_uid, 0);
  });
});
