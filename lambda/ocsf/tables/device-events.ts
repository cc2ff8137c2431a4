import { Columns } from '../common/columns.ts';
import { ADDITIONAL_FIELDS } from '../common/shared-columns.ts';
import { detectionFindingOf } from '../common/dev2-detection.ts';
import { accountChange, authentication, groupManagement, userAccess } from '../common/dev2-device-event-iam.ts';
import { dnsActivity, networkActivity, SCAN_COMPLETED, SCAN_ERROR, scanActivity, webResourcesActivity } from '../common/dev2-device-event-network.ts';
import type { Route } from '../common/dev2-device-event-route.ts';
import {
  eventLogActivity,
  fileActivity,
  INJECT,
  kernelExtensionActivity,
  LAUNCH,
  memoryActivity,
  moduleActivity,
  namedPipeActivity,
  OPEN,
  peripheralActivity,
  processActivity,
  scheduledJobActivity,
  scriptActivity,
  windowsServiceActivity,
} from '../common/dev2-device-event-system.ts';
import { DIRECTION_INBOUND, DIRECTION_OUTBOUND } from '../common/dev2-network.ts';
import { ALERTED, ALLOWED, BLOCKED, type ControlOutcome, DETECTED, UNCORRECTED } from '../common/dev2-security-control.ts';
import { ACTIVITY_OTHER, withUnmapped } from '../common/event.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

/**
 * DeviceEvents → the OCSF class its ActionType describes. Each route's builder returns undefined when
 * the row lacks what the class strictly requires; the row is then mapped again, from fresh columns, as
 * the table's default: Process Activity 99 (Other) with the ActionType as `activity_name`. A row that
 * cannot be that either (no device, no initiating process) becomes a base_event.
 *
 * Routing (see `ROUTES` and `derivedRouteOf`; the class builders live in `common/dev2-device-event-*.ts`):
 * - endpoint controls (antivirus, ASR, exploit guard, network protection, SmartScreen, application
 *   control, controlled folder access, tamper protection) → detection_finding;
 * - process open / injection / WMI launch → process_activity; memory API calls → memory_activity;
 * - PowerShellCommand → script_activity; DriverLoad → kernel_extension_activity;
 *   ClrUnbackedModuleLoaded → module_activity; ScheduledTask* → scheduled_job_activity;
 *   ServiceInstalled → windows_service_activity; UserAccount* / PasswordChangeAttempt → account_change;
 *   local group changes → group_management; LogonRightsSettingEnabled → user_access;
 *   SecurityLogCleared → event_log_activity; USB and PnP → peripheral_activity; DnsQueryResponse →
 *   dns_activity; firewall blocks and RDP → network_activity; named pipes, shell links, sensitive file
 *   reads → file_activity; BrowserLaunchedToOpenUrl → web_resources_activity; antivirus scans →
 *   scan_activity; ContainedUserLogonBlocked → authentication;
 * - everything else (GetClipboardData, DpapiAccessed, LdapSearch, …) → process_activity 99.
 */
export const deviceEvents: TableMapper = {
  table: 'DeviceEvents',
  classes: [
    'process_activity',
    'memory_activity',
    'script_activity',
    'kernel_extension_activity',
    'module_activity',
    'scheduled_job_activity',
    'windows_service_activity',
    'account_change',
    'group_management',
    'user_access',
    'event_log_activity',
    'peripheral_activity',
    'dns_activity',
    'network_activity',
    'file_activity',
    'web_resources_activity',
    'scan_activity',
    'authentication',
    'detection_finding',
    'base_event',
  ],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const route = routeOf(columns.values.ActionType);
    const record = route.build(row, columns, route);
    if (record) return finish(record, columns);
    if (route !== OTHER_PROCESS_ACTIVITY) {
      const fresh = Columns.of(row);
      const fallback = processActivity(row, fresh, OTHER_PROCESS_ACTIVITY);
      if (fallback) return finish(fallback, fresh);
    }
    return baseEventOf(row);
  },
};

/** `AdditionalFields` is decoded even when no key of it is mapped, so `unmapped` holds an object, not JSON text. */
function finish(record: OcsfRecord, columns: Columns): OcsfRecord {
  columns.object(ADDITIONAL_FIELDS);
  return withUnmapped(record, columns);
}

