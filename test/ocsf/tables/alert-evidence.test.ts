import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alertEvidence } from '../../../lambda/ocsf/tables/alert-evidence.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const ALERT = {
  Timestamp: '2025-03-14T09:17:35.6650713Z',
  AlertId: 'da638774113562731205_-1847225310',
  Title: 'Suspicious PowerShell command line',
  Categories: '["Execution"]',
  ServiceSource: 'Microsoft Defender for Endpoint',
  DetectionSource: 'EDR',
  Severity: 'Medium',
  DeviceId: '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a',
  DeviceName: 'wks-fin-042.corp.example.com',
};

const POWERSHELL = {
  EntityType: 'Process',
  EvidenceRole: 'Impacted',
  FileName: 'powershell.exe',
  FolderPath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  SHA1: '0f7c2a9e4b1d6c3a8e5f2b7d0c9a4e1f6b3d8c5a',
  ProcessCommandLine: 'powershell.exe -NoProfile -File report-sync.ps1',
  AccountName: 'jdoe',
  AccountSid: 'S-1-5-21-1004336348-1177238915-682003330-41211',
  AdditionalFields: '{"ProcessId":"9812","CreationTimeUtc":"2025-03-14T09:12:44.565Z","Type":"process"}',
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = alertEvidence.map({ table: 'AlertEvidence', tenantId: 't', properties: { ...ALERT, ...properties } });
  assertOcsf(record);
  return delivered(record);
}

function evidence(record: OcsfRecord): Record<string, any> {
  const evidences = record.evidences as Record<string, any>[];
  assert.equal(evidences.length, 1);
  return evidences[0]!;
}

