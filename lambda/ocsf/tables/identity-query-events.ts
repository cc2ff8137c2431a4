import { Columns } from '../common/columns.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { CLIENT_SIDE, SERVER_SIDE, identityEndpointOf } from '../common/idalert-endpoint.ts';
import { attackColumnOf } from '../common/idalert-finding.ts';
import { identityAccountOf } from '../common/idalert-user.ts';
import { peekText, sameText } from '../common/idalert-values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';
import { isHostname } from '../common/formats.ts';

const API_READ = 2;
const DNS_QUERY = 1;

/** Directory reconnaissance Defender for Identity records (lower-cased ActionType): reads of AD data. */
const DIRECTORY_QUERIES: ReadonlySet<string> = new Set([
  'ldap query',
  'samr query',
  'smb session enumeration',
  'network session enumeration',
  'lsarpc query',
]);

/**
 * IdentityQueryEvents → API Activity (6003) Read for directory queries (LDAP, SAMR, session
 * enumeration: the actor reads AD data from a domain controller), DNS Activity (4003) Query for
 * `DNS query`. API Activity requires `actor`, `api.operation` and `src_endpoint`; DNS Activity one of
 * the endpoints. MITRE techniques MDI attaches in `AdditionalFields` become `attacks` (profile
 * `security_control`).
 */
export const identityQueryEvents: TableMapper = {
  table: 'IdentityQueryEvents',
  classes: ['api_activity', 'dns_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const extras = columns.object('AdditionalFields');
    const actionType = peekText(columns, 'ActionType')?.toLowerCase();
    const user = identityAccountOf(columns, extras);
    const client = identityEndpointOf(columns, extras, CLIENT_SIDE);
    const server = identityEndpointOf(columns, extras, SERVER_SIDE);
    if (actionType === 'dns query') {
      if (!client && !server) return baseEventOf(row);
      return withUnmapped(dnsQueryOf(row, columns, extras, user, client, server), columns);
    }
    // api.operation is required: what was asked (QueryType: QueryUser, AllDomainControllers, …), else the ActionType.
    const operation = peekText(columns, 'QueryType') ?? peekText(columns, 'ActionType');
    if (!user || !client || operation === undefined) return baseEventOf(row);
    return withUnmapped(directoryQueryOf(row, columns, extras, actionType, operation, user, client, server), columns);
  },
};

function directoryQueryOf(
  row: DefenderRow,
  columns: Columns,
  extras: Columns | undefined,
  actionType: string | undefined,
  operation: string,
  user: Record<string, unknown>,
  client: Record<string, unknown>,
  server: Record<string, unknown> | undefined,
): OcsfRecord {
  const attacks = extras ? attackColumnOf(extras, 'AttackTechniques') : undefined;
  const activityId = actionType !== undefined && DIRECTORY_QUERIES.has(actionType) ? API_READ : ACTIVITY_OTHER;
  const record = newEvent(row, columns, { className: 'api_activity', activityId, profiles: attacks ? SECURITY_CONTROL : undefined });
  record.actor = { user };
  columns.take('QueryType');
  const api: Record<string, unknown> = { operation };
  const application = columns.text('Application');
  if (application !== undefined) api.service = { name: application };
  record.api = api;
  const resources = queriedResourcesOf(columns);
  if (resources) record.resources = resources;
  record.src_endpoint = client;
  if (server) record.dst_endpoint = server;
  const count = extras?.int('Count');
  if (count !== undefined) record.count = count;
  if (attacks) record.attacks = attacks;
  return record;
}

function dnsQueryOf(
  row: DefenderRow,
  columns: Columns,
  extras: Columns | undefined,
  user: Record<string, unknown> | undefined,
  client: Record<string, unknown> | undefined,
  server: Record<string, unknown> | undefined,
): OcsfRecord {
  const attacks = extras ? attackColumnOf(extras, 'AttackTechniques') : undefined;
  const profiles = user ? (attacks ? HOST_AND_SECURITY_CONTROL : HOST) : attacks ? SECURITY_CONTROL : undefined;
  const record = newEvent(row, columns, { className: 'dns_activity', activityId: DNS_QUERY, profiles });
  const hostname = peekText(columns, 'QueryTarget');
  if (hostname !== undefined && isHostname(hostname)) {
    const query: Record<string, unknown> = { hostname };
    columns.take('QueryTarget');
    const type = columns.text('QueryType');
    if (type !== undefined) query.type = type;
    record.query = query;
  }
  if (user) record.actor = { user };
  if (client) record.src_endpoint = client;
  if (server) record.dst_endpoint = server;
  const application = columns.text('Application');
  if (application !== undefined) record.app_name = application;
  const protocol = columns.text('Protocol');
  if (protocol !== undefined) record.app_protocol_name = protocol;
  const count = extras?.int('Count');
  if (count !== undefined) record.count = count;
  if (attacks) record.attacks = attacks;
  return record;
}

/**
 * The queried entity (`QueryTarget`), the account and the device it concerns → `resources`. A target
 * account whose display name is the query target is one resource, not two.
 */
function queriedResourcesOf(columns: Columns): Record<string, unknown>[] | undefined {
  let resources: Record<string, unknown>[] | undefined;
  const target = peekText(columns, 'QueryTarget');
  const upn = columns.text('TargetAccountUpn');
  const displayName = columns.text('TargetAccountDisplayName');
  const targetIsAccount = sameText(target, displayName) || sameText(target, upn);
  if (upn !== undefined || displayName !== undefined) {
    const account: Record<string, unknown> = { type: 'User', name: displayName ?? upn };
    if (upn !== undefined) account.uid = upn;
    (resources ??= []).push(account);
  }
  if (target !== undefined) {
    if (!targetIsAccount) (resources ??= []).push({ name: target });
    columns.take('QueryTarget');
  }
  const device = columns.text('TargetDeviceName');
  if (device !== undefined) {
    const resource: Record<string, unknown> = { type: 'Device', name: device };
    if (isHostname(device)) resource.hostname = device;
    (resources ??= []).push(resource);
  }
  return resources;
}

const SECURITY_CONTROL = ['security_control'] as const;
const HOST = ['host'] as const;
const HOST_AND_SECURITY_CONTROL = ['host', 'security_control'] as const;
