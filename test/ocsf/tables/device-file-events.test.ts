import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceFileEvents } from '../../../lambda/ocsf/tables/device-file-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const POWERSHELL = {
  InitiatingProcessId: 9812,
  InitiatingProcessFileName: 'powershell.exe',
  InitiatingProcessFolderPath: 'c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe',
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = deviceFileEvents.map({
    table: 'DeviceFileEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T09:15:20.3079182Z',
    properties: {
      Timestamp: '2025-03-14T09:12:29.9418275Z',
      DeviceId: '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a',
      DeviceName: 'wks-fin-042.corp.example.com',
      ReportId: 18335,
      ...properties,
    },
  });
  assertOcsf(record);
  return delivered(record);
}

function fileEvent(actionType: string, extra: Record<string, unknown> = {}): OcsfRecord {
  return map({
    ActionType: actionType,
    FileName: 'report.ps1',
    FolderPath: 'C:\\Users\\jdoe\\Downloads\\report.ps1',
    SHA1: '6e0a4c8f2b5d9e3a7c1f4b8d2e6a0c5f9b3d7e1a',
    FileSize: 4127,
    ...POWERSHELL,
    ...extra,
  });
}

describe('DeviceFileEvents: ActionType → activity', () => {
  const cases: [string, number][] = [
    ['FileCreated', 1],
    ['FileModified', 3],
    ['FileDeleted', 4],
    ['FileRenamed', 5],
    ['FileCreatedAggregatedReport', 1],
    ['FileModifiedAggregatedReport', 3],
    ['FileRenamedAggregatedReport', 5],
    ['FileTimestampChanged', 99],
  ];
  for (const [actionType, activityId] of cases) {
    test(`${actionType} → ${activityId}`, () => {
      const record = fileEvent(actionType);
      assert.equal(record.class_uid, 1001);
      assert.equal(record.activity_id, activityId);
      assert.equal(record.type_uid, 100100 + activityId);
      if (activityId === 99) assert.equal(record.activity_name, actionType);
    });
  }

  test('aggregated reports carry their occurrence count', () => {
    assert.equal(fileEvent('FileModifiedAggregatedReport', { AdditionalFields: { uniqueEventsAggregated: 17 } }).count, 17);
  });
});

describe('DeviceFileEvents: the file', () => {
  test('name, full path, folder, hashes, size and origin URL', () => {
    const record = fileEvent('FileCreated', { FileOriginUrl: 'https://files.example.net/report.ps1', MD5: '8b2e6c0a4f7d1b5e9c3a6f0d4b8e2c7a' });
    assert.deepEqual(record.file, {
      name: 'report.ps1',
      path: 'C:\\Users\\jdoe\\Downloads\\report.ps1',
      parent_folder: 'C:\\Users\\jdoe\\Downloads',
      type_id: 1,
      type: 'Regular File',
      size: 4127,
      hashes: [
        { algorithm_id: 1, algorithm: 'MD5', value: '8b2e6c0a4f7d1b5e9c3a6f0d4b8e2c7a' },
        { algorithm_id: 2, algorithm: 'SHA-1', value: '6e0a4c8f2b5d9e3a7c1f4b8d2e6a0c5f9b3d7e1a' },
      ],
      url: { url_string: 'https://files.example.net/report.ps1' },
    });
  });

  test('an origin that is not a URL stays raw', () => {
    const record = fileEvent('FileCreated', { FileOriginUrl: '\\\\fs01\\share\\report.ps1' });
    assert.equal((record.file as Record<string, unknown>).url, undefined);
    assert.deepEqual(record.unmapped, { FileOriginUrl: '\\\\fs01\\share\\report.ps1' });
  });

  test('a FolderPath that holds only the folder: the full path is built, the folder kept as written', () => {
    const record = fileEvent('FileCreated', { FolderPath: '/home/builder/work' });
    assert.equal((record.file as Record<string, unknown>).path, '/home/builder/work/report.ps1');
    assert.equal((record.file as Record<string, unknown>).parent_folder, '/home/builder/work');
  });

  test('without FileName the name is the last segment of FolderPath', () => {
    const record = fileEvent('FileDeleted', { FileName: '', FolderPath: 'C:\\Temp\\x.tmp' });
    assert.equal((record.file as Record<string, unknown>).name, 'x.tmp');
  });

  test('AIP protection: true marks the file encrypted; false says nothing and stays raw', () => {
    assert.equal((fileEvent('FileModified', { IsAzureInfoProtectionApplied: 'true' }).file as Record<string, unknown>).is_encrypted, true);
    const unprotected = fileEvent('FileModified', { IsAzureInfoProtectionApplied: 0 });
    assert.equal((unprotected.file as Record<string, unknown>).is_encrypted, undefined);
    assert.deepEqual(unprotected.unmapped, { IsAzureInfoProtectionApplied: 0 });
  });

  test('no file name or path: a base_event', () => {
    const record = fileEvent('FileModified', { FileName: null, FolderPath: '' });
    assert.equal(record.class_uid, 0);
    assert.equal((record.unmapped as Record<string, unknown>).SHA1, '6e0a4c8f2b5d9e3a7c1f4b8d2e6a0c5f9b3d7e1a');
  });
});

