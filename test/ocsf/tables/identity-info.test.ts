import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { identityInfo } from '../../../lambda/ocsf/tables/identity-info.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const TENANT = '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c';

const HYBRID_USER = {
  Timestamp: '2024-12-31T10:59:47.8661818Z',
  ReportId: '56d57463-7f84-4ed1-a23f-517c02169cf',
  AccountName: 'asmith',
  AccountDomain: 'ad.contoso.com',
  AccountDisplayName: 'Alex Smith',
  AccountObjectId: 'c69b7aa7-2557-4000-aa2d-983d7bbf6593',
  AccountUpn: 'asmith@contoso.com',
  OnPremSid: 'S-1-5-21-444444444-444444444-44444444-44440',
  CloudSid: 'S-1-12-1-144444441-444444444-44444444-44443',
  EmailAddress: 'alex.smith@contoso.com',
  Type: 'User',
  GivenName: 'Alex',
  Surname: 'Smith',
  Manager: 'John Doe',
  IsAccountEnabled: true,
  IdentityEnvironment: 'Hybrid',
  ChangeSource: 'AzureActiveDirectory',
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = identityInfo.map({ table: 'IdentityInfo', tenantId: TENANT, properties: { ...HYBRID_USER, ...properties } });
  assertOcsf(record);
  return delivered(record);
}

const user = (record: OcsfRecord) => record.user as Record<string, any>;

describe('IdentityInfo → User Inventory Info', () => {
  test('a profile is activity Log (500301): on-premises SID as uid, Entra object id as uid_alt, the Entra account apart', () => {
    const record = map({});
    assert.equal(record.type_uid, 500301);
    assert.equal(user(record).uid, HYBRID_USER.OnPremSid);
    assert.equal(user(record).uid_alt, HYBRID_USER.AccountObjectId);
    assert.deepEqual(user(record).account, {
      name: 'asmith@contoso.com', uid: HYBRID_USER.CloudSid, type_id: 6, type: 'Azure AD Account',
      is_disabled: false, is_on_premises_sync_enabled: true,
    });
    assert.equal(user(record).email_addr, 'alex.smith@contoso.com', 'the primary SMTP address, not the UPN');
    assert.deepEqual(user(record).ldap_person.manager, { name: 'John Doe' });
    assert.equal(record.metadata.log_source, 'AzureActiveDirectory');
  });

  test('the enabled flag, in any of its wire forms, is negated into is_disabled and also kept raw', () => {
    for (const [wire, disabled] of [['true', false], [0, true], [false, true], ['False', true]] as const) {
      const record = map({ IsAccountEnabled: wire });
      assert.equal(user(record).account.is_disabled, disabled, `IsAccountEnabled ${JSON.stringify(wire)}`);
      assert.equal((record.unmapped as Record<string, unknown>).IsAccountEnabled, wire);
    }
  });

  test('a cloud-only guest has no name or SID: its object id is the uid', () => {
    const record = map({ AccountName: null, AccountDomain: null, OnPremSid: null, IdentityEnvironment: 'CloudOnly' });
    assert.equal(user(record).uid, HYBRID_USER.AccountObjectId);
    assert.equal(user(record).uid_alt, undefined);
    assert.equal(user(record).account.is_on_premises_sync_enabled, false);
  });

  test('user type and Entra risk level; texts OCSF does not repeat stay raw', () => {
    const service = map({ Type: 'ServiceAccount', RiskLevel: 'medium' });
    assert.equal(user(service).type_id, 4);
    assert.equal((service.unmapped as Record<string, unknown>).Type, 'ServiceAccount');
    assert.equal(user(service).risk_level_id, 2);
    const hidden = map({ RiskLevel: 'hidden' });
    assert.equal(user(hidden).risk_level_id, undefined);
    assert.equal((hidden.unmapped as Record<string, unknown>).RiskLevel, 'hidden');
  });

  test('groups from GroupMembership as an array or a JSON string; tags label the account', () => {
    const fromArray = map({ GroupMembership: ['Accounting', 'VPN Users'], Tags: ['Sensitive'] });
    const fromString = map({ GroupMembership: '["Accounting","VPN Users"]', Tags: '["Sensitive"]' });
    assert.deepEqual(user(fromArray).groups, [{ name: 'Accounting' }, { name: 'VPN Users' }]);
    assert.deepEqual(user(fromString).groups, user(fromArray).groups);
    assert.deepEqual(user(fromString).account.labels, ['Sensitive']);
  });

  test('a two-letter country is a location country; a country name stays raw', () => {
    const coded = map({ City: 'Berlin', Country: 'de', Address: 'Hauptstrasse 1' });
    assert.deepEqual(user(coded).ldap_person.location, { city: 'Berlin', country: 'DE', desc: 'Hauptstrasse 1' });
    const named = map({ City: 'Cloud City', Country: ' United States' });
    assert.deepEqual(user(named).ldap_person.location, { city: 'Cloud City' });
    assert.equal((named.unmapped as Record<string, unknown>).Country, ' United States');
  });

  test('a TenantId column equal to the envelope tenant is the record tenant', () => {
    assert.equal(map({ TenantId: TENANT }).unmapped?.TenantId, undefined);
    assert.equal(map({ TenantId: 'another-tenant' }).unmapped?.TenantId, 'another-tenant');
  });

  test('with nothing identifying the user the row stays a base event', () => {
    const record = map({ AccountName: null, AccountDomain: null, AccountObjectId: null, AccountUpn: null, OnPremSid: null, CloudSid: null });
    assert.equal(record.class_uid, 0);
  });
});