function detectionFinding(row: DefenderRow, columns: Columns, route: Route): OcsfRecord {
  return detectionFindingOf(row, columns, route.outcome ?? DETECTED);
}

const OTHER_PROCESS_ACTIVITY: Route = { build: processActivity, activityId: ACTIVITY_OTHER };

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['ProcessCreatedUsingWmiQuery', { build: processActivity, activityId: LAUNCH }],
  ['OpenProcessApiCall', { build: processActivity, activityId: OPEN }],
  ['CreateRemoteThreadApiCall', { build: processActivity, activityId: INJECT, injection: [1, 'Remote Thread'] }],
  ['QueueUserApcRemoteApiCall', { build: processActivity, activityId: INJECT, injection: [3, 'Queue APC'] }],
  ['SetThreadContextRemoteApiCall', { build: processActivity, activityId: INJECT, injection: [99, 'SetThreadContext'] }],
  ['NtAllocateVirtualMemoryApiCall', { build: memoryActivity, activityId: 1 }],
  ['NtAllocateVirtualMemoryRemoteApiCall', { build: memoryActivity, activityId: 1 }],
  ['NtProtectVirtualMemoryApiCall', { build: memoryActivity, activityId: 2 }],
  ['MemoryRemoteProtect', { build: memoryActivity, activityId: 2 }],
  ['ReadProcessMemoryApiCall', { build: memoryActivity, activityId: 7 }],
  ['WriteProcessMemoryApiCall', { build: memoryActivity, activityId: 8 }],
  ['WriteToLsassProcessMemory', { build: memoryActivity, activityId: 8 }],
  ['NtMapViewOfSectionRemoteApiCall', { build: memoryActivity, activityId: 9 }],
  ['PowerShellCommand', { build: scriptActivity, activityId: 1 }],
  ['DriverLoad', { build: kernelExtensionActivity, activityId: 1 }],
  ['ClrUnbackedModuleLoaded', { build: moduleActivity, activityId: 1 }],
  ['ScheduledTaskCreated', { build: scheduledJobActivity, activityId: 1 }],
  ['ScheduledTaskUpdated', { build: scheduledJobActivity, activityId: 2 }],
  ['ScheduledTaskDeleted', { build: scheduledJobActivity, activityId: 3 }],
  ['ScheduledTaskEnabled', { build: scheduledJobActivity, activityId: 4 }],
  ['ScheduledTaskDisabled', { build: scheduledJobActivity, activityId: 5 }],
  ['ServiceInstalled', { build: windowsServiceActivity, activityId: 1 }],
  ['SecurityLogCleared', { build: eventLogActivity, activityId: 1 }],
  ['UsbDriveMounted', { build: peripheralActivity, activityId: 1 }],
  ['UsbDriveMount', { build: peripheralActivity, activityId: 1 }],
  ['UsbDriveUnmounted', { build: peripheralActivity, activityId: 2 }],
  ['UsbDriveUnmount', { build: peripheralActivity, activityId: 2 }],
  ['UsbDriveDriveLetterChanged', { build: peripheralActivity, activityId: ACTIVITY_OTHER }],
  ['PnpDeviceConnected', { build: peripheralActivity, activityId: 1 }],
  ['PnpDeviceAllowed', { build: peripheralActivity, activityId: 1, outcome: ALLOWED }],
  ['PnpDeviceBlocked', { build: peripheralActivity, activityId: 1, outcome: BLOCKED }],
  ['NamedPipeEvent', { build: namedPipeActivity, activityId: ACTIVITY_OTHER }],
  ['ShellLinkCreateFileEvent', { build: fileActivity, activityId: 1 }],
  ['SensitiveFileRead', { build: fileActivity, activityId: 2 }],
  ['UserAccountCreated', { build: accountChange, activityId: 1 }],
  ['PasswordChangeAttempt', { build: accountChange, activityId: 3 }],
  ['UserAccountDeleted', { build: accountChange, activityId: 6 }],
  ['UserAccountModified', { build: accountChange, activityId: ACTIVITY_OTHER }],
  ['UserAccountAddedToLocalGroup', { build: groupManagement, activityId: 3 }],
  ['UserAccountRemovedFromLocalGroup', { build: groupManagement, activityId: 4 }],
  ['SecurityGroupDeleted', { build: groupManagement, activityId: 5 }],
  ['SecurityGroupCreated', { build: groupManagement, activityId: 6 }],
  ['LogonRightsSettingEnabled', { build: userAccess, activityId: 1 }],
  ['ContainedUserLogonBlocked', { build: authentication, activityId: 1, outcome: BLOCKED }],
  ['FirewallInboundConnectionBlocked', { build: networkActivity, activityId: 5, direction: DIRECTION_INBOUND, outcome: BLOCKED }],
  ['FirewallInboundConnectionToAppBlocked', { build: networkActivity, activityId: 5, direction: DIRECTION_INBOUND, outcome: BLOCKED }],
  ['FirewallOutboundConnectionBlocked', { build: networkActivity, activityId: 5, direction: DIRECTION_OUTBOUND, outcome: BLOCKED }],
  ['RemoteDesktopConnection', { build: networkActivity, activityId: 1, direction: DIRECTION_INBOUND }],
  ['DnsQueryResponse', { build: dnsActivity, activityId: 2 }],
  ['BrowserLaunchedToOpenUrl', { build: webResourcesActivity, activityId: 2 }],
  ['AntivirusScanCompleted', { build: scanActivity, activityId: SCAN_COMPLETED }],
  ['AntivirusScanCancelled', { build: scanActivity, activityId: 3 }],
  ['AntivirusScanFailed', { build: scanActivity, activityId: SCAN_ERROR }],
  ['AntivirusDetection', { build: detectionFinding, activityId: 1, outcome: DETECTED }],
  ['AntivirusReport', { build: detectionFinding, activityId: 1, outcome: DETECTED }],
  ['AntivirusDetectionActionType', { build: detectionFinding, activityId: 1, outcome: DETECTED }],
  ['AntivirusMalwareBlocked', { build: detectionFinding, activityId: 1, outcome: BLOCKED }],
  ['AntivirusMalwareActionFailed', { build: detectionFinding, activityId: 1, outcome: UNCORRECTED }],
  ['AmsiScriptDetection', { build: detectionFinding, activityId: 1, outcome: DETECTED }],
  ['TamperingAttempt', { build: detectionFinding, activityId: 1, outcome: DETECTED }],
  ['ControlFlowGuardViolation', { build: detectionFinding, activityId: 1, outcome: DETECTED }],
  ['OtherAlertRelatedActivity', { build: detectionFinding, activityId: 1, outcome: DETECTED }],
  ['NetworkProtectionUserBypassEvent', { build: detectionFinding, activityId: 1, outcome: ALLOWED }],
  ['SmartScreenUserOverride', { build: detectionFinding, activityId: 1, outcome: ALLOWED }],
]);