describe('DeviceFileEvents: renames', () => {
  test('`file` is the file before (with the content hashes), `file_result` the file after', () => {
    const record = fileEvent('FileRenamed', {
      FileName: 'invoice.pdf',
      FolderPath: 'C:\\Users\\jdoe\\Downloads\\invoice.pdf',
      PreviousFileName: 'invoice.pdf.crdownload',
      PreviousFolderPath: 'C:\\Users\\jdoe\\Downloads\\',
    });
    assert.deepEqual(record.file, {
      name: 'invoice.pdf.crdownload',
      path: 'C:\\Users\\jdoe\\Downloads\\invoice.pdf.crdownload',
      parent_folder: 'C:\\Users\\jdoe\\Downloads\\',
      type_id: 1,
      type: 'Regular File',
      size: 4127,
      hashes: [{ algorithm_id: 2, algorithm: 'SHA-1', value: '6e0a4c8f2b5d9e3a7c1f4b8d2e6a0c5f9b3d7e1a' }],
    });
    assert.deepEqual(record.file_result, {
      name: 'invoice.pdf',
      path: 'C:\\Users\\jdoe\\Downloads\\invoice.pdf',
      parent_folder: 'C:\\Users\\jdoe\\Downloads',
      type_id: 1,
      type: 'Regular File',
    });
  });

  test('a move (only the previous folder): the old file has the current name in the old folder', () => {
    const record = fileEvent('FileRenamed', { PreviousFolderPath: 'C:\\Temp' });
    assert.equal((record.file as Record<string, unknown>).path, 'C:\\Temp\\report.ps1');
    assert.equal((record.file_result as Record<string, unknown>).path, 'C:\\Users\\jdoe\\Downloads\\report.ps1');
  });

  test('a rename without previous names keeps the current file as `file`; previous columns on other activities stay raw', () => {
    assert.equal(fileEvent('FileRenamed').file_result, undefined);
    const modified = fileEvent('FileModified', { PreviousFileName: 'old.ps1' });
    assert.equal(modified.file_result, undefined);
    assert.deepEqual(modified.unmapped, { PreviousFileName: 'old.ps1' });
  });
});

describe('DeviceFileEvents: the actor', () => {
  test('a remote (SMB) request: the System process and the requesting account', () => {
    const record = fileEvent('FileModified', {
      InitiatingProcessId: 4,
      InitiatingProcessFileName: 'System',
      InitiatingProcessFolderPath: null,
      RequestAccountName: 'svc-deploy',
      RequestAccountDomain: 'CORP',
      RequestAccountSid: 'S-1-5-21-1004336348-1177238915-682003330-50877',
      RequestSourceIP: '10.30.2.15',
      RequestProtocol: 'SMB',
    });
    const actor = record.actor as Record<string, Record<string, unknown>>;
    assert.equal(actor.process!.pid, 4);
    assert.deepEqual(actor.user, { name: 'svc-deploy', domain: 'CORP', uid: 'S-1-5-21-1004336348-1177238915-682003330-50877' });
    assert.deepEqual(record.unmapped, { RequestSourceIP: '10.30.2.15', RequestProtocol: 'SMB' });
  });

  test('the requesting account alone is enough for an actor; with neither, a base_event', () => {
    const noProcess = { InitiatingProcessId: 0, InitiatingProcessFileName: null, InitiatingProcessFolderPath: null };
    const userOnly = fileEvent('FileCreated', { ...noProcess, RequestAccountName: 'jdoe' });
    assert.deepEqual(userOnly.actor, { user: { name: 'jdoe' } });
    assert.equal(fileEvent('FileCreated', noProcess).class_uid, 0);
  });

  test('no device: a base_event', () => {
    assert.equal(fileEvent('FileCreated', { DeviceId: '', DeviceName: null }).class_uid, 0);
  });
});
