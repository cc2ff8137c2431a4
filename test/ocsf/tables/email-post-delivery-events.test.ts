import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emailPostDeliveryEvents } from '../../../lambda/ocsf/tables/email-post-delivery-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const ZAP = {
  Timestamp: '2025-03-14T13:59:02.8817743Z',
  NetworkMessageId: '4f09a6c3-11de-4b87-a2f5-08dd6337c0e2',
  InternetMessageId: '<CAL0x9f2q1@mailer.example.org>',
  Action: 'Moved to quarantine',
  ActionType: 'Phish ZAP',
  ActionTrigger: 'Special action',
  ActionResult: 'Success',
  RecipientEmailAddress: 'asmith@corp.example.com',
  DeliveryLocation: 'Quarantine',
  ThreatTypes: 'Phish',
  ReportId: '4f09a6c3-11de-4b87-a2f5-08dd6337c0e2-2295017735142087761-9',
  SenderFromAddress: 'it-support@examp1e-helpdesk.example.org',
  EmailDirection: 'Inbound',
};

function map(properties: Record<string, unknown> = {}): OcsfRecord {
  const record = emailPostDeliveryEvents.map({
    table: 'EmailPostDeliveryEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T14:02:19.5501187Z',
    properties: { ...ZAP, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

describe('EmailPostDeliveryEvents: the remediation is activity 99, named by its ActionType', () => {
  for (const actionType of ['Phish ZAP', 'Malware ZAP', 'Manual Remediation', 'Redelivery', 'Some new remediation']) {
    test(actionType, () => {
      const record = map({ ActionType: actionType });
      assert.equal(record.class_uid, 4009);
      assert.equal(record.activity_id, 99);
      assert.equal(record.activity_name, actionType);
      assert.equal(record.type_uid, 400999);
    });
  }

  test('the message keeps its direction and identity', () => {
    const record = map();
    assert.equal(record.direction_id, 1);
    assert.deepEqual(record.email, { uid: ZAP.NetworkMessageId, message_uid: ZAP.InternetMessageId, from: ZAP.SenderFromAddress });
    assert.deepEqual(record.to, [ZAP.RecipientEmailAddress]);
  });

  test('older rows without sender or direction: the recipient fills email.to, direction is Unknown', () => {
    const record = map({ SenderFromAddress: null, EmailDirection: null });
    assert.deepEqual((record.email as Record<string, unknown>).to, [ZAP.RecipientEmailAddress]);
    assert.equal(record.direction_id, 0);
  });
});

describe('EmailPostDeliveryEvents: Action → action/disposition, ActionResult → status, ActionTrigger → actor', () => {
  const cases: [string, number, number][] = [
    ['Moved to quarantine', 2, 3],
    ['Moved to junk folder', 4, 18],
    ['Moved to deleted items', 2, 5],
    ['Soft delete', 2, 5],
    ['Hard delete', 2, 5],
    ['Moved to inbox', 1, 9],
  ];
  for (const [action, actionId, dispositionId] of cases) {
    test(`${action} → action ${actionId}, disposition ${dispositionId}; the words stay under unmapped`, () => {
      const record = map({ Action: action });
      assert.equal(record.action_id, actionId);
      assert.equal(record.disposition_id, dispositionId);
      assert.equal(record.unmapped?.Action, action);
    });
  }

  test('an action OCSF cannot name is disposition 99 with the source words', () => {
    const record = map({ Action: 'Moved to archive' });
    assert.equal(record.disposition_id, 99);
    assert.equal(record.disposition, 'Moved to archive');
    assert.equal(record.action_id, undefined);
  });

  test('Success and Error are status 1 and 2 (with the source word as detail); others 99', () => {
    const success = map({ ActionResult: 'Success' });
    assert.equal(success.status_id, 1);
    assert.equal(success.status_detail, undefined);
    const error = map({ ActionResult: 'Error' });
    assert.equal(error.status_id, 2);
    assert.equal(error.status_detail, 'Error');
    const started = map({ ActionResult: 'Started' });
    assert.equal(started.status_id, 99);
    assert.equal(started.status, 'Started');
  });

  test('the trigger is actor.app_name (host profile); without trigger and action, no profile', () => {
    const record = map({ ActionTrigger: 'Admin action' });
    assert.deepEqual(record.actor, { app_name: 'Admin action' });
    assert.deepEqual(record.metadata.profiles, ['host', 'security_control']);
    const bare = map({ ActionTrigger: '', Action: null });
    assert.equal(bare.actor, undefined);
    assert.equal(bare.metadata.profiles, undefined);
  });
});
