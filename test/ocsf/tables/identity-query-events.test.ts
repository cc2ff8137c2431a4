import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { identityQueryEvents } from '../../../lambda/ocsf/tables/identity-query-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const LDAP_QUERY = {
  Timestamp: '2025-03-14T09:12:44.5650912Z',
  ActionType: 'LDAP query',
  Application: 'Active Directory',
  QueryType: 'AllGroups',
  QueryTarget: 'Domain Admins',
  Query: '(&(objectCategory=group)(adminCount=1))',
  Protocol: 'Ldap',
  AccountName: 'jdoe',
  AccountDomain: 'corp.example.com',
  AccountSid: 'S-1-5-21-1004336348-1177238915-682003330-41211',
  DeviceName: 'wks-fin-042.corp.example.com',
  IPAddress: '10.20.14.57',
  Port: 50001,
  DestinationDeviceName: 'dc01.corp.example.com',
  DestinationIPAddress: '10.20.0.10',
  DestinationPort: 389,
  ReportId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b_93512207_1741943564565_4412',
};

const NO_ACCOUNT = { AccountName: null, AccountDomain: null, AccountSid: null, AccountUpn: null, AccountObjectId: null, AccountDisplayName: null };

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = identityQueryEvents.map({
    table: 'IdentityQueryEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    properties: { ...LDAP_QUERY, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

const get = (record: OcsfRecord, key: string) => record[key] as Record<string, any>;

describe('IdentityQueryEvents → API Activity / DNS Activity', () => {
  test('an LDAP query is an API Read (600302): the account as actor, QueryType as the operation, the target as a resource', () => {
    const record = map({});
    assert.equal(record.type_uid, 600302);
    assert.equal(get(record, 'actor').user.name, 'jdoe');
    assert.deepEqual(get(record, 'api'), { operation: 'AllGroups', service: { name: 'Active Directory' } });
    assert.deepEqual(record.resources, [{ name: 'Domain Admins' }]);
    assert.equal(get(record, 'src_endpoint').ip, '10.20.14.57');
    assert.equal(get(record, 'dst_endpoint').port, 389);
    assert.equal(get(record, 'unmapped').Query, LDAP_QUERY.Query, 'the LDAP filter has no OCSF home');
  });

  test('without a QueryType the ActionType is the operation; an unknown ActionType is activity Other', () => {
    assert.equal(get(map({ QueryType: null, ActionType: 'SAMR query' }), 'api').operation, 'SAMR query');
    const unknown = map({ ActionType: 'Kerberos SPN enumeration' });
    assert.equal(unknown.type_uid, 600399);
    assert.equal(unknown.activity_name, 'Kerberos SPN enumeration');
  });

  test('a queried account that is the query target is one User resource', () => {
    const record = map({ ActionType: 'SAMR query', QueryType: 'QueryUser', QueryTarget: 'Kim Tan', TargetAccountDisplayName: 'Kim Tan', TargetAccountUpn: 'ktan@corp.example.com' });
    assert.deepEqual(record.resources, [{ type: 'User', name: 'Kim Tan', uid: 'ktan@corp.example.com' }]);
  });

  test('a query under a computer account names it from AdditionalFields (SourceAccountSid, SourceAccountId)', () => {
    const record = map({
      ...NO_ACCOUNT,
      AccountDisplayName: 'D2WXA1303R$',
      AdditionalFields: { SourceAccountSid: 'S-1-5-21-621940831-1238047941-1264475144-86894', SourceAccountId: 'b7c4b4f6-3240-4a67-8255-d5694015588c' },
    });
    assert.deepEqual(get(record, 'actor').user, {
      uid: 'S-1-5-21-621940831-1238047941-1264475144-86894',
      uid_alt: 'b7c4b4f6-3240-4a67-8255-d5694015588c',
      display_name: 'D2WXA1303R$',
    });
  });

  test('MITRE techniques in AdditionalFields become attacks under the security_control profile; the text stays raw', () => {
    const techniques = 'Permission Groups Discovery (T1069), Domain Groups (T1069.002)';
    const record = map({ AdditionalFields: JSON.stringify({ AttackTechniques: techniques, Category: 'Discovery' }) });
    assert.deepEqual(record.metadata.profiles, ['security_control']);
    assert.deepEqual(record.attacks, [
      { technique: { uid: 'T1069', name: 'Permission Groups Discovery' } },
      { sub_technique: { uid: 'T1069.002', name: 'Domain Groups' }, technique: { uid: 'T1069' } },
    ]);
    assert.equal(get(record, 'unmapped').AdditionalFields.AttackTechniques, techniques);
  });

  test('a DNS query is DNS Activity Query (400301); without an account there is no actor and no host profile', () => {
    const record = map({ ...NO_ACCOUNT, ActionType: 'DNS query', QueryType: 'Text', QueryTarget: '_ldap._tcp.dc._msdcs.corp.example.com', Protocol: 'Dns', Query: null });
    assert.equal(record.type_uid, 400301);
    assert.deepEqual(record.query, { hostname: '_ldap._tcp.dc._msdcs.corp.example.com', type: 'Text' });
    assert.equal(record.actor, undefined);
    assert.equal(record.metadata.profiles, undefined);
    assert.equal(record.app_protocol_name, 'Dns');
  });

  test('a DNS query by a user carries the actor under the host profile; a target that is no host name stays raw', () => {
    const record = map({ ActionType: 'DNS query', QueryType: 'Axfr', QueryTarget: 'corp example', Query: null });
    assert.deepEqual(record.metadata.profiles, ['host']);
    assert.equal(get(record, 'actor').user.uid, LDAP_QUERY.AccountSid);
    assert.equal(record.query, undefined);
    assert.equal(get(record, 'unmapped').QueryTarget, 'corp example');
  });

  test('an API Activity needs an actor and a client: without them the row stays a base event', () => {
    assert.equal(map(NO_ACCOUNT).class_uid, 0);
    assert.equal(map({ DeviceName: null, IPAddress: null }).class_uid, 0);
  });
});
