import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { identityDirectoryEvents } from '../../../lambda/ocsf/tables/identity-directory-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const PASSWORD_CHANGE = {
  Timestamp: '2025-03-14T16:00:02.5Z',
  ActionType: 'Account Password changed',
  Application: 'Active Directory',
  Protocol: 'Ldap',
  AccountName: 'jdoe-adm',
  AccountDomain: 'corp.example.com',
  AccountSid: 'S-1-5-21-1004336348-1177238915-682003330-51002',
  DeviceName: 'wks-fin-042.corp.example.com',
  IPAddress: '10.20.14.57',
  Port: 52113,
  DestinationDeviceName: 'dc01.corp.example.com',
  DestinationIPAddress: '10.20.0.10',
  DestinationPort: 389,
  TargetAccountUpn: 'ktan@corp.example.com',
  TargetAccountDisplayName: 'Kim Tan',
  ReportId: 'd3e4f5a6-b7c8-4d9e-0f1a-2b3c4d5e6f7a_93512207_1741968002500_4412',
};

const NO_TARGET = { TargetAccountUpn: null, TargetAccountDisplayName: null, TargetDeviceName: null };

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = identityDirectoryEvents.map({
    table: 'IdentityDirectoryEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    properties: { ...PASSWORD_CHANGE, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

const get = (record: OcsfRecord, key: string) => record[key] as Record<string, any>;

describe('IdentityDirectoryEvents → Account Change / Group Management / Entity Management', () => {
  test('a password change is Account Change Password Change (300103): target as user, initiator as actor', () => {
    const record = map({});
    assert.equal(record.type_uid, 300103);
    assert.deepEqual(get(record, 'user'), { name: 'ktan@corp.example.com', email_addr: 'ktan@corp.example.com', display_name: 'Kim Tan' });
    assert.equal(get(record, 'actor').user.name, 'jdoe-adm');
    assert.equal(get(record, 'src_endpoint').hostname, PASSWORD_CHANGE.DeviceName);
  });

  test('the domain controller is the device (host profile); its port has no place there and stays raw', () => {
    const record = map({ AdditionalFields: { 'TO.DEVICE': 'DC01' } });
    assert.deepEqual(record.metadata.profiles, ['host']);
    assert.deepEqual(get(record, 'device'), { hostname: 'dc01.corp.example.com', name: 'DC01', ip: '10.20.0.10', type_id: 0, type: 'Unknown' });
    assert.equal(get(record, 'unmapped').DestinationPort, 389);
  });

  test('group membership: TO.GROUP adds (300603), FROM.GROUP removes (300604) the target from the group', () => {
    const added = map({ ActionType: 'Group Membership changed', AdditionalFields: { 'TO.GROUP': 'Domain Admins', 'TARGET_OBJECT.GROUP': 'Domain Admins' } });
    assert.equal(added.type_uid, 300603);
    assert.deepEqual(added.group, { name: 'Domain Admins' });
    assert.equal(get(added, 'user').display_name, 'Kim Tan');
    assert.equal(get(added, 'unmapped').AdditionalFields, undefined, 'TARGET_OBJECT.GROUP repeats the group');

    const removed = map({ ActionType: 'Group Membership changed', ...NO_TARGET, AdditionalFields: '{"FROM.GROUP":"VPN Users","TARGET_OBJECT.USER":"svc-legacy"}' });
    assert.equal(removed.type_uid, 300604);
    assert.deepEqual(removed.user, { name: 'svc-legacy' });
  });

  test('the new value of a toggled attribute decides the activity; the FROM/TO pair stays raw', () => {
    const disabled = map({ ActionType: 'Account Disabled changed', AdditionalFields: { 'FROM Account Disabled': 'False', 'TO Account Disabled': 'True' } });
    assert.equal(disabled.type_uid, 300105);
    assert.equal(get(disabled, 'unmapped').AdditionalFields['TO Account Disabled'], 'True');
    const enabled = map({ ActionType: 'Account Disabled changed', AdditionalFields: { 'TO Account Disabled': 'False' } });
    assert.equal(enabled.type_uid, 300102);
    const unlocked = map({ ActionType: 'Account Locked changed', AdditionalFields: { 'TO Account Locked': false } });
    assert.equal(unlocked.type_uid, 300112);
    const unknownValue = map({ ActionType: 'Account Disabled changed', AdditionalFields: null });
    assert.equal(unknownValue.type_uid, 300199);
  });

  test('other attribute changes and unknown ActionTypes on an account are Account Change Other with the raw text', () => {
    const record = map({ ActionType: 'Account Sensitive flag changed' });
    assert.equal(record.type_uid, 300199);
    assert.equal(record.activity_name, 'Account Sensitive flag changed');
  });

  test('a change to a computer account is Entity Management, the device as the entity', () => {
    const record = map({ ...NO_TARGET, ActionType: 'Account Disabled changed', TargetDeviceName: 'srv-app-07.corp.example.com', AdditionalFields: { 'TO Account Disabled': 'True', 'TARGET_OBJECT.DEVICE': 'SRV-APP-07' } });
    assert.equal(record.type_uid, 300409, 'Disable in Entity Management');
    assert.deepEqual(record.entity, {
      type_id: 1, type: 'Device', name: 'srv-app-07.corp.example.com',
      device: { type_id: 0, type: 'Unknown', hostname: 'srv-app-07.corp.example.com', name: 'SRV-APP-07' },
    });
  });

  test('directory replication is an Entity Management Read of the target', () => {
    const record = map({ ...NO_TARGET, ActionType: 'Directory Services replication', TargetDeviceName: 'dc01.corp.example.com' });
    assert.equal(record.type_uid, 300402);
    assert.equal(get(record, 'entity').type, 'Device');
  });

  test('with nothing to name as the changed entity the row stays a base event', () => {
    const record = map({ ...NO_TARGET, ActionType: 'Account Password expired' });
    assert.equal(record.class_uid, 0);
    assert.equal(get(record, 'unmapped').AccountName, 'jdoe-adm');
  });
});
