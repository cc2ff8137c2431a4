import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { behaviorEntities } from '../../../lambda/ocsf/tables/behavior-entities.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const LSASS_BEHAVIOR = {
  Timestamp: '2025-03-14T22:00:00.250Z',
  BehaviorId: 'cd3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8',
  ActionType: 'CredentialDumpingFromLsass',
  Categories: ['CredentialAccess'],
  ServiceSource: 'Microsoft Defender for Endpoint',
  DetectionSource: 'EDR',
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = behaviorEntities.map({ table: 'BehaviorEntities', tenantId: 't', properties: { ...LSASS_BEHAVIOR, ...properties } });
  assertOcsf(record);
  return delivered(record);
}

const evidence = (record: OcsfRecord) => (record.evidences as Record<string, any>[])[0]!;

describe('BehaviorEntities → Detection Finding', () => {
  test('an entity row updates its behavior (200402) with one evidence; the roles stay raw', () => {
    const record = map({ EntityType: 'Machine', EntityRole: 'Impacted', DetailedEntityRole: '["SourceDevice"]', DeviceId: '3e2d1c0b', DeviceName: 'srv-app-07.corp.example.com' });
    assert.equal(record.type_uid, 200402);
    assert.equal((record.finding_info as Record<string, unknown>).uid, LSASS_BEHAVIOR.BehaviorId);
    assert.deepEqual((record.finding_info as Record<string, unknown>).types, ['CredentialAccess']);
    assert.equal(evidence(record).name, 'Machine');
    assert.equal(evidence(record).device.hostname, 'srv-app-07.corp.example.com');
    assert.equal(record.unmapped?.EntityRole, 'Impacted');
    assert.equal(record.unmapped?.DetailedEntityRole, '["SourceDevice"]');
  });

  test('a process entity with a pid in AdditionalFields is a process', () => {
    const record = map({
      EntityType: 'Process', FileName: 'procdump64.exe', FolderPath: 'C:\\Tools\\procdump64.exe',
      ProcessCommandLine: 'procdump64.exe -ma lsass.exe', AdditionalFields: { ProcessId: '7312', Type: 'process' },
    });
    assert.equal(evidence(record).process.pid, 7312);
    assert.equal(evidence(record).process.name, 'procdump64.exe');
    assert.equal(record.unmapped, undefined);
  });

  test('the undocumented Cloud* spellings of the resource columns are read too', () => {
    const record = map({ EntityType: 'CloudResource', CloudPlatform: 'Azure', CloudResourceType: 'VM', CloudResourceId: 'vm-12345', CloudSubscriptionId: 'sub-67890' });
    assert.deepEqual(record.resources, [{ uid: 'vm-12345', type: 'VM' }]);
    assert.deepEqual(record.cloud, { provider: 'Azure', account: { uid: 'sub-67890', type_id: 13, type: 'Azure Subscription' } });
  });

  test('an IP entity takes its geolocation from AdditionalFields', () => {
    const record = map({ EntityType: 'Ip', RemoteIP: '203.0.113.45', AdditionalFields: '{"Address":"203.0.113.45","Location":{"CountryCode":"AU","City":"Sydney"}}' });
    assert.deepEqual(evidence(record).dst_endpoint, { ip: '203.0.113.45', location: { country: 'AU', city: 'Sydney' } });
    assert.equal(record.unmapped, undefined);
  });

  test('without a BehaviorId the row stays a base event', () => {
    assert.equal(map({ BehaviorId: '', EntityType: 'User', AccountUpn: 'ktan@corp.example.com' }).class_uid, 0);
  });
});
