import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { identityLogonEvents } from '../../../lambda/ocsf/tables/identity-logon-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const KERBEROS_LOGON = {
  Timestamp: '2025-03-14T07:58:09.231Z',
  ActionType: 'LogonSuccess',
  Application: 'Active Directory',
  LogonType: 'Resource access',
  Protocol: 'Kerberos',
  AccountName: 'jdoe',
  AccountDomain: 'corp.example.com',
  AccountUpn: 'jdoe@corp.example.com',
  AccountSid: 'S-1-5-21-1004336348-1177238915-682003330-41211',
  AccountObjectId: '6b0f3c1d-2e4a-4f5b-9c8d-7e6f5a4b3c2d',
  AccountDisplayName: 'Jane Doe',
  DeviceName: 'wks-fin-042.corp.example.com',
  IPAddress: '10.20.14.57',
  Port: 50314,
  DestinationDeviceName: 'dc01.corp.example.com',
  DestinationIPAddress: '10.20.0.10',
  DestinationPort: 88,
  ReportId: 'a7c3e1f5-92b4-4d6a-8e0c-1f3b5d7a9c2e_93512207_1741939089231_4412',
  AdditionalFields: { Count: '1', SourceComputerOperatingSystemType: 'windows' },
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = identityLogonEvents.map({
    table: 'IdentityLogonEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T07:59:41.3305518Z',
    properties: { ...KERBEROS_LOGON, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

const get = (record: OcsfRecord, key: string) => record[key] as Record<string, any>;

describe('IdentityLogonEvents → Authentication', () => {
  test('a successful logon is Logon (300201) with status Success, the account as user', () => {
    const record = map({});
    assert.equal(record.class_uid, 3002);
    assert.equal(record.type_uid, 300201);
    assert.equal(record.status_id, 1);
    assert.deepEqual(get(record, 'user'), {
      name: 'jdoe',
      domain: 'corp.example.com',
      uid: KERBEROS_LOGON.AccountSid,
      uid_alt: KERBEROS_LOGON.AccountObjectId,
      email_addr: 'jdoe@corp.example.com',
      display_name: 'Jane Doe',
    });
    assert.deepEqual(get(record, 'service'), { name: 'Active Directory' });
  });

  test('a failed logon is still Logon, with status Failure and the reason as status_detail', () => {
    const record = map({ ActionType: 'LogonFailed', FailureReason: 'WrongPassword', LogonType: 'Failed logon' });
    assert.equal(record.activity_id, 1);
    assert.equal(record.status_id, 2);
    assert.equal(record.status_detail, 'WrongPassword');
    assert.equal(record.logon_type_id, undefined, 'MDI gives failed logons no logon type');
    assert.equal(get(record, 'unmapped').LogonType, 'Failed logon');
  });

  test('an unknown ActionType is activity Other carrying the raw text, with no status', () => {
    const record = map({ ActionType: 'LogonAttempted' });
    assert.equal(record.type_uid, 300299);
    assert.equal(record.activity_name, 'LogonAttempted');
    assert.equal(record.status_id, undefined);
  });

  test('the client is src_endpoint and the domain controller dst_endpoint', () => {
    const record = map({ IPAddress: '::ffff:10.20.14.57', Port: '50314' });
    assert.deepEqual(get(record, 'src_endpoint').ip, '10.20.14.57');
    assert.equal(get(record, 'src_endpoint').port, 50314);
    assert.equal(get(record, 'src_endpoint').hostname, 'wks-fin-042.corp.example.com');
    assert.deepEqual(get(record, 'dst_endpoint'), { hostname: 'dc01.corp.example.com', ip: '10.20.0.10', port: 88 });
  });

  test('MDI logon types map to Windows logon types; a text the caption does not repeat stays raw too', () => {
    const network = map({});
    assert.equal(network.logon_type_id, 3);
    assert.equal(network.logon_type, 'Network');
    assert.equal(get(network, 'unmapped').LogonType, 'Resource access');

    const cleartext = map({ LogonType: 'LDAP cleartext', Protocol: 'Ldap' });
    assert.equal(cleartext.logon_type_id, 8);
    assert.equal(cleartext.is_cleartext, true);
    assert.equal(cleartext.auth_protocol_id, 12);

    const interactive = map({ LogonType: 'Interactive' });
    assert.equal(interactive.logon_type_id, 2);
    assert.equal(get(interactive, 'unmapped')?.LogonType, undefined);

    const unknown = map({ LogonType: 'Login:resume' });
    assert.equal(unknown.logon_type_id, undefined);
    assert.equal(get(unknown, 'unmapped').LogonType, 'Login:resume');
  });

  test('protocols: NTLM and Kerberos by name; an unknown protocol stays raw', () => {
    assert.equal(map({ Protocol: 'Ntlm' }).auth_protocol_id, 1);
    assert.equal(map({}).auth_protocol_id, 2);
    const other = map({ Protocol: 'Negotiate' });
    assert.equal(other.auth_protocol_id, undefined);
    assert.equal(get(other, 'unmapped').Protocol, 'Negotiate');
  });

  test('AdditionalFields as a JSON string reads like the object: count, OS, device names, object GUID', () => {
    const fields = {
      Count: '3',
      SourceComputerOperatingSystem: 'windows server 2019 standard',
      SourceComputerOperatingSystemType: 'windows',
      SourceComputerOperatingSystemVersion: '10.0 (17763)',
      'FROM.DEVICE': 'WKS-FIN-042',
      'TO.DEVICE': 'DC01',
      DestinationComputerObjectGuid: '9e1d2c3b-4a5f-4e6d-8c7b-1a2b3c4d5e6f',
    };
    const asObject = map({ AdditionalFields: fields });
    const asString = map({ AdditionalFields: JSON.stringify(fields) });
    assert.deepEqual(asString.src_endpoint, asObject.src_endpoint);
    assert.equal(asObject.count, 3);
    assert.deepEqual(get(asObject, 'src_endpoint').os, { name: 'windows server 2019 standard', type_id: 100, type: 'Windows', version: '10.0 (17763)' });
    assert.equal(get(asObject, 'src_endpoint').name, 'WKS-FIN-042');
    assert.equal(get(asObject, 'dst_endpoint').uid, fields.DestinationComputerObjectGuid);
  });

  test('an Entra sign-in: cloud-only account named by its UPN, device type, country code and ISP', () => {
    const record = map({
      AccountName: '', AccountDomain: '', AccountSid: '', Application: 'Microsoft Teams',
      DestinationDeviceName: '', DestinationIPAddress: '', DestinationPort: '', DeviceName: '', Port: '',
      DeviceType: 'Desktop', OSPlatform: 'Windows 11', Location: 'de', Isp: 'Deutsche Telekom AG',
      IPAddress: '203.0.113.45', AdditionalFields: null,
    });
    assert.equal(get(record, 'user').name, 'jdoe@corp.example.com');
    assert.equal(record.dst_endpoint, undefined);
    assert.deepEqual(get(record, 'src_endpoint'), {
      ip: '203.0.113.45', type_id: 2, type: 'Desktop', os: { name: 'Windows 11', type_id: 100, type: 'Windows' },
      isp: 'Deutsche Telekom AG', location: { country: 'DE' },
    });
  });

  test('a free-text location, a workstation device type and a malformed IP stay raw', () => {
    const record = map({ Location: 'Seattle, Washington', DeviceType: 'Workstation', IPAddress: '10.20.300.7' });
    const unmapped = get(record, 'unmapped');
    assert.equal(unmapped.Location, 'Seattle, Washington');
    assert.equal(unmapped.IPAddress, '10.20.300.7');
    assert.equal(unmapped.DeviceType, 'Workstation');
    assert.equal(get(record, 'src_endpoint').type_id, 2, 'a workstation is still a desktop');
  });

  test('without a user, or without both service and dst_endpoint, the row stays a base event', () => {
    const noUser = map({ AccountName: null, AccountDomain: null, AccountUpn: null, AccountSid: null, AccountObjectId: null, AccountDisplayName: null });
    assert.equal(noUser.class_uid, 0);
    assert.equal(get(noUser, 'unmapped').DeviceName, KERBEROS_LOGON.DeviceName);
    const nowhere = map({ Application: null, DestinationDeviceName: null, DestinationIPAddress: null, DestinationPort: null });
    assert.equal(nowhere.class_uid, 0);
  });
});
