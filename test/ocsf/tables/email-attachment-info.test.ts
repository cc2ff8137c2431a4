import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emailAttachmentInfo } from '../../../lambda/ocsf/tables/email-attachment-info.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered, ocsfWarnings } from '../../support/ocsf-conformance.ts';

const ATTACHMENT = {
  Timestamp: '2025-03-14T11:02:03Z',
  NetworkMessageId: '2c7e81f0-93ab-4d52-b1c6-08dd63255d0e',
  SenderFromAddress: 'noreply@shipping-notice.example.com',
  SenderDisplayName: 'Shipping Notice',
  RecipientEmailAddress: 'mlee@corp.example.com',
  RecipientObjectId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  FileName: 'parcel_label.zip',
  FileType: 'zip',
  SHA256: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d',
  FileSize: 52210,
  ReportId: '2c7e81f0-93ab-4d52-b1c6-08dd63255d0e-3310298477156609123-1',
};

function map(properties: Record<string, unknown> = {}): OcsfRecord {
  const record = emailAttachmentInfo.map({
    table: 'EmailAttachmentInfo',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T11:04:30.0219012Z',
    properties: { ...ATTACHMENT, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

function email(record: OcsfRecord): Record<string, unknown> {
  return record.email as Record<string, unknown>;
}

describe('EmailAttachmentInfo → Email Activity with email.files[]', () => {
  test('the attachment is email.files[0] of a Scan with unknown direction (the table has none)', () => {
    const record = map();
    assert.equal(record.class_uid, 4009);
    assert.equal(record.activity_id, 3);
    assert.equal(record.direction_id, 0);
    assert.deepEqual(email(record).files, [
      {
        name: 'parcel_label.zip',
        type_id: 1,
        type: 'Regular File',
        ext: 'zip',
        size: 52210,
        hashes: [{ algorithm_id: 3, algorithm: 'SHA-256', value: ATTACHMENT.SHA256 }],
      },
    ]);
    assert.equal(email(record).uid, ATTACHMENT.NetworkMessageId);
    assert.equal(record.metadata.correlation_uid, ATTACHMENT.NetworkMessageId);
    assert.deepEqual(record.to, ['mlee@corp.example.com']);
  });

  test('it uses the live class, not the deprecated Email File Activity', () => {
    assert.deepEqual(ocsfWarnings(map()), []);
  });

  test('FileSize as a decimal string is still a number', () => {
    assert.equal((email(map({ FileSize: '88316' })).files as Record<string, unknown>[])[0]!.size, 88316);
  });

  test('without a file name there is no file object; its hash and type stay under unmapped', () => {
    const record = map({ FileName: null });
    assert.equal(email(record).files, undefined);
    assert.equal(record.unmapped?.SHA256, ATTACHMENT.SHA256);
    assert.equal(record.unmapped?.FileType, 'zip');
  });

  test('without a sender address the recipient fills email.to; without either it is base_event', () => {
    assert.deepEqual(email(map({ SenderFromAddress: null, SenderDisplayName: null })).to, ['mlee@corp.example.com']);
    assert.equal(map({ SenderFromAddress: null, RecipientEmailAddress: null }).class_uid, 0);
  });
});

describe('EmailAttachmentInfo: threats', () => {
  test('a detected threat is malware (security_control profile, with the host profile of the sender actor)', () => {
    const record = map({
      ThreatTypes: 'Malware',
      ThreatNames: 'Trojan:Win32/Qakbot.RPX!MTB',
      DetectionMethods: '{"Malware":["File detonation"]}',
    });
    assert.deepEqual(record.malware, [{ name: 'Trojan:Win32/Qakbot.RPX!MTB', classification_ids: [18], classifications: ['Trojan'] }]);
    assert.deepEqual(record.metadata.profiles, ['host', 'security_control']);
    assert.deepEqual(record.unmapped?.DetectionMethods, { Malware: ['File detonation'] });
  });

  test('several names: one malware each, the type OCSF lacks is 99 Other; the list text stays unmapped', () => {
    const names = 'Backdoor:MSIL/AsyncRat.AD!MTB, HackTool:Win32/Mimikatz, Phish.HTML.Credential';
    const record = map({ ThreatNames: names });
    assert.deepEqual(
      (record.malware as Record<string, unknown>[]).map((m) => [m.name, m.classification_ids, m.classifications]),
      [
        ['Backdoor:MSIL/AsyncRat.AD!MTB', [2], ['Backdoor']],
        ['HackTool:Win32/Mimikatz', [99], ['HackTool']],
        ['Phish.HTML.Credential', [0], ['Unknown']],
      ],
    );
    assert.equal(record.unmapped?.ThreatNames, names);
  });

  test('no threat, no security_control profile', () => {
    assert.deepEqual(map({ ThreatTypes: '', ThreatNames: null }).metadata.profiles, ['host']);
  });
});