/** Families of endpoint-control ActionTypes, routed by prefix; the suffix gives the verdict. */
const DETECTION_PREFIXES = ['Asr', 'ExploitGuard', 'ControlledFolderAccess', 'SmartScreen', 'AppLocker'] as const;
const APP_CONTROL_PREFIX = 'AppControl';
const MAX_DERIVED_ROUTES = 1024;
const derivedRoutes = new Map<string, Route>();

function routeOf(actionType: unknown): Route {
  if (typeof actionType !== 'string') return OTHER_PROCESS_ACTIVITY;
  const route = ROUTES.get(actionType) ?? derivedRoutes.get(actionType);
  if (route) return route;
  const derived = derivedRouteOf(actionType);
  if (derivedRoutes.size < MAX_DERIVED_ROUTES) derivedRoutes.set(actionType, derived);
  return derived;
}

function derivedRouteOf(actionType: string): Route {
  const isDetection =
    DETECTION_PREFIXES.some((prefix) => actionType.startsWith(prefix)) ||
    (actionType.startsWith(APP_CONTROL_PREFIX) && /(?:Audited|Blocked|Revoked)$/.test(actionType));
  return isDetection ? { build: detectionFinding, activityId: 1, outcome: verdictOf(actionType) } : OTHER_PROCESS_ACTIVITY;
}

function verdictOf(actionType: string): ControlOutcome {
  if (actionType.endsWith('Blocked') || actionType.endsWith('Enforced') || actionType.startsWith('AppLockerBlock')) return BLOCKED;
  if (actionType.startsWith('SmartScreen') && actionType.endsWith('Warning')) return ALERTED;
  return DETECTED;
}
