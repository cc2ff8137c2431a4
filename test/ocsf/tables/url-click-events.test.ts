import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hostOfUrl } from '../../../lambda/ocsf/common/mail-url.ts';
import { urlClickEvents } from '../../../lambda/ocsf/tables/url-click-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered, ocsfWarnings } from '../../support/ocsf-conformance.ts';

const CLICK = {
  Timestamp: '2025-03-14T09:01:14.5520113Z',
  Url: 'https://billing.example.net/invoices/88213?ref=mail',
  ActionType: 'ClickAllowed',
  AccountUpn: 'jdoe@corp.example.com',
  Workload: 'Email',
  NetworkMessageId: 'e2b7c4d1-58a0-4f3e-9c61-08dd6312a4b7',
  IPAddress: '198.51.100.23',
  IsClickedThrough: 0,
  ReportId: 'clk-7f3a9c21-0b4e-4d15-a2e8-5c1d7b9e3f60',
  AppName: 'Outlook',
};

function map(properties: Record<string, unknown> = {}): OcsfRecord {
  const record = urlClickEvents.map({
    table: 'UrlClickEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T09:02:41.7710020Z',
    properties: { ...CLICK, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

describe('UrlClickEvents: Safe Links verdict → Read activity with its outcome', () => {
  const cases: [string, number | undefined, number, number | undefined][] = [
    ['ClickAllowed', 1, 1, 1],
    ['ClickBlocked', 2, 2, 2],
    ['ClickBlockedByTenantPolicy', 2, 2, 2],
    ['UrlErrorPage', undefined, 27, 2],
    ['UrlScanInProgress', undefined, 14, undefined],
  ];
  for (const [actionType, actionId, dispositionId, statusId] of cases) {
    test(`${actionType} → action ${actionId}, disposition ${dispositionId}, status ${statusId}`, () => {
      const record = map({ ActionType: actionType });
      assert.equal(record.class_uid, 6001);
      assert.equal(record.activity_id, 2);
      assert.equal(record.type_uid, 600102);
      assert.equal(record.action_id, actionId);
      assert.equal(record.disposition_id, dispositionId);
      assert.equal(record.status_id, statusId);
      assert.ok(record.metadata.profiles?.includes('security_control'));
    });
  }

  test('a blocked click the user went on with (IsClickedThrough "true") was warned, not blocked', () => {
    const record = map({ ActionType: 'ClickBlocked', IsClickedThrough: 'true' });
    assert.equal(record.action_id, 1);
    assert.equal(record.disposition_id, 19);
    assert.equal(record.status_id, 1);
    assert.equal(record.unmapped?.IsClickedThrough, 'true');
    assert.equal(map({ ActionType: 'ClickBlocked', IsClickedThrough: 0 }).disposition_id, 2);
  });

  test('an unknown ActionType is activity 99 named by it, with no verdict', () => {
    const record = map({ ActionType: 'ClickAllowedAfterRescan' });
    assert.equal(record.activity_id, 99);
    assert.equal(record.activity_name, 'ClickAllowedAfterRescan');
    assert.equal(record.action_id, undefined);
    assert.deepEqual(record.metadata.profiles, ['host']);
  });

  test('no deprecation warnings: Web Resources Activity replaces Web Resource Access Activity', () => {
    assert.deepEqual(ocsfWarnings(map()), []);
  });
});

describe('UrlClickEvents: who clicked what', () => {
  test('the URL is the web resource, named by its host; the user and app are the actor (host profile)', () => {
    const record = map();
    assert.deepEqual(record.web_resources, [{ name: 'billing.example.net', url_string: CLICK.Url }]);
    assert.deepEqual(record.actor, { user: { name: CLICK.AccountUpn, email_addr: CLICK.AccountUpn }, app_name: 'Outlook' });
    assert.deepEqual(record.src_endpoint, { ip: '198.51.100.23' });
    assert.equal(record.metadata.correlation_uid, CLICK.NetworkMessageId);
  });

  test('an account that is not an address is a name only; a bad IP stays raw; ::ffff: IPs become IPv4', () => {
    const record = map({ AccountUpn: 'svc-scanner', IPAddress: 'not-an-ip' });
    assert.deepEqual((record.actor as Record<string, unknown>).user, { name: 'svc-scanner' });
    assert.equal(record.src_endpoint, undefined);
    assert.equal(record.unmapped?.IPAddress, 'not-an-ip');
    assert.deepEqual(map({ IPAddress: '::ffff:203.0.113.5' }).src_endpoint, { ip: '203.0.113.5' });
  });

  test('the redirect chain adds the other URLs it fetched, after the clicked one', () => {
    const hop = 'https://docs.partner.example.org/s/ab12?auth=1';
    const record = map({ UrlChain: JSON.stringify([CLICK.Url, hop]) });
    assert.deepEqual(record.web_resources, [
      { name: 'billing.example.net', url_string: CLICK.Url },
      { name: 'docs.partner.example.org', url_string: hop },
    ]);
    assert.equal(record.unmapped?.UrlChain, undefined);
    assert.equal(map({ UrlChain: 'not a list' }).unmapped?.UrlChain, 'not a list');
  });

  test('a URL without a scheme is the web resource name only (url_string must be a URL)', () => {
    assert.deepEqual(map({ Url: 'intranet-wiki/handbook' }).web_resources, [{ name: 'intranet-wiki/handbook' }]);
  });

  test('without a URL there is no web resource: base_event', () => {
    assert.equal(map({ Url: '' }).class_uid, 0);
  });

  test('hosts are found in URLs with credentials, ports, IPv6 literals and without a scheme', () => {
    assert.equal(hostOfUrl('http://user:secret@intranet.corp.example.com:8080/a?b#c'), 'intranet.corp.example.com');
    assert.equal(hostOfUrl('https://[2001:db8::1]:443/x'), '2001:db8::1');
    assert.equal(hostOfUrl('contoso.com/path'), 'contoso.com');
    assert.equal(hostOfUrl('https:///nohost'), undefined);
  });
});
