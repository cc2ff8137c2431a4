import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crudActivityOf } from '../../../lambda/ocsf/common/mail-cloud-activity.ts';
import { cloudAppEvents } from '../../../lambda/ocsf/tables/cloud-app-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const FILE_URL = 'https://corp.sharepoint.com/sites/Finance/Shared Documents/Q1 forecast.xlsx';

const ACTIVITY = {
  Timestamp: '2025-03-14T11:37:54Z',
  ActionType: 'New-InboxRule',
  Application: 'Microsoft Exchange Online',
  ApplicationId: 20893,
  AccountObjectId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  AccountId: 'asmith@corp.example.com',
  AccountDisplayName: 'Alex Smith',
  IPAddress: '203.0.113.190',
  ReportId: 'b41d9e02-7c3a-4f58-9e61-2a0b3c4d5e6f',
  AccountType: 'Regular',
};

function map(properties: Record<string, unknown> = {}): OcsfRecord {
  const record = cloudAppEvents.map({
    table: 'CloudAppEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T11:40:19.7730011Z',
    properties: { ...ACTIVITY, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

function unmapped(record: OcsfRecord): Record<string, unknown> {
  return record.unmapped ?? {};
}

describe('CloudAppEvents: routing by what the row can fill', () => {
  test('an activity with a client IP and an actor is API Activity with the ActionType as operation', () => {
    const record = map();
    assert.equal(record.class_uid, 6003);
    assert.equal(record.activity_id, 1);
    assert.deepEqual(record.api, { operation: 'New-InboxRule', service: { name: 'Microsoft Exchange Online', uid: '20893' } });
    assert.equal(record.metadata.profiles, undefined);
  });

  test('a SharePoint file action on a named file is File Hosting Activity', () => {
    const record = map({
      ActionType: 'FileDownloaded',
      Application: 'Microsoft SharePoint Online',
      ObjectName: FILE_URL,
      ObjectType: 'File',
      ObjectId: FILE_URL,
      RawEventData: {
        SourceFileName: 'Q1 forecast.xlsx',
        SourceFileExtension: 'xlsx',
        SourceRelativeUrl: 'Shared Documents',
        SiteUrl: 'https://corp.sharepoint.com/sites/Finance/',
      },
    });
    assert.equal(record.class_uid, 6006);
    assert.equal(record.activity_id, 2);
    assert.deepEqual(record.file, {
      name: 'Q1 forecast.xlsx',
      type_id: 1,
      type: 'Regular File',
      ext: 'xlsx',
      parent_folder: 'Shared Documents',
      url: { url_string: FILE_URL },
      uid: FILE_URL,
    });
    assert.deepEqual(record.dst_endpoint, { svc_name: 'Microsoft SharePoint Online' });
    assert.deepEqual(unmapped(record).RawEventData, { SiteUrl: 'https://corp.sharepoint.com/sites/Finance/' });
  });

  test('a file action without any file name is API Activity (Read for a download)', () => {
    const record = map({ ActionType: 'FileDownloaded' });
    assert.equal(record.class_uid, 6003);
    assert.equal(record.activity_id, 2);
  });

  test('sign-ins are Authentication Logon; a failure is status 2 with the audit LogonError', () => {
    const failed = map({
      ActionType: 'UserLoginFailed',
      RawEventData: { LogonError: 'InvalidUserNameOrPassword', ResultStatus: 'Failed' },
    });
    assert.equal(failed.class_uid, 3002);
    assert.equal(failed.activity_id, 1);
    assert.equal(failed.status_id, 2);
    assert.equal(failed.status_detail, 'InvalidUserNameOrPassword');
    assert.deepEqual(failed.service, { name: 'Microsoft Exchange Online', uid: '20893' });
    const succeeded = map({ ActionType: 'UserLoggedIn' });
    assert.equal(succeeded.class_uid, 3002);
    assert.equal(succeeded.status_id, 1);
  });

  test('without a client IP (a service acting on its own) it is Web Resources Activity over the objects', () => {
    const record = map({
      ActionType: 'MailItemsAccessed',
      IPAddress: '',
      ActivityObjects: '[{"Type":"Mailbox","Role":"Target object","Name":"jdoe@corp.example.com","Id":"jdoe@corp.example.com"}]',
    });
    assert.equal(record.class_uid, 6001);
    assert.equal(record.activity_id, 2);
    assert.deepEqual(record.web_resources, [
      { name: 'jdoe@corp.example.com', uid: 'jdoe@corp.example.com', type: 'Mailbox', data: { Role: 'Target object' } },
    ]);
    assert.deepEqual(record.metadata.profiles, ['host']);
    assert.equal(record.src_endpoint, undefined);
  });

  test('without IP, objects or actor there is nothing to type: base_event', () => {
    assert.equal(map({ IPAddress: null, AccountObjectId: null, AccountId: null }).class_uid, 0);
    assert.equal(map({ ActionType: '' }).class_uid, 0);
  });

  test('the audit record ClientIP stands in for a missing IPAddress', () => {
    const record = map({ IPAddress: null, RawEventData: '{"ClientIP":"::ffff:192.0.2.7","Workload":"Exchange"}' });
    assert.equal(record.class_uid, 6003);
    assert.equal((record.src_endpoint as Record<string, unknown>).ip, '192.0.2.7');
    assert.deepEqual(unmapped(record).RawEventData, { Workload: 'Exchange' });
  });
});

describe('CloudAppEvents: ActionType verb → CRUD activity', () => {
  const cases: [string, number][] = [
    ['New-InboxRule', 1], ['Add member to group.', 1], ['TeamCreated', 1],
    ['Get-Mailbox', 2], ['MailItemsAccessed', 2], ['FilePreviewed', 2],
    ['Set-Mailbox', 3], ['Update user.', 3], ['Write Deployments', 3],
    ['Remove-MailboxPermission', 4], ['Delete application.', 4], ['SoftDelete', 4],
    ['Send', 99], ['Consent to application.', 99], ['MessageSent', 99],
  ];
  for (const [actionType, activityId] of cases) {
    test(`${actionType} → ${activityId}`, () => assert.equal(crudActivityOf(actionType), activityId));
  }

  test('an unknown ActionType is activity 99 with the ActionType as its name', () => {
    const record = map({ ActionType: 'Send' });
    assert.equal(record.activity_id, 99);
    assert.equal(record.activity_name, 'Send');
    assert.equal(record.type_uid, 600399);
  });
});

describe('CloudAppEvents: actor, client and objects', () => {
  test('the Entra object id is uid, AccountId uid_alt, the audit UserId (UPN) name and address', () => {
    const record = map({ RawEventData: { UserId: 'asmith@corp.example.com' } });
    assert.deepEqual((record.actor as Record<string, unknown>).user, {
      name: 'asmith@corp.example.com',
      uid: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      uid_alt: 'asmith@corp.example.com',
      display_name: 'Alex Smith',
      email_addr: 'asmith@corp.example.com',
      type_id: 1,
      type: 'User',
    });
    assert.equal(unmapped(record).AccountType, 'Regular', 'Regular is captioned User: the word stays too');
    assert.equal(unmapped(map({ AccountType: 'Admin' })).AccountType, undefined);
  });

  test('the OAuth app is actor.app_uid', () => {
    const record = map({ OAuthAppId: '4765445b-32c6-49b0-83e6-1d93765276ca' });
    assert.equal((record.actor as Record<string, unknown>).app_uid, '4765445b-32c6-49b0-83e6-1d93765276ca');
  });

  test('device type, platform, geolocation and ISP describe the src_endpoint', () => {
    const record = map({ DeviceType: 'Mobile', OSPlatform: 'iOS 17.3', CountryCode: 'BR', City: 'Sao Paulo', Isp: 'example mobile' });
    assert.deepEqual(record.src_endpoint, {
      ip: '203.0.113.190',
      type_id: 5,
      type: 'Mobile',
      os: { name: 'iOS 17.3', type_id: 301, type: 'iOS' },
      location: { country: 'BR', city: 'Sao Paulo' },
      isp: 'example mobile',
    });
  });

  test('ActivityObjects (array or string) become resources with roles; other keys go to data', () => {
    const objects = [
      { Type: 'Mailbox', Role: 'Target object', Name: 'asmith@corp.example.com', Id: 'asmith@corp.example.com' },
      { Type: 'Structured object', Role: 'Parameter', Name: 'MoveToFolder', Value: 'RSS Feeds' },
    ];
    const fromArray = map({ ActivityObjects: objects });
    const fromString = map({ ActivityObjects: JSON.stringify(objects) });
    assert.deepEqual(fromArray.resources, [
      {
        name: 'asmith@corp.example.com',
        uid: 'asmith@corp.example.com',
        type: 'Mailbox',
        role_id: 1,
        role: 'Target',
        data: { Role: 'Target object' },
      },
      { name: 'MoveToFolder', type: 'Structured object', role_id: 99, role: 'Parameter', data: { Value: 'RSS Feeds' } },
    ]);
    assert.deepEqual(fromString.resources, fromArray.resources);
  });

  test('ActivityObjects with an entry lacking name and id stay raw (resources need one)', () => {
    const objects = [{ Type: 'Folder', Role: 'Target object' }];
    const record = map({ ActivityObjects: objects });
    assert.equal(record.resources, undefined);
    assert.deepEqual(unmapped(record).ActivityObjects, objects);
  });

  test('the audit ResultStatus is the status; a renamed word stays in unmapped.RawEventData', () => {
    const partial = map({ RawEventData: { ResultStatus: 'PartiallySucceeded' } });
    assert.equal(partial.status_id, 99);
    assert.equal(partial.status, 'PartiallySucceeded');
    const yes = map({ RawEventData: { ResultStatus: 'True' } });
    assert.equal(yes.status_id, 1);
    assert.deepEqual(unmapped(yes).RawEventData, { ResultStatus: 'True' });
  });

  test('dynamic columns arriving as strings or objects land decoded alike; booleans as 0/"true" stay raw', () => {
    const flags = { IsExternalUser: 'true', IsAdminOperation: 0 };
    const asStrings = map({ AdditionalFields: '{"IsSatelliteProvider":false}', SessionData: '{"SessionId":"s-1"}', ...flags });
    const asObjects = map({ AdditionalFields: { IsSatelliteProvider: false }, SessionData: { SessionId: 's-1' }, ...flags });
    assert.deepEqual(unmapped(asStrings), unmapped(asObjects));
    assert.deepEqual(unmapped(asStrings).AdditionalFields, { IsSatelliteProvider: false });
    assert.equal(unmapped(asStrings).IsAdminOperation, 0);
  });
});
