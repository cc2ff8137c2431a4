import type { DefenderRow, OcsfRecord } from '../types.ts';
import type { Columns } from './columns.ts';
import type { Route } from './dev2-device-event-route.ts';
import { deviceEndpointOf, endpointOf } from './dev2-network.ts';
import { applyOutcome, SECURITY_CONTROL_PROFILE } from './dev2-security-control.ts';
import { deviceOf } from './device.ts';
import { newEvent } from './event.ts';
import { INITIATING_PROCESS, processOf } from './process.ts';
import { accountColumns, userOf } from './user.ts';
import { compact } from './values.ts';

// DeviceEvents rows of the Identity & Access Management classes: `Account*` names the account acted on.

/** The `Account*` columns name the account acted on; the initiating process is the actor. */
export function accountChange(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const user = userOf(columns, accountColumns());
  if (!device || !user) return undefined;
  const record = newEvent(row, columns, { className: 'account_change', activityId: route.activityId, profiles: ['host'] });
  record.user = user;
  if (actorProcess) record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

export function groupManagement(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const details = columns.object('AdditionalFields');
  const group = details
    ? compact({ name: details.text('GroupName'), domain: details.text('GroupDomainName'), uid: details.text('GroupSid') })
    : undefined;
  if (!device || !group || (!group.name && !group.uid)) return undefined;
  const record = newEvent(row, columns, { className: 'group_management', activityId: route.activityId, profiles: ['host'] });
  record.group = group;
  const user = userOf(columns, accountColumns());
  if (user) record.user = user;
  if (actorProcess) record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

export function userAccess(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const user = userOf(columns, accountColumns());
  const details = columns.object('AdditionalFields');
  const privileges = details ? stringList(details, 'LogonRights') : undefined;
  if (!device || !user || !privileges) return undefined;
  const record = newEvent(row, columns, { className: 'user_access', activityId: route.activityId, profiles: ['host'] });
  record.privileges = privileges;
  record.user = user;
  if (actorProcess) record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

/** A logon the service refused (attack disruption contains the user): Logon with status Failure. */
export function authentication(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const user = userOf(columns, accountColumns());
  const target = deviceEndpointOf(columns, 'LocalIP');
  if (!device || !user || !target) return undefined;
  const record = newEvent(row, columns, {
    className: 'authentication',
    activityId: route.activityId,
    profiles: ['host', SECURITY_CONTROL_PROFILE],
  });
  if (route.outcome) applyOutcome(record, route.outcome);
  record.status_id = 2;
  record.status = 'Failure';
  record.user = user;
  record.dst_endpoint = target;
  const source = endpointOf(columns, { ip: 'RemoteIP', port: 'RemotePort', name: 'RemoteDeviceName' });
  if (source) record.src_endpoint = source;
  if (actorProcess) record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

/** A JSON array of strings, or one string, as a non-empty string list; undefined (kept raw) otherwise. */
function stringList(details: Columns, name: string): string[] | undefined {
  const value = details.peekJson(name) ?? details.values[name];
  const items = Array.isArray(value) ? value : [value];
  const list: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' || item === '') return undefined;
    list.push(item);
  }
  if (list.length === 0) return undefined;
  details.take(name);
  return list;
}
