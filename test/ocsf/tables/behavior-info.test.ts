import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { behaviorInfo } from '../../../lambda/ocsf/tables/behavior-info.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const IMPOSSIBLE_TRAVEL = {
  Timestamp: '2025-03-14T21:04:12.3456789Z',
  BehaviorId: 'ad1f2e3d4c5b6a79788a9b0c1d2e3f4a5',
  ActionType: 'ImpossibleTravelActivity',
  Title: 'Impossible travel activity',
  Description: 'Sign-ins from Berlin and Sydney within 40 minutes.',
  Categories: '["InitialAccess"]',
  AttackTechniques: '["Valid Accounts (T1078)"]',
  ServiceSource: 'Microsoft Defender for Cloud Apps',
  DetectionSource: 'Cloud App Security',
  DataSources: '["Microsoft Entra ID","Microsoft 365"]',
  AccountUpn: 'ktan@corp.example.com',
  AccountObjectId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
  StartTime: '2025-03-14T20:10:00Z',
  EndTime: '2025-03-14T20:50:31.5Z',
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = behaviorInfo.map({ table: 'BehaviorInfo', tenantId: 't', properties: { ...IMPOSSIBLE_TRAVEL, ...properties } });
  assertOcsf(record);
  return delivered(record);
}

const info = (record: OcsfRecord) => record.finding_info as Record<string, any>;

describe('BehaviorInfo → Detection Finding', () => {
  test('a behavior is a Create (200401) finding, not an alert, named by its behavior type', () => {
    const record = map({});
    assert.equal(record.type_uid, 200401);
    assert.equal(record.is_alert, undefined);
    assert.equal(record.metadata.event_code, 'ImpossibleTravelActivity');
    assert.equal(info(record).analytic.name, 'ImpossibleTravelActivity');
    assert.equal(info(record).analytic.category, 'Cloud App Security');
    assert.equal(info(record).desc, IMPOSSIBLE_TRAVEL.Description);
    assert.deepEqual(info(record).data_sources, ['Microsoft Entra ID', 'Microsoft 365']);
  });

  test('a behavior type never seen before is still a Create finding of that kind', () => {
    const record = map({ ActionType: 'SomethingNew2026' });
    assert.equal(record.type_uid, 200401);
    assert.equal(info(record).analytic.name, 'SomethingNew2026');
  });

  test('StartTime and EndTime bound the activity, on the record and on the finding', () => {
    const record = map({});
    assert.equal(record.start_time, Date.parse('2025-03-14T20:10:00Z'));
    assert.equal(record.end_time, Date.parse('2025-03-14T20:50:31.5Z'));
    assert.equal(info(record).first_seen_time, record.start_time);
    assert.equal(info(record).last_seen_time, record.end_time);
  });

  test('the account and device the behavior concerns are its evidence; an object id alone is the uid', () => {
    const byUpn = (map({}).evidences as Record<string, any>[])[0]!;
    assert.deepEqual(byUpn.user, { name: 'ktan@corp.example.com', uid_alt: IMPOSSIBLE_TRAVEL.AccountObjectId, email_addr: 'ktan@corp.example.com' });
    const byObjectId = (map({ AccountUpn: '' }).evidences as Record<string, any>[])[0]!;
    assert.deepEqual(byObjectId.user, { uid: IMPOSSIBLE_TRAVEL.AccountObjectId });
    const device = (map({ AccountUpn: null, AccountObjectId: null, DeviceId: '3e2d1c0b9a8f7e6d5c4b3a291807f6e5d4c3b2a1' }).evidences as Record<string, any>[])[0]!;
    assert.deepEqual(device.device, { type_id: 0, type: 'Unknown', uid: '3e2d1c0b9a8f7e6d5c4b3a291807f6e5d4c3b2a1' });
  });

  test('no severity column: severity Unknown; a comma-separated DataSources is split and kept raw', () => {
    const record = map({ DataSources: 'CloudApps, UEBA' });
    assert.equal(record.severity_id, 0);
    assert.deepEqual(info(record).data_sources, ['CloudApps', 'UEBA']);
    assert.equal(record.unmapped?.DataSources, 'CloudApps, UEBA');
  });

  test('without a BehaviorId the row stays a base event', () => {
    assert.equal(map({ BehaviorId: null }).class_uid, 0);
  });
});
