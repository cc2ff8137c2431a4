import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceLogonEvents } from '../../../lambda/ocsf/tables/device-logon-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = deviceLogonEvents.map({
    table: 'DeviceLogonEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T10:05:52.7713068Z',
    properties: {
      Timestamp: '2025-03-14T10:02:37.4467301Z',
      DeviceId: 'a41f09c3be7d2a6e5f8c1b0d9e3a7f2c4b6d8e0f',
      DeviceName: 'srv-app-07.corp.example.com',
      AccountDomain: 'corp',
      AccountName: 'adm-asmith',
      AccountSid: 'S-1-5-21-1004336348-1177238915-682003330-50112',
      LogonType: 'Network',
      Protocol: 'Kerberos',
      InitiatingProcessId: 744,
      InitiatingProcessFileName: 'lsass.exe',
      ReportId: 401988,
      ...properties,
    },
  });
  assertOcsf(record);
  return delivered(record);
}

describe('DeviceLogonEvents → authentication: activity and outcome', () => {
  const cases: [string, number, number | undefined][] = [
    ['LogonSuccess', 1, 1],
    ['LogonFailed', 1, 2],
    ['LogonAttempted', 1, undefined],
    ['LogonSuccessAggregatedReport', 1, 1],
    ['LogonFailedAggregatedReport', 1, 2],
    ['LogonSessionDisconnected', 99, undefined],
  ];
  for (const [actionType, activityId, statusId] of cases) {
    test(`${actionType} → activity ${activityId}, status ${statusId ?? 'not stated'}`, () => {
      const record = map({ ActionType: actionType });
      assert.equal(record.class_uid, 3002);
      assert.equal(record.activity_id, activityId);
      assert.equal(record.type_uid, 300200 + activityId);
      assert.equal(record.status_id, statusId);
    });
  }

  test('a failed logon is a Logon with status Failure and the reason as detail, never a Logoff', () => {
    const record = map({ ActionType: 'LogonFailed', FailureReason: 'InvalidUserNameOrPassword' });
    assert.equal(record.activity_name, 'Logon');
    assert.equal(record.status, 'Failure');
    assert.equal(record.status_detail, 'InvalidUserNameOrPassword');
  });

  test('aggregated reports carry their occurrence count', () => {
    assert.equal(map({ ActionType: 'LogonFailedAggregatedReport', AdditionalFields: '{"uniqueEventsAggregated":12}' }).count, 12);
  });
});

describe('DeviceLogonEvents: enums', () => {
  const logonTypes: [string, number, string][] = [
    ['Interactive', 2, 'Interactive'],
    ['Network', 3, 'Network'],
    ['Batch', 4, 'Batch'],
    ['Service', 5, 'OS Service'],
    ['Unlock', 7, 'Unlock'],
    ['NetworkCleartext', 8, 'Network Cleartext'],
    ['NewCredentials', 9, 'New Credentials'],
    ['RemoteInteractive', 10, 'Remote Interactive'],
    ['CachedInteractive', 11, 'Cached Interactive'],
    ['CachedRemoteInteractive', 12, 'Cached Remote Interactive'],
    ['CachedUnlock', 13, 'Cached Unlock'],
  ];
  for (const [text, id, caption] of logonTypes) {
    test(`LogonType ${text} → ${id} ${caption}`, () => {
      const record = map({ ActionType: 'LogonSuccess', LogonType: text });
      assert.equal(record.logon_type_id, id);
      assert.equal(record.logon_type, caption);
      // Defender's own spelling stays visible when the caption differs from it.
      assert.equal((record.unmapped as Record<string, unknown> | undefined)?.LogonType, text === caption ? undefined : text);
    });
  }

  test('texts that name Object members are unknown, not inherited', () => {
    const record = map({ ActionType: 'hasOwnProperty', LogonType: 'constructor', Protocol: '__proto__' });
    assert.equal(record.activity_id, 99);
    assert.equal(record.logon_type_id, undefined);
    assert.deepEqual(record.unmapped, { LogonType: 'constructor', Protocol: '__proto__' });
  });

  test('an unknown logon type stays raw', () => {
    const record = map({ ActionType: 'LogonSuccess', LogonType: 'Teleport' });
    assert.equal(record.logon_type_id, undefined);
    assert.deepEqual(record.unmapped, { LogonType: 'Teleport' });
  });

  test('Protocol: NTLM and Kerberos are OCSF protocols; Negotiate is Other with its name', () => {
    assert.equal(map({ ActionType: 'LogonSuccess', Protocol: 'NTLM' }).auth_protocol_id, 1);
    assert.equal(map({ ActionType: 'LogonSuccess', Protocol: 'Kerberos' }).auth_protocol_id, 2);
    const negotiate = map({ ActionType: 'LogonSuccess', Protocol: 'Negotiate' });
    assert.equal(negotiate.auth_protocol_id, 99);
    assert.equal(negotiate.auth_protocol, 'Negotiate');
  });
});

