import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { malwareOf } from '../../../lambda/ocsf/common/dev2-malware.ts';
import { deviceEvents } from '../../../lambda/ocsf/tables/device-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const DEVICE = {
  Timestamp: '2025-03-14T09:31:18.2290112Z',
  DeviceId: '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a',
  DeviceName: 'wks-fin-042.corp.example.com',
  MachineGroup: 'Finance Workstations',
  ReportId: 18430,
};

const INITIATING_PROCESS = {
  InitiatingProcessId: 11340,
  InitiatingProcessFileName: 'rundll32.exe',
  InitiatingProcessFolderPath: 'c:\\windows\\system32\\rundll32.exe',
  InitiatingProcessCommandLine: 'rundll32.exe C:\\Users\\Public\\sync.dll,Start',
  InitiatingProcessAccountName: 'jdoe',
  InitiatingProcessAccountDomain: 'corp',
  InitiatingProcessAccountSid: 'S-1-5-21-1004336348-1177238915-682003330-41211',
};

const TARGET_PROCESS = {
  FileName: 'lsass.exe',
  FolderPath: 'C:\\Windows\\System32\\lsass.exe',
  ProcessId: 712,
  ProcessCreationTime: '2025-03-10T06:02:11.5012254Z',
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = deviceEvents.map({
    table: 'DeviceEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T09:35:02.8810043Z',
    receivedTime: '2025-03-14T09:31:20.0100239Z',
    properties: { ...DEVICE, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

function field(record: OcsfRecord, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

describe('DeviceEvents: ActionType → class and activity', () => {
  const cases: [string, Record<string, unknown>, number, number][] = [
    ['OpenProcessApiCall', TARGET_PROCESS, 1007, 3],
    ['CreateRemoteThreadApiCall', TARGET_PROCESS, 1007, 4],
    ['ProcessCreatedUsingWmiQuery', TARGET_PROCESS, 1007, 1],
    ['ReadProcessMemoryApiCall', TARGET_PROCESS, 1004, 7],
    ['NtMapViewOfSectionRemoteApiCall', TARGET_PROCESS, 1004, 9],
    ['PowerShellCommand', { AdditionalFields: '{"Command":"Get-Process"}' }, 1009, 1],
    ['DriverLoad', { FileName: 'RTCore64.sys', FolderPath: 'C:\\Windows\\Temp\\RTCore64.sys' }, 1002, 1],
    ['ClrUnbackedModuleLoaded', {}, 1005, 1],
    ['ScheduledTaskDeleted', { AdditionalFields: '{"TaskName":"\\\\Updater"}' }, 1006, 3],
    ['ServiceInstalled', { AdditionalFields: '{"ServiceName":"PSEXESVC","ServiceStartType":3}' }, 201004, 1],
    ['SecurityLogCleared', {}, 1008, 1],
    ['UsbDriveUnmounted', { AdditionalFields: '{"ProductName":"Ultra","Manufacturer":"SanDisk"}' }, 1010, 2],
    ['UserAccountDeleted', { AccountName: 'svc_old', AccountSid: 'S-1-5-21-1-2-3-1013' }, 3001, 6],
    ['UserAccountRemovedFromLocalGroup', { AccountSid: 'S-1-5-21-1-2-3-1013', AdditionalFields: '{"GroupName":"Administrators"}' }, 3006, 4],
    ['LogonRightsSettingEnabled', { AccountSid: 'S-1-5-21-1-2-3-1013', AdditionalFields: '{"LogonRights":"SeInteractiveLogonRight"}' }, 3005, 1],
    ['DnsQueryResponse', { AdditionalFields: '{"DnsQueryString":"example.com"}' }, 4003, 2],
    ['BrowserLaunchedToOpenUrl', { RemoteUrl: 'https://files.example.net/a.xlsx' }, 6001, 2],
    ['SensitiveFileRead', { FileName: 'Login Data', FolderPath: 'C:\\Users\\jdoe\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Login Data' }, 1001, 2],
    ['AntivirusScanCancelled', {}, 6007, 3],
    ['AntivirusDetection', { AdditionalFields: '{"ThreatName":"Trojan:Win32/Wacatac.B!ml"}' }, 2004, 1],
  ];
  for (const [actionType, properties, classUid, activityId] of cases) {
    test(`${actionType} → ${classUid} activity ${activityId}`, () => {
      const record = map({ ActionType: actionType, ...INITIATING_PROCESS, ...properties });
      assert.equal(record.class_uid, classUid);
      assert.equal(record.activity_id, activityId);
      assert.equal(record.metadata.event_code, actionType);
    });
  }

  test('an ActionType the mapper does not know is Process Activity 99 named after it', () => {
    const record = map({ ActionType: 'QuantumTelemetryEvent', ...INITIATING_PROCESS, AdditionalFields: '{"Foo":1}' });
    assert.equal(record.class_uid, 1007);
    assert.equal(record.activity_id, 99);
    assert.equal(record.activity_name, 'QuantumTelemetryEvent');
    assert.equal(record.type_uid, 100799);
    assert.deepEqual(record.unmapped?.AdditionalFields, { Foo: 1 });
  });

  test('without a target process the event is about the initiating process itself', () => {
    const record = map({ ActionType: 'GetClipboardData', ...INITIATING_PROCESS });
    assert.equal(field(record, 'process.pid'), 11340);
    assert.equal(field(record, 'actor.process.pid'), 11340);
  });

  test('a known route missing what its class requires falls back to the default class, keeping the row', () => {
    const record = map({ ActionType: 'ScheduledTaskCreated', ...INITIATING_PROCESS, AdditionalFields: '{"TaskContent":"<Task/>"}' });
    assert.equal(record.class_uid, 1007);
    assert.equal(record.activity_id, 99);
    assert.equal(record.activity_name, 'ScheduledTaskCreated');
    assert.deepEqual(record.unmapped?.AdditionalFields, { TaskContent: '<Task/>' });
  });

  test('a launch, open or injection needs a target process; without one it is activity 99', () => {
    const record = map({ ActionType: 'OpenProcessApiCall', ...INITIATING_PROCESS, AdditionalFields: '{"DesiredAccess":4112}' });
    assert.equal(record.activity_id, 99);
    assert.equal(record.requested_permissions, undefined);
  });

  test('a row with neither an initiating process nor class data becomes a base_event with every column', () => {
    const record = map({ ActionType: 'AppGuardStopContainer', AdditionalFields: '{"ContainerName":"AppGuard-Edge"}' });
    assert.equal(record.class_uid, 0);
    assert.equal(record.activity_name, 'AppGuardStopContainer');
    assert.equal(record.unmapped?.DeviceName, DEVICE.DeviceName);
  });
});

describe('DeviceEvents: process and memory details', () => {
  test('OpenProcessApiCall: the target is the opened process, DesiredAccess the requested permissions', () => {
    const record = map({ ActionType: 'OpenProcessApiCall', ...INITIATING_PROCESS, ...TARGET_PROCESS, AdditionalFields: '{"DesiredAccess":4112}' });
    assert.equal(field(record, 'process.name'), 'lsass.exe');
    assert.equal(field(record, 'actor.process.name'), 'rundll32.exe');
    assert.equal(record.requested_permissions, 4112);
  });

  test('injection APIs name their technique', () => {
    const thread = map({ ActionType: 'CreateRemoteThreadApiCall', ...INITIATING_PROCESS, ...TARGET_PROCESS });
    const apc = map({ ActionType: 'QueueUserApcRemoteApiCall', ...INITIATING_PROCESS, ...TARGET_PROCESS });
    const context = map({ ActionType: 'SetThreadContextRemoteApiCall', ...INITIATING_PROCESS, ...TARGET_PROCESS });
    assert.deepEqual([thread.injection_type_id, thread.injection_type], [1, 'Remote Thread']);
    assert.deepEqual([apc.injection_type_id, apc.injection_type], [3, 'Queue APC']);
    assert.deepEqual([context.injection_type_id, context.injection_type], [99, 'SetThreadContext']);
  });

  test('a WMI launch is an ordinary Windows spawn of the target process', () => {
    const record = map({ ActionType: 'ProcessCreatedUsingWmiQuery', ...INITIATING_PROCESS, ...TARGET_PROCESS });
    assert.deepEqual([record.launch_type_id, record.launch_type], [1, 'Spawn']);
  });

  test('memory writes carry the byte count', () => {
    const record = map({ ActionType: 'WriteProcessMemoryApiCall', ...INITIATING_PROCESS, ...TARGET_PROCESS, AdditionalFields: { TotalBytesCopied: 4096 } });
    assert.equal(record.size, 4096);
    assert.equal(field(record, 'process.pid'), 712);
  });
});

describe('DeviceEvents: detections', () => {
  test('the threat name titles the finding and classifies the malware', () => {
    const record = map({
      ActionType: 'AntivirusDetection',
      ...INITIATING_PROCESS,
      FileName: 'invoice.docm',
      FolderPath: 'C:\\Users\\jdoe\\Downloads\\invoice.docm',
      AdditionalFields: '{"ThreatName":"TrojanDownloader:O97M/Donoff.SR!MTB","WasRemediated":false}',
    });
    assert.equal(field(record, 'finding_info.title'), 'TrojanDownloader:O97M/Donoff.SR!MTB');
    assert.equal(field(record, 'finding_info.uid'), record.metadata.uid);
    assert.deepEqual(record.malware, [{ name: 'TrojanDownloader:O97M/Donoff.SR!MTB', classification_ids: [6], classifications: ['Downloader'] }]);
    assert.equal(field(record, 'evidences.0.file.name'), 'invoice.docm');
    assert.deepEqual(record.metadata.profiles, ['host', 'security_control']);
    assert.equal(record.severity_id, 0, 'Defender states no severity on these rows');
  });

  test('the ActionType suffix gives the verdict: blocked, audited, warned, overridden', () => {
    const verdict = (actionType: string) => {
      const record = map({ ActionType: actionType, ...INITIATING_PROCESS });
      return [record.class_uid, record.action_id, record.disposition_id];
    };
    assert.deepEqual(verdict('AsrOfficeChildProcessBlocked'), [2004, 2, 2]);
    assert.deepEqual(verdict('AsrOfficeChildProcessAudited'), [2004, 3, 15]);
    assert.deepEqual(verdict('ExploitGuardAcgEnforced'), [2004, 2, 2]);
    assert.deepEqual(verdict('ControlledFolderAccessViolationBlocked'), [2004, 2, 2]);
    assert.deepEqual(verdict('AppControlExecutableBlocked'), [2004, 2, 2]);
    assert.deepEqual(verdict('AppLockerBlockExecutable'), [2004, 2, 2]);
    assert.deepEqual(verdict('SmartScreenAppWarning'), [2004, 3, 19]);
    assert.deepEqual(verdict('SmartScreenUserOverride'), [2004, 1, 1]);
    assert.deepEqual(verdict('AntivirusMalwareActionFailed'), [2004, 3, 13]);
  });

  test('application-control housekeeping is not a detection', () => {
    const record = map({ ActionType: 'AppControlPolicyApplied', ...INITIATING_PROCESS });
    assert.equal(record.class_uid, 1007);
    assert.equal(record.activity_id, 99);
  });

  test('IsAudit (a boolean or its text) decides audit versus block and stays under unmapped', () => {
    const audited = map({ ActionType: 'ExploitGuardNetworkProtectionBlocked', ...INITIATING_PROCESS, AdditionalFields: '{"IsAudit":"true"}' });
    const blocked = map({ ActionType: 'AsrCustomRuleAudited', ...INITIATING_PROCESS, AdditionalFields: { IsAudit: 0 } });
    assert.equal(audited.disposition_id, 15);
    assert.equal(blocked.disposition_id, 2);
    assert.deepEqual(audited.unmapped?.AdditionalFields, { IsAudit: 'true' });
  });

  test('a remediated antivirus detection is a corrected one', () => {
    const record = map({ ActionType: 'AntivirusDetection', ...INITIATING_PROCESS, AdditionalFields: '{"ThreatName":"Virus:Win32/Sality.AT","WasRemediated":true}' });
    assert.deepEqual([record.action_id, record.disposition_id, record.disposition], [4, 11, 'Corrected']);
  });

  test('a blocked URL is evidence as a URL; a bare host name becomes the destination host', () => {
    const url = map({ ActionType: 'SmartScreenUrlWarning', ...INITIATING_PROCESS, RemoteUrl: 'http://login.example.org/auth' });
    const host = map({ ActionType: 'ExploitGuardNetworkProtectionBlocked', ...INITIATING_PROCESS, RemoteUrl: 'cdn.example.com', RemoteIP: '::ffff:198.51.100.23', RemotePort: '443' });
    assert.deepEqual(field(url, 'evidences.0.url'), { url_string: 'http://login.example.org/auth' });
    assert.deepEqual(field(host, 'evidences.0.dst_endpoint'), { hostname: 'cdn.example.com', ip: '198.51.100.23', port: 443 });
  });

  test('registry evidence brings the Windows extension into metadata', () => {
    const record = map({
      ActionType: 'AntivirusDetection',
      RegistryKey: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      RegistryValueName: 'Updater',
      RegistryValueData: 'C:\\Users\\Public\\sync.exe',
      AdditionalFields: '{"ThreatName":"Trojan:Win32/Startpage"}',
    });
    assert.equal(field(record, 'evidences.0.reg_value.name'), 'Updater');
    assert.deepEqual(record.metadata.extensions, [{ name: 'win', uid: '2', version: '1.8.0' }]);
  });

  test('threat-name types map to OCSF malware classifications, others stay the source value', () => {
    assert.deepEqual(malwareOf('Ransom:Win32/LockBit.A').classification_ids, [10]);
    assert.deepEqual(malwareOf('HackTool:Win32/Mimikatz.D'), { name: 'HackTool:Win32/Mimikatz.D', classification_ids: [99], classifications: ['HackTool'] });
    assert.deepEqual(malwareOf('EICAR_Test_File').classification_ids, [0]);
  });
});

describe('DeviceEvents: network, DNS and logon direction', () => {
  const endpoints = { RemoteIP: '198.51.100.10', RemotePort: 50123, LocalIP: '10.20.30.17', LocalPort: 445 };

  test('an inbound firewall block puts the remote side in the source', () => {
    const record = map({ ActionType: 'FirewallInboundConnectionBlocked', ...INITIATING_PROCESS, ...endpoints });
    assert.equal(field(record, 'src_endpoint.ip'), '198.51.100.10');
    assert.equal(field(record, 'dst_endpoint.port'), 445);
    assert.deepEqual(record.connection_info, { direction_id: 1, direction: 'Inbound' });
    assert.deepEqual([record.activity_id, record.action_id, record.disposition_id], [5, 2, 2]);
  });

  test('an outbound firewall block puts the local side in the source', () => {
    const record = map({ ActionType: 'FirewallOutboundConnectionBlocked', ...endpoints });
    assert.equal(field(record, 'src_endpoint.ip'), '10.20.30.17');
    assert.equal(field(record, 'dst_endpoint.ip'), '198.51.100.10');
    assert.equal(field(record, 'connection_info.direction_id'), 2);
    assert.equal(record.actor, undefined);
  });

  test('firewall addresses in AdditionalFields are used when the columns are empty', () => {
    const record = map({
      ActionType: 'FirewallOutboundConnectionBlocked',
      AdditionalFields: '{"LocalAddress":"10.20.30.17","LocalPort":"51000","RemoteAddress":"203.0.113.9","RemotePort":"8443"}',
    });
    assert.deepEqual(record.dst_endpoint, { ip: '203.0.113.9', port: 8443 });
    assert.equal(record.unmapped?.AdditionalFields, undefined);
  });

  test('a firewall row without any endpoint cannot be Network Activity', () => {
    const record = map({ ActionType: 'FirewallInboundConnectionToAppBlocked', ...INITIATING_PROCESS });
    assert.equal(record.class_uid, 1007);
  });

  test('a DNS response: the device asked, the answers come from DnsQueryResult (text or array)', () => {
    const asText = map({
      ActionType: 'DnsQueryResponse',
      ...INITIATING_PROCESS,
      AdditionalFields: JSON.stringify({ DnsQueryString: 'cdn.example.com', DnsQueryResult: '[{"DnsQueryType":"A","Result":"198.51.100.23"}]' }),
    });
    const asArray = map({
      ActionType: 'DnsQueryResponse',
      ...INITIATING_PROCESS,
      AdditionalFields: { DnsQueryString: 'cdn.example.com', DnsQueryResult: [{ DnsQueryType: 'A', Result: '198.51.100.23' }] },
    });
    assert.deepEqual(asText.answers, [{ rdata: '198.51.100.23', type: 'A' }]);
    assert.deepEqual(asArray.answers, asText.answers);
    assert.equal(field(asText, 'src_endpoint.hostname'), DEVICE.DeviceName);
    assert.deepEqual(asText.metadata.profiles, ['host']);
  });

  test('answers with fields the mapper does not know stay raw', () => {
    const record = map({
      ActionType: 'DnsQueryResponse',
      AdditionalFields: { DnsQueryString: 'cdn.example.com', DnsQueryResult: [{ DnsQueryType: 'A', Result: '198.51.100.23', Ttl: 60 }] },
    });
    assert.equal(record.answers, undefined);
    assert.deepEqual(field(record, 'unmapped.AdditionalFields.DnsQueryResult'), [{ DnsQueryType: 'A', Result: '198.51.100.23', Ttl: 60 }]);
  });

  test('a contained user logon that was blocked is a failed Logon, not a Logoff', () => {
    const record = map({ ActionType: 'ContainedUserLogonBlocked', AccountName: 'jdoe', AccountDomain: 'corp', RemoteIP: '10.20.1.5', RemoteDeviceName: 'JUMP-01' });
    assert.equal(record.class_uid, 3002);
    assert.equal(record.activity_id, 1);
    assert.deepEqual([record.status_id, record.status], [2, 'Failure']);
    assert.deepEqual(record.src_endpoint, { name: 'JUMP-01', ip: '10.20.1.5' });
    assert.equal(field(record, 'dst_endpoint.uid'), DEVICE.DeviceId);
  });
});

describe('DeviceEvents: other classes', () => {
  test('a PnP arrival without a process is attributed to Plug and Play; the vendor ids text is split and kept', () => {
    const vendorIds = 'USBSTOR\\DiskSanDisk_Ultra 1.00 GenDisk';
    const record = map({
      ActionType: 'PnpDeviceConnected',
      AdditionalFields: JSON.stringify({ ClassName: 'DiskDrive', DeviceId: 'USBSTOR\\DISK&VEN_SANDISK', DeviceDescription: 'SanDisk Ultra USB Device', VendorIds: vendorIds }),
    });
    assert.deepEqual(record.actor, { app_name: 'Plug and Play' });
    assert.deepEqual(field(record, 'peripheral_device.vendor_id_list'), ['USBSTOR\\DiskSanDisk_Ultra', '1.00', 'GenDisk']);
    assert.equal(field(record, 'peripheral_device.type_id'), 1);
    assert.equal(field(record, 'unmapped.AdditionalFields.VendorIds'), vendorIds);
  });

  test('device control verdicts use the security_control profile', () => {
    const record = map({ ActionType: 'PnpDeviceAllowed', ...INITIATING_PROCESS, AdditionalFields: { DeviceDescription: 'Logitech USB Keyboard', ClassName: 'Keyboard' } });
    assert.deepEqual([record.action_id, record.disposition_id], [1, 1]);
    assert.deepEqual(record.metadata.profiles, ['security_control']);
    assert.equal(field(record, 'peripheral_device.type_id'), 2);
  });

  test('ServiceInstalled: SCM start and service types become OCSF ids; the numbers stay raw', () => {
    const record = map({
      ActionType: 'ServiceInstalled',
      ...INITIATING_PROCESS,
      FileName: 'PSEXESVC.exe',
      FolderPath: 'C:\\Windows\\PSEXESVC.exe',
      AdditionalFields: '{"ServiceName":"PSEXESVC","ServiceType":16,"ServiceStartType":2,"ServiceAccount":"LocalSystem"}',
    });
    const service = record.win_service as Record<string, unknown>;
    assert.deepEqual([service.service_start_type_id, service.service_type_id, service.service_start_name], [3, 3, 'LocalSystem']);
    assert.equal(field(record, 'win_service.service_file.name'), 'PSEXESVC.exe');
    assert.deepEqual(record.unmapped?.AdditionalFields, { ServiceType: 16, ServiceStartType: 2 });
  });

  test('a named pipe opened is File Activity Open on a Named Pipe', () => {
    const record = map({
      ActionType: 'NamedPipeEvent',
      ...INITIATING_PROCESS,
      AdditionalFields: '{"PipeName":"\\\\Device\\\\NamedPipe\\\\lsass","FileOperation":"File opened","DesiredAccess":1180063}',
    });
    assert.equal(record.activity_id, 14);
    assert.deepEqual(record.file, { name: 'lsass', path: '\\Device\\NamedPipe\\lsass', type_id: 6, type: 'Named Pipe' });
    assert.equal(record.access_mask, 1180063);
  });

  test('scan outcomes are statuses: a failed scan carries its error', () => {
    const record = map({ ActionType: 'AntivirusScanFailed', ...INITIATING_PROCESS, AdditionalFields: '{"ScanTypeIndex":"Full","ErrorCode":"0x80508023","ErrorDescription":"The program could not find the malware"}' });
    assert.deepEqual([record.activity_id, record.status_id, record.status_code], [6, 2, '0x80508023']);
    assert.deepEqual(field(record, 'scan.type'), 'Full');
  });

  test('the default class decodes AdditionalFields for unmapped; timestamps without zone are UTC', () => {
    const record = map({ ActionType: 'LdapSearch', Timestamp: '2025-03-14T10:02:11.123', ...INITIATING_PROCESS, AdditionalFields: '{"SearchFilter":"(objectClass=user)"}' });
    assert.equal(record.time, Date.UTC(2025, 2, 14, 10, 2, 11, 123));
    assert.deepEqual(record.unmapped?.AdditionalFields, { SearchFilter: '(objectClass=user)' });
  });
});
