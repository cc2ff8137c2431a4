import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceImageLoadEvents } from '../../../lambda/ocsf/tables/device-image-load-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = deviceImageLoadEvents.map({
    table: 'DeviceImageLoadEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    properties: {
      Timestamp: '2025-03-14T09:12:45.301Z',
      DeviceId: '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a',
      DeviceName: 'wks-fin-042.corp.example.com',
      ActionType: 'ImageLoaded',
      FileName: 'amsi.dll',
      FolderPath: 'C:\\Windows\\System32\\amsi.dll',
      SHA1: '5c2f8e1a9d4b7c3e6a0f2d5b8c1e4a7d9f3b6c0e',
      FileSize: 90112,
      InitiatingProcessId: 9812,
      InitiatingProcessFileName: 'powershell.exe',
      InitiatingProcessCreationTime: '2025-03-14T09:12:44.5650912Z',
      ReportId: 18347,
      ...properties,
    },
  });
  assertOcsf(record);
  return delivered(record);
}

describe('DeviceImageLoadEvents → module_activity', () => {
  test('ImageLoaded is Load: the initiating process loads the image', () => {
    const record = map({});
    assert.equal(record.class_uid, 1005);
    assert.equal(record.activity_id, 1);
    assert.equal(record.type_uid, 100501);
    assert.equal(record.time, Date.UTC(2025, 2, 14, 9, 12, 45, 301));
    assert.deepEqual(record.module, {
      file: {
        name: 'amsi.dll',
        path: 'C:\\Windows\\System32\\amsi.dll',
        parent_folder: 'C:\\Windows\\System32',
        type_id: 1,
        type: 'Regular File',
        size: 90112,
        hashes: [{ algorithm_id: 2, algorithm: 'SHA-1', value: '5c2f8e1a9d4b7c3e6a0f2d5b8c1e4a7d9f3b6c0e' }],
      },
      load_type_id: 0,
      load_type: 'Unknown',
    });
    const actor = record.actor as Record<string, Record<string, unknown>>;
    assert.equal(actor.process!.pid, 9812);
    assert.equal(actor.process!.created_time, Date.UTC(2025, 2, 14, 9, 12, 44, 565));
    assert.equal(record.unmapped, undefined);
  });

  test('an unknown ActionType is Other with its raw name', () => {
    const record = map({ ActionType: 'ImageLoadedFromMemory' });
    assert.equal(record.activity_id, 99);
    assert.equal(record.activity_name, 'ImageLoadedFromMemory');
  });

  test('the image name comes from FolderPath when FileName is empty; a timestamp without zone is UTC', () => {
    const record = map({ FileName: '', FolderPath: '/usr/lib/x86_64-linux-gnu/libcrypto.so.3', Timestamp: '2025-03-14T13:03:08.4412209' });
    assert.equal(((record.module as Record<string, Record<string, unknown>>).file!).name, 'libcrypto.so.3');
    assert.equal(record.time, Date.UTC(2025, 2, 14, 13, 3, 8, 441));
  });

  test('a remote-session flag "true" reaches the actor session; unconvertible values stay raw', () => {
    const record = map({ IsInitiatingProcessRemoteSession: 'true', FileSize: 'n/a' });
    const process = (record.actor as Record<string, Record<string, unknown>>).process!;
    assert.deepEqual(process.session, { is_remote: true });
    assert.deepEqual(record.unmapped, { FileSize: 'n/a' });
  });

  test('rows missing the image, the loading process or the device become base_event', () => {
    assert.equal(map({ FileName: null, FolderPath: null }).class_uid, 0);
    assert.equal(map({ InitiatingProcessId: 0, InitiatingProcessFileName: null }).class_uid, 0);
    assert.equal(map({ DeviceId: null, DeviceName: '' }).class_uid, 0);
  });
});
