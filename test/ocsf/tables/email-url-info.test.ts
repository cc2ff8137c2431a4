import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emailUrlInfo } from '../../../lambda/ocsf/tables/email-url-info.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered, ocsfWarnings } from '../../support/ocsf-conformance.ts';

const URL_ROW = {
  Timestamp: '2025-03-14T13:05:12Z',
  NetworkMessageId: '4f09a6c3-11de-4b87-a2f5-08dd6337c0e2',
  Url: 'https://examp1e-helpdesk.example.org/reset?u=asmith',
  UrlDomain: 'examp1e-helpdesk.example.org',
  UrlLocation: 'Body',
  UrlChainId: '7c3e9a1d-55b2-4f80-a1c4-2d6e8f0a1b3c',
  UrlChainPosition: 0,
  ReportId: '4f09a6c3-11de-4b87-a2f5-08dd6337c0e2-2295017735142087761-2',
};

function map(properties: Record<string, unknown> = {}): OcsfRecord {
  const record = emailUrlInfo.map({
    table: 'EmailUrlInfo',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T13:07:33.1201102Z',
    properties: { ...URL_ROW, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

describe('EmailUrlInfo → Email URL Activity', () => {
  test('the URL and the message id it joins on; Scan, since the URL was found scanning the message', () => {
    const record = map();
    assert.equal(record.class_uid, 4012);
    assert.equal(record.activity_id, 3);
    assert.equal(record.type_uid, 401203);
    assert.equal(record.email_uid, URL_ROW.NetworkMessageId);
    assert.equal(record.metadata.correlation_uid, URL_ROW.NetworkMessageId);
    assert.deepEqual(record.url, { url_string: URL_ROW.Url, hostname: URL_ROW.UrlDomain });
    assert.deepEqual(record.unmapped, { UrlLocation: 'Body', UrlChainId: URL_ROW.UrlChainId, UrlChainPosition: 0 });
  });

  test('the class is deprecated (a warning, not an error): email_activity cannot hold a row without addresses', () => {
    assert.ok(ocsfWarnings(map()).some((w) => w.includes('class email_url_activity (4012) is deprecated')));
  });

  test('an empty or non-hostname UrlDomain adds no hostname; the latter stays under unmapped', () => {
    assert.deepEqual(map({ UrlDomain: '' }).url, { url_string: URL_ROW.Url });
    const odd = map({ UrlDomain: 'bad host.example' });
    assert.deepEqual(odd.url, { url_string: URL_ROW.Url });
    assert.equal(odd.unmapped?.UrlDomain, 'bad host.example');
  });

  test('a URL without a scheme is no url_t: the row stays whole as base_event', () => {
    const record = map({ Url: 'www.payroll-portal.example.com/login' });
    assert.equal(record.class_uid, 0);
    assert.equal(record.unmapped?.Url, 'www.payroll-portal.example.com/login');
  });

  test('without the message id or the URL the row is base_event, every column under unmapped', () => {
    const noMessage = map({ NetworkMessageId: '' });
    assert.equal(noMessage.class_uid, 0);
    assert.equal(noMessage.unmapped?.Url, URL_ROW.Url);
    assert.equal(map({ Url: null }).class_uid, 0);
  });

  test('Timestamp without a zone is UTC', () => {
    assert.equal(map({ Timestamp: '2025-03-14T16:41:06.58812' }).time, Date.UTC(2025, 2, 14, 16, 41, 6, 588));
  });
});