describe('DeviceLogonEvents: who, from where, to where', () => {
  test('the account is the user; a local admin ("true") is typed Admin, "0" says nothing', () => {
    const admin = map({ ActionType: 'LogonSuccess', IsLocalAdmin: 'true', LogonId: 31887642 });
    assert.deepEqual(admin.user, {
      name: 'adm-asmith', domain: 'corp', uid: 'S-1-5-21-1004336348-1177238915-682003330-50112', type_id: 2, type: 'Admin',
    });
    assert.deepEqual(admin.session, { uid: '31887642' });
    const plain = map({ ActionType: 'LogonSuccess', IsLocalAdmin: 0 });
    assert.equal((plain.user as Record<string, unknown>).type_id, undefined);
  });

  test('the reporting device is the target endpoint and the host-profile device', () => {
    const record = map({ ActionType: 'LogonSuccess' });
    assert.deepEqual(record.dst_endpoint, { hostname: 'srv-app-07.corp.example.com', uid: 'a41f09c3be7d2a6e5f8c1b0d9e3a7f2c4b6d8e0f' });
    assert.equal((record.device as Record<string, unknown>).uid, 'a41f09c3be7d2a6e5f8c1b0d9e3a7f2c4b6d8e0f');
    assert.deepEqual(record.metadata.profiles, ['host']);
    assert.equal(((record.actor as Record<string, Record<string, unknown>>).process!).name, 'lsass.exe');
  });

  test('the remote side is the source; IsLocalLogon decides is_remote', () => {
    const record = map({
      ActionType: 'LogonSuccess', RemoteDeviceName: 'wks-it-011', RemoteIP: '::ffff:10.20.9.31', RemotePort: 0, RemoteIPType: 'Private',
      AdditionalFields: { IsLocalLogon: false },
    });
    assert.deepEqual(record.src_endpoint, { hostname: 'wks-it-011', ip: '10.20.9.31', port: 0, network_scope_id: 1, network_scope: 'Internal' });
    assert.equal(record.is_remote, true);
    assert.equal(map({ ActionType: 'LogonSuccess', RemoteIP: '198.51.100.23', AdditionalFields: '{"IsLocalLogon":true}' }).is_remote, false);
  });

  test('without IsLocalLogon a routable source address means remote; loopback says nothing', () => {
    assert.equal(map({ ActionType: 'LogonFailed', RemoteIP: '198.51.100.23' }).is_remote, true);
    assert.equal(map({ ActionType: 'LogonSuccess', RemoteIP: '127.0.0.1' }).is_remote, undefined);
  });

  test('a remote device name that is no DNS name becomes the endpoint name', () => {
    const record = map({ ActionType: 'LogonFailed', RemoteDeviceName: 'KALI VM' });
    assert.deepEqual(record.src_endpoint, { name: 'KALI VM' });
  });

  test('no account: a base_event (the class requires a user)', () => {
    const record = map({ ActionType: 'LogonFailed', AccountName: null, AccountDomain: '', AccountSid: null });
    assert.equal(record.class_uid, 0);
  });
});
