import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emailEvents } from '../../../lambda/ocsf/tables/email-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const MESSAGE = {
  Timestamp: '2025-03-14T08:39:57.4412096Z',
  NetworkMessageId: 'e2b7c4d1-58a0-4f3e-9c61-08dd6312a4b7',
  InternetMessageId: '<20250314083951.3F1A2B@mail.example.net>',
  SenderFromAddress: 'invoices@example.net',
  SenderMailFromAddress: 'bounce@mailer.example.net',
  RecipientEmailAddress: 'jdoe@corp.example.com',
  EmailDirection: 'Inbound',
  ReportId: 'e2b7c4d1-58a0-4f3e-9c61-08dd6312a4b7-7741120938815530129-1',
};

/** Maps one EmailEvents row (a plain inbound message unless overridden) and checks it is valid OCSF. */
function map(properties: Record<string, unknown> = {}): OcsfRecord {
  const record = emailEvents.map({
    table: 'EmailEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T08:42:10.5518239Z',
    receivedTime: '2025-03-14T08:39:57.0000000Z',
    properties: { ...MESSAGE, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

function unmapped(record: OcsfRecord): Record<string, unknown> {
  return record.unmapped ?? {};
}

describe('EmailEvents: EmailDirection → activity and direction_id', () => {
  const cases: [string, number, number, string][] = [
    ['Inbound', 2, 1, 'Inbound'],
    ['Outbound', 1, 2, 'Outbound'],
    ['Intra-org', 2, 3, 'Internal'],
  ];
  for (const [direction, activityId, directionId, caption] of cases) {
    test(`${direction} → activity ${activityId}, direction ${directionId}`, () => {
      const record = map({ EmailDirection: direction });
      assert.equal(record.class_uid, 4009);
      assert.equal(record.activity_id, activityId);
      assert.equal(record.type_uid, 400900 + activityId);
      assert.equal(record.direction_id, directionId);
      assert.equal(record.direction, caption);
    });
  }

  test('Intra-org is captioned Internal, so the source word also stays under unmapped', () => {
    assert.equal(unmapped(map({ EmailDirection: 'Intra-org' })).EmailDirection, 'Intra-org');
    assert.equal(unmapped(map({ EmailDirection: 'Inbound' })).EmailDirection, undefined);
  });

  test('a direction OCSF does not know is 99 Other with the source word; none is 0 Unknown', () => {
    const other = map({ EmailDirection: 'Relay' });
    assert.equal(other.direction_id, 99);
    assert.equal(other.direction, 'Relay');
    assert.equal(other.activity_id, 0);
    const none = map({ EmailDirection: null });
    assert.equal(none.direction_id, 0);
    assert.equal(none.activity_id, 0);
  });
});

describe('EmailEvents: senders and recipients', () => {
  test('header From is email.from, envelope MAIL FROM is from, the expanded recipient is to', () => {
    const record = map({ To: 'jdoe@corp.example.com' });
    const email = record.email as Record<string, unknown>;
    assert.equal(email.uid, MESSAGE.NetworkMessageId);
    assert.equal(email.message_uid, MESSAGE.InternetMessageId);
    assert.equal(email.from, 'invoices@example.net');
    assert.deepEqual(email.to, ['jdoe@corp.example.com']);
    assert.equal(record.from, 'bounce@mailer.example.net');
    assert.deepEqual(record.to, ['jdoe@corp.example.com']);
    assert.equal(record.metadata.correlation_uid, MESSAGE.NetworkMessageId);
  });

  test('To/Cc as a JSON array are taken; a separated list is split and its text kept under unmapped', () => {
    const record = map({ To: '["a@corp.example.com","b@corp.example.com"]', Cc: 'c@corp.example.com; d@example.org' });
    const email = record.email as Record<string, unknown>;
    assert.deepEqual(email.to, ['a@corp.example.com', 'b@corp.example.com']);
    assert.deepEqual(email.cc, ['c@corp.example.com', 'd@example.org']);
    assert.equal(unmapped(record).To, undefined);
    assert.equal(unmapped(record).Cc, 'c@corp.example.com; d@example.org');
  });

  test('a sender that is not an email address stays raw; the recipient then satisfies email.from/to', () => {
    const record = map({ SenderFromAddress: 'MAILER-DAEMON', To: '' });
    const email = record.email as Record<string, unknown>;
    assert.equal(email.from, undefined);
    assert.deepEqual(email.to, ['jdoe@corp.example.com']);
    assert.equal(unmapped(record).SenderFromAddress, 'MAILER-DAEMON');
  });

  test('without any sender or recipient address the row falls back to base_event', () => {
    const record = map({ SenderFromAddress: null, RecipientEmailAddress: null, To: null });
    assert.equal(record.class_uid, 0);
    assert.equal(unmapped(record).NetworkMessageId, MESSAGE.NetworkMessageId);
  });

  test('the sender is actor.user (host profile): address as name, or the directory id when internal', () => {
    const external = map({ SenderDisplayName: 'Example Billing', SenderFromDomain: 'example.net' });
    assert.deepEqual((external.actor as Record<string, unknown>).user, {
      name: 'invoices@example.net',
      display_name: 'Example Billing',
      email_addr: 'invoices@example.net',
      domain: 'example.net',
    });
    assert.ok(external.metadata.profiles?.includes('host'));
    const internal = map({ SenderObjectId: '6b0f3c1d-2e4a-4f5b-9c8d-7e6f5a4b3c2d' });
    const user = (internal.actor as Record<string, Record<string, unknown>>).user!;
    assert.equal(user.uid, '6b0f3c1d-2e4a-4f5b-9c8d-7e6f5a4b3c2d');
    assert.equal(user.name, undefined);
  });

  test('the relaying server is src_endpoint: IPv4 first, IPv6 otherwise; a bad IP stays raw', () => {
    assert.deepEqual(map({ SenderIPv4: '198.51.100.77', SenderIPv6: '2001:db8::25' }).src_endpoint, { ip: '198.51.100.77' });
    assert.deepEqual(map({ SenderIPv6: '2001:db8::25' }).src_endpoint, { ip: '2001:db8::25' });
    const bad = map({ SenderIPv4: '999.1.2.3' });
    assert.equal(bad.src_endpoint, undefined);
    assert.equal(unmapped(bad).SenderIPv4, '999.1.2.3');
  });
});

describe('EmailEvents: verdict → security_control', () => {
  const cases: [string, string | null, number, number][] = [
    ['Delivered', 'Inbox/folder', 1, 1],
    ['Junked', 'Junk folder', 4, 18],
    ['Blocked', 'Quarantine', 2, 3],
    ['Blocked', 'Dropped', 2, 6],
    ['Blocked', 'Failed', 2, 2],
    ['Replaced', 'Inbox/folder', 4, 11],
  ];
  for (const [action, location, actionId, dispositionId] of cases) {
    test(`${action} in ${location} → action ${actionId}, disposition ${dispositionId}`, () => {
      const record = map({ DeliveryAction: action, DeliveryLocation: location });
      assert.equal(record.action_id, actionId);
      assert.equal(record.disposition_id, dispositionId);
      assert.ok(record.metadata.profiles?.includes('security_control'));
      assert.equal(unmapped(record).DeliveryLocation, location);
    });
  }

  test('a delivery action OCSF cannot name stays raw and adds no security_control attribute', () => {
    const record = map({ DeliveryAction: 'Pending', SenderFromAddress: 'not-an-address', RecipientEmailAddress: 'jdoe@corp.example.com' });
    assert.equal(record.action_id, undefined);
    assert.equal(record.disposition_id, undefined);
    assert.equal(record.metadata.profiles, undefined);
    assert.equal(unmapped(record).DeliveryAction, 'Pending');
  });

  test('threat names become malware with the classification named by their type', () => {
    const record = map({ ThreatTypes: 'Malware', ThreatNames: 'Trojan:Win32/Qakbot.RPX!MTB' });
    assert.deepEqual(record.malware, [{ name: 'Trojan:Win32/Qakbot.RPX!MTB', classification_ids: [18], classifications: ['Trojan'] }]);
    assert.equal(unmapped(record).ThreatTypes, 'Malware');
  });

  test('the policy behind the action, and the phish confidence, are security_control attributes', () => {
    const record = map({
      EmailActionPolicy: 'Antiphish',
      EmailActionPolicyGuid: 'c0a1b2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
      ConfidenceLevel: '{"Phish":"High","Spam":5}',
    });
    assert.deepEqual(record.policy, { name: 'Antiphish', uid: 'c0a1b2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d' });
    assert.equal(record.confidence_id, 3);
    assert.deepEqual(unmapped(record).ConfidenceLevel, { Spam: 5 });
  });
});

describe('EmailEvents: JSON-in-string columns and value quirks', () => {
  test('AuthenticationDetails as a string or an object gives the same email_auth; CompAuth stays unmapped', () => {
    const details = { SPF: 'pass', DKIM: 'none', DMARC: 'fail', CompAuth: 'fail' };
    const fromString = map({ AuthenticationDetails: JSON.stringify(details) });
    const fromObject = map({ AuthenticationDetails: details });
    assert.deepEqual(fromString.email_auth, { spf: 'pass', dkim: 'none', dmarc: 'fail' });
    assert.deepEqual(fromObject.email_auth, fromString.email_auth);
    assert.deepEqual(unmapped(fromString).AuthenticationDetails, { CompAuth: 'fail' });
  });

  test('DetectionMethods and AdditionalFields land decoded under unmapped; "{}" leaves nothing', () => {
    const record = map({ DetectionMethods: '{"Phish":["URL detonation"]}', AdditionalFields: '{}' });
    assert.deepEqual(unmapped(record).DetectionMethods, { Phish: ['URL detonation'] });
    assert.equal(unmapped(record).AdditionalFields, undefined);
  });

  test('Timestamp without zone or fraction is UTC epoch ms, kept verbatim in metadata.original_time', () => {
    const noZone = map({ Timestamp: '2025-03-14T11:02:03.1234567' });
    assert.equal(noZone.time, Date.UTC(2025, 2, 14, 11, 2, 3, 123));
    assert.equal(noZone.metadata.original_time, '2025-03-14T11:02:03.1234567');
    assert.equal(map({ Timestamp: '2025-03-14T11:02:03Z' }).time, Date.UTC(2025, 2, 14, 11, 2, 3));
  });

  test('empty strings and nulls are never emitted', () => {
    const record = map({ Subject: '', SenderDisplayName: null, EmailSize: '', Cc: null, ThreatNames: '' });
    const email = record.email as Record<string, unknown>;
    assert.equal('subject' in email, false);
    assert.equal('size' in email, false);
    assert.equal(JSON.stringify(record).includes('""'), false);
    assert.equal(JSON.stringify(record).includes('null'), false);
  });
});
