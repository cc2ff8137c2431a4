import type { DefenderRow, OcsfRecord } from '../types.ts';
import type { Columns } from './columns.ts';
import type { Route } from './dev2-device-event-route.ts';
import { connectionInfoOf, DIRECTION_INBOUND, deviceEndpointOf, endpointOf, hostnameColumn, urlColumn } from './dev2-network.ts';
import { applyOutcome, SECURITY_CONTROL_PROFILE } from './dev2-security-control.ts';
import { deviceOf } from './device.ts';
import { newEvent } from './event.ts';
import { INITIATING_PROCESS, processOf } from './process.ts';
import { userOf } from './user.ts';
import { compact, isEmpty, isPlainObject } from './values.ts';

// DeviceEvents rows of the Network and Application Activity classes; `device` and `actor` need the host profile.

/** Firewall blocks and RDP sessions: the ActionType fixes the direction, hence which side is the source. */
export function networkActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const details = columns.object('AdditionalFields');
  const url = urlColumn(columns, 'RemoteUrl');
  const remote =
    endpointOf(columns, { ip: 'RemoteIP', port: 'RemotePort', hostname: 'RemoteUrl', name: 'RemoteDeviceName' }) ??
    (details && endpointOf(details, { ip: 'RemoteAddress', port: 'RemotePort' }));
  const local =
    endpointOf(columns, { ip: 'LocalIP', port: 'LocalPort' }) ?? (details && endpointOf(details, { ip: 'LocalAddress', port: 'LocalPort' }));
  if (!device || (!remote && !local)) return undefined;
  const record = newEvent(row, columns, {
    className: 'network_activity',
    activityId: route.activityId,
    profiles: route.outcome ? ['host', SECURITY_CONTROL_PROFILE] : ['host'],
  });
  if (route.outcome) applyOutcome(record, route.outcome);
  const inbound = route.direction === DIRECTION_INBOUND;
  const source = inbound ? remote : local;
  const destination = inbound ? local : remote;
  if (source) record.src_endpoint = source;
  if (destination) record.dst_endpoint = destination;
  record.connection_info = connectionInfoOf(route.direction ?? 0);
  record.is_src_dst_assignment_known = route.direction !== undefined;
  if (url) record.url = url;
  if (actorProcess) record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

/** DnsQueryResponse: the device asked; `AdditionalFields` holds the name and the answers. */
export function dnsActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const details = columns.object('AdditionalFields');
  const hostname = details ? hostnameColumn(details, 'DnsQueryString') : undefined;
  const client = deviceEndpointOf(columns, 'LocalIP');
  if (!device || !details || !hostname || !client) return undefined;
  const record = newEvent(row, columns, { className: 'dns_activity', activityId: route.activityId, profiles: ['host'] });
  record.query = { hostname };
  const answers = dnsAnswersOf(details);
  if (answers) record.answers = answers;
  record.src_endpoint = client;
  const server = endpointOf(columns, { ip: 'RemoteIP', port: 'RemotePort' });
  if (server) record.dst_endpoint = server;
  if (actorProcess) record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

/** `DnsQueryResult`: `[{DnsQueryType, Result}]` (an array or its JSON text); kept raw unless every entry converts. */
function dnsAnswersOf(details: Columns): Record<string, unknown>[] | undefined {
  const entries = details.peekJson('DnsQueryResult');
  if (!Array.isArray(entries) || entries.length === 0) return undefined;
  const answers: Record<string, unknown>[] = [];
  for (const entry of entries) {
    if (!isPlainObject(entry)) return undefined;
    let rdata: string | undefined;
    let type: string | undefined;
    for (const key in entry) {
      const value = entry[key];
      if (isEmpty(value)) continue;
      if (typeof value !== 'string') return undefined;
      if (key === 'Result' || key === 'DnsQueryResult') rdata = value;
      else if (key === 'DnsQueryType') type = value;
      else return undefined;
    }
    if (!rdata) return undefined;
    answers.push(type ? { rdata, type } : { rdata });
  }
  details.take('DnsQueryResult');
  return answers;
}

export function webResourcesActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  const address = columns.values.RemoteUrl;
  if (!device || typeof address !== 'string' || address === '') return undefined;
  columns.take('RemoteUrl');
  const record = newEvent(row, columns, { className: 'web_resources_activity', activityId: route.activityId, profiles: ['host'] });
  // A web resource needs a name or uid: the URL identifies it.
  record.web_resources = [URL.canParse(address) ? { uid: address, url_string: address } : { uid: address }];
  if (actorProcess) record.actor = { process: actorProcess };
  record.device = device;
  return record;
}

export const SCAN_COMPLETED = 2;
export const SCAN_ERROR = 6;
const SCANNER = 'Microsoft Defender Antivirus';

/** Antivirus scans: `AdditionalFields` says which scan (`ScanTypeIndex`, `ScanId`) and who started it. */
export function scanActivity(row: DefenderRow, columns: Columns, route: Route): OcsfRecord | undefined {
  const device = deviceOf(columns);
  const actorProcess = processOf(columns, INITIATING_PROCESS);
  if (!device) return undefined;
  const details = columns.object('AdditionalFields');
  const scanType = details?.text('ScanTypeIndex');
  const record = newEvent(row, columns, { className: 'scan_activity', activityId: route.activityId, profiles: ['host'] });
  // OCSF scan types say what triggered a scan; Defender's say how deep it went (Quick, Full, Custom).
  record.scan = compact({
    name: SCANNER,
    uid: details?.text('ScanId'),
    type_id: scanType ? 99 : 0,
    type: scanType ?? 'Unknown',
  });
  if (route.activityId === SCAN_COMPLETED) {
    record.status_id = 1;
    record.status = 'Success';
  } else if (route.activityId === SCAN_ERROR) {
    record.status_id = 2;
    record.status = 'Failure';
    const code = details?.text('ErrorCode');
    const detail = details?.text('ErrorDescription');
    if (code) record.status_code = code;
    if (detail) record.status_detail = detail;
  }
  const starter = details ? userOf(details, { name: 'User', domain: 'Domain' }) : undefined;
  const actor = compact({ process: actorProcess, user: starter });
  if (actor) record.actor = actor;
  record.device = device;
  return record;
}