describe('AlertEvidence → Detection Finding', () => {
  test('an evidence row updates its alert (200402, same finding uid) with one entity named by EntityType', () => {
    const record = map(POWERSHELL);
    assert.equal(record.type_uid, 200402);
    assert.equal(record.is_alert, undefined, 'the alert itself is the AlertInfo row');
    assert.equal((record.finding_info as Record<string, unknown>).uid, ALERT.AlertId);
    assert.equal(evidence(record).name, 'Process');
    assert.equal(record.unmapped?.EvidenceRole, 'Impacted', 'OCSF evidence has no role');
  });

  test('a process entity takes its pid and start from AdditionalFields, its image and account', () => {
    const process = evidence(map(POWERSHELL)).process;
    assert.equal(process.pid, 9812);
    assert.equal(process.created_time, Date.parse('2025-03-14T09:12:44.565Z'));
    assert.equal(process.cmd_line, POWERSHELL.ProcessCommandLine);
    assert.equal(process.file.path, POWERSHELL.FolderPath);
    assert.equal(process.user.uid, POWERSHELL.AccountSid);
  });

  test('without a pid there is no process: the image is the file, the account the user, the command line stays raw', () => {
    const record = map({ ...POWERSHELL, AdditionalFields: null });
    assert.equal(evidence(record).process, undefined);
    assert.equal(evidence(record).file.name, 'powershell.exe');
    assert.equal(evidence(record).user.name, 'jdoe');
    assert.equal(record.unmapped?.ProcessCommandLine, POWERSHELL.ProcessCommandLine);
  });

  test('a folder-only FolderPath is the parent folder of the file', () => {
    const file = evidence(map({ EntityType: 'File', FileName: 'report-sync.ps1', FolderPath: 'C:\\Users\\jdoe\\Downloads' })).file;
    assert.equal(file.parent_folder, 'C:\\Users\\jdoe\\Downloads');
    assert.equal(file.path, undefined);
  });

  test('a machine entity: host details from AdditionalFields, LocalIP is its address', () => {
    const device = evidence(map({
      EntityType: 'Machine',
      LocalIP: '10.20.14.57',
      AdditionalFields: { HostName: 'wks-fin-042', DnsDomain: 'corp.example.com', OSFamily: 'Windows', RiskScore: 'High', Type: 'Machine' },
    })).device;
    assert.deepEqual(device, {
      type_id: 0, type: 'Unknown', uid: ALERT.DeviceId, hostname: ALERT.DeviceName, name: 'wks-fin-042', domain: 'corp.example.com',
      os: { name: 'Windows', type_id: 100, type: 'Windows' }, risk_level_id: 3, risk_level: 'High', ip: '10.20.14.57',
    });
  });

  test('RemoteIP is the destination unless EvidenceDirection says source; the direction text stays raw', () => {
    const ipOnly = { EntityType: 'Ip', DeviceId: null, DeviceName: null };
    assert.deepEqual(evidence(map({ ...ipOnly, RemoteIP: '::ffff:185.220.101.4' })).dst_endpoint, { ip: '185.220.101.4' });
    const source = map({ ...ipOnly, RemoteIP: '10.20.6.40', EvidenceDirection: 'Source' });
    assert.deepEqual(evidence(source).src_endpoint, { ip: '10.20.6.40' });
    assert.equal(source.unmapped?.EvidenceDirection, 'Source');
    const bad = map({ ...ipOnly, EntityType: 'File', FileName: 'a.exe', RemoteIP: 'n/a' });
    assert.equal(bad.unmapped?.RemoteIP, 'n/a');
  });

  test('a URL with a scheme is a url; a bare host name is the remote endpoint', () => {
    assert.deepEqual(evidence(map({ EntityType: 'Url', RemoteUrl: 'https://login.example/owa' })).url, { url_string: 'https://login.example/owa' });
    assert.deepEqual(evidence(map({ EntityType: 'Url', RemoteUrl: 'login.example' })).dst_endpoint, { hostname: 'login.example' });
  });

  test('a mail message needs a sender or recipient (from AdditionalFields) to be an email', () => {
    const mail = { EntityType: 'MailMessage', NetworkMessageId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', EmailSubject: 'Quota' };
    const email = evidence(map({ ...mail, AdditionalFields: { Recipient: 'ktan@corp.example.com', P1Sender: 'bounce@mailer.example.net', P2Sender: 'it@contoso-secure.example' } })).email;
    assert.deepEqual(email, {
      from: 'it@contoso-secure.example', to: ['ktan@corp.example.com'], return_path: 'bounce@mailer.example.net',
      uid: mail.NetworkMessageId, subject: 'Quota',
    });
    const bare = map(mail);
    assert.equal(evidence(bare).email, undefined);
    assert.equal(bare.unmapped?.NetworkMessageId, mail.NetworkMessageId);
  });

  test('registry entities are Windows-extension objects: a value with a name, else the key', () => {
    const value = map({ EntityType: 'RegistryValue', RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X', RegistryValueName: 'MonitorProcess', RegistryValueData: 'C:\\dump.exe' });
    assert.deepEqual(evidence(value).reg_value, { path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X', name: 'MonitorProcess', data: 'C:\\dump.exe' });
    assert.deepEqual(value.metadata.extensions, [{ name: 'win', uid: '2', version: '1.8.0' }]);
    assert.deepEqual(evidence(map({ EntityType: 'RegistryKey', RegistryKey: 'HKEY_CURRENT_USER\\Run' })).reg_key, { path: 'HKEY_CURRENT_USER\\Run' });
  });

  test('a cloud resource is an affected resource; its subscription is the cloud account (profile cloud)', () => {
    const record = map({
      EntityType: 'AzureResource', DeviceId: null, DeviceName: null, CloudResource: 'vm-web-01', ResourceType: 'Virtual Machine',
      ResourceID: '/subscriptions/0f1e/virtualMachines/vm-web-01', CloudPlatform: 'Azure', SubscriptionId: '0f1e',
    });
    assert.deepEqual(record.resources, [{ name: 'vm-web-01', uid: '/subscriptions/0f1e/virtualMachines/vm-web-01', type: 'Virtual Machine' }]);
    assert.deepEqual(record.cloud, { provider: 'Azure', account: { uid: '0f1e', type_id: 13, type: 'Azure Subscription' } });
    assert.deepEqual(record.metadata.profiles, ['cloud']);
    assert.equal(record.evidences, undefined, 'no evidence artifact: EntityType stays raw');
    assert.equal(record.unmapped?.EntityType, 'AzureResource');
  });

  test('an OAuth app acts by its client id; the threat family is the malware', () => {
    const app = map({ EntityType: 'OAuthApplication', Application: 'Mail Sync', ApplicationId: 11161, OAuthApplicationId: '5e6f7a8b-9c0d-4e1f-2a3b-4c5d6e7f8a9b' });
    assert.deepEqual(evidence(app).actor, { app_name: 'Mail Sync', app_uid: '5e6f7a8b-9c0d-4e1f-2a3b-4c5d6e7f8a9b' });
    assert.equal(app.unmapped?.ApplicationId, 11161);
    const malware = map({ EntityType: 'File', FileName: 'dump.exe', ThreatFamily: 'Mimikatz' });
    assert.deepEqual(malware.malware, [{ name: 'Mimikatz', classification_ids: [0] }]);
  });

  test('without an AlertId the row stays a base event', () => {
    assert.equal(map({ ...POWERSHELL, AlertId: null }).class_uid, 0);
  });
});
