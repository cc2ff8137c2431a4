import type { DefenderRow, OcsfRecord } from '../types.ts';
import type { Columns } from './columns.ts';
import { targetFileOf } from './dev2-evidence.ts';
import type { Route } from './dev2-device-event-route.ts';
import { peripheralDeviceOf } from './dev2-peripheral.ts';
import { applyOutcome, SECURITY_CONTROL_PROFILE } from './dev2-security-control.ts';
import { winServiceOf } from './dev2-windows-service.ts';
import { deviceOf } from './device.ts';
import { ACTIVITY_OTHER, newEvent } from './event.ts';
import { basename, CREATED_PROCESS, INITIATING_PROCESS, processOf } from './process.ts';
import { accountColumns, userOf } from './user.ts';
import { compact } from './values.ts';

// DeviceEvents rows of the System Activity classes: the initiating process is the actor, the device required.

export const LAUNCH = 1;
export const OPEN = 3;
export const INJECT = 4;

/** The initiating process acts; the target process is `ProcessId`/`FileName`/`ProcessCommandLine`. */
export function processActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  if (!device || !actorProcess) return undefined;
  const target = processOf(columns, CREATED_PROCESS);
  if (!target && route.activityId !== ACTIVITY_OTHER) return undefined;
  const record = newEvent(row, columns, { className: 'process_activity', activityId: route.activityId });
  const details = columns.object('AdditionalFields');
  if (route.activityId === LAUNCH) {
    record.launch_type_id = 1;
    record.launch_type = 'Spawn';
  } else if (route.activityId === OPEN) {
    const access = details?.int('DesiredAccess');
    if (access !== undefined) record.requested_permissions = access;
  } else if (route.injection) {
    record.injection_type_id = route.injection[0];
    record.injection_type = route.injection[1];
  }
  record.actor = { process: actorProcess };
  // API-call telemetry without a target (GetClipboardData, DpapiAccessed, …) is about the caller itself.
  record.process = target ?? actorProcess;
  record.device = device;
  return record;
}

export function memoryActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  if (!device || !actorProcess) return undefined;
  const target = processOf(columns, CREATED_PROCESS);
  const record = newEvent(row, columns, { className: 'memory_activity', activityId: route.activityId });
  const size = columns.object('AdditionalFields')?.int('TotalBytesCopied');
  if (size !== undefined) record.size = size;
  record.actor = { process: actorProcess };
  // Local calls (NtAllocateVirtualMemoryApiCall) act on the caller's own memory.
  record.process = target ?? actorProcess;
  record.device = device;
  return record;
}

export function scriptActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const command = columns.object('AdditionalFields')?.text('Command');
  if (!device || !actorProcess || !command) return undefined;
  const record = newEvent(row, columns, { className: 'script_activity', activityId: route.activityId });
  record.script = { script_content: { value: command }, type_id: 2, type: 'PowerShell' };
  record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

export function kernelExtensionActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const file = targetFileOf(columns);
  if (!device || !actorProcess || !file) return undefined;
  const record = newEvent(row, columns, { className: 'kernel_extension_activity', activityId: route.activityId });
  record.driver = { file };
  record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

/** An assembly loaded from memory, not from a file the loader mapped: "Non Standard" in OCSF terms. */
export function moduleActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  if (!device || !actorProcess) return undefined;
  const record = newEvent(row, columns, { className: 'module_activity', activityId: route.activityId });
  record.module = compact({ file: targetFileOf(columns), load_type_id: 2, load_type: 'Non Standard' });
  record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

export function scheduledJobActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const details = columns.object('AdditionalFields');
  const name = details?.text('TaskName');
  if (!device || !details || !name) return undefined;
  const subject = userOf(details, { name: 'SubjectUserName', domain: 'SubjectDomainName', sid: 'SubjectUserSid' });
  const record = newEvent(row, columns, { className: 'scheduled_job_activity', activityId: route.activityId });
  record.job = { name };
  const actor = compact({ process: actorProcess, user: subject });
  if (actor) record.actor = actor;
  record.device = device;
  return record;
}

export function windowsServiceActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const details = columns.object('AdditionalFields');
  const service = details ? winServiceOf(details, targetFileOf(columns)) : undefined;
  if (!device || !actorProcess || !service) return undefined;
  const record = newEvent(row, columns, { className: 'windows_service_activity', activityId: route.activityId });
  record.win_service = service;
  record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

export function eventLogActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  if (!device || !actorProcess) return undefined;
  const record = newEvent(row, columns, { className: 'event_log_activity', activityId: route.activityId });
  // The ActionType names the log: SecurityLogCleared is the Windows Security log being cleared.
  record.log_name = 'Security';
  record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

const USB_DRIVE_PREFIX = 'UsbDrive';
/** PnP arrivals are reported by the OS with no initiating process; OCSF still requires an actor. */
const PNP_ACTOR = { app_name: 'Plug and Play' } as const;

export function peripheralActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const user = actorProcess ? undefined : userOf(columns, accountColumns());
  const details = columns.object('AdditionalFields');
  const actionType = columns.values.ActionType as string;
  const peripheral = details ? peripheralDeviceOf(details, actionType.startsWith(USB_DRIVE_PREFIX)) : undefined;
  if (!device || !peripheral) return undefined;
  const record = newEvent(row, columns, {
    className: 'peripheral_activity',
    activityId: route.activityId,
    profiles: route.outcome ? [SECURITY_CONTROL_PROFILE] : undefined,
  });
  if (route.outcome) applyOutcome(record, route.outcome);
  record.peripheral_device = peripheral;
  record.actor = actorProcess ? { process: actorProcess } : user ? { user } : { ...PNP_ACTOR };
  record.device = device;
  return record;
}

const PIPE_OPERATIONS: ReadonlyMap<string, number> = new Map([
  ['file created', 1],
  ['file opened', 14],
]);
const NAMED_PIPE = { type_id: 6, type: 'Named Pipe' } as const;

/** NamedPipeEvent: the pipe is the file; `FileOperation` says whether it was created or opened. */
export function namedPipeActivity(row: DefenderRow, columns: Columns): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const details = columns.object('AdditionalFields');
  const pipe = details?.text('PipeName');
  if (!device || !actorProcess || !details || !pipe) return undefined;
  // `FileOperation` only selects the activity; its text stays under `unmapped`.
  const operation = details.values.FileOperation;
  const activityId = typeof operation === 'string' ? PIPE_OPERATIONS.get(operation.toLowerCase()) : undefined;
  const record = newEvent(row, columns, { className: 'file_activity', activityId: activityId ?? ACTIVITY_OTHER });
  record.file = { name: basename(pipe), path: pipe, ...NAMED_PIPE };
  const access = details.int('DesiredAccess');
  if (access !== undefined) record.access_mask = access;
  record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

export function fileActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const file = targetFileOf(columns);
  if (!device || !actorProcess || !file) return undefined;
  const record = newEvent(row, columns, { className: 'file_activity', activityId: route.activityId });
  record.file = file;
  record.actor = { process: actorProcess };
  record.device = device;
  return record;
}
