import { Columns } from '../common/columns.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { CLIENT_SIDE, SERVER_SIDE, identityEndpointOf } from '../common/idalert-endpoint.ts';
import { type EnumTable, entry, enumOf, setEnum } from '../common/idalert-enums.ts';
import { attackColumnOf } from '../common/idalert-finding.ts';
import { identityAccountOf } from '../common/idalert-user.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const LOGON = 1;
const STATUS_SUCCESS = 1;
const STATUS_FAILURE = 2;
const LOGON_TYPE_NETWORK_CLEARTEXT = 8;

/**
 * MDI logon types (Microsoft's "Supported logon types" table gives each its Windows logon type).
 * "Failed logon" has no type.
 */
const LOGON_TYPES: EnumTable = {
  'credentials validation': entry(2, 'Interactive'),
  interactive: entry(2, 'Interactive'),
  'interactive logon': entry(2, 'Interactive'),
  'interactive logon with certificate': entry(2, 'Interactive'),
  'vpn connection': entry(2, 'Interactive'),
  'resource access': entry(3, 'Network'),
  'delegated resource access': entry(3, 'Network'),
  'ldap cleartext': entry(LOGON_TYPE_NETWORK_CLEARTEXT, 'Network Cleartext'),
  'remote desktop': entry(10, 'Remote Interactive'),
};

const AUTH_PROTOCOLS: EnumTable = {
  ntlm: entry(1, 'NTLM'),
  kerberos: entry(2, 'Kerberos'),
  openid: entry(4, 'OpenID'),
  saml: entry(5, 'SAML'),
  oauth2: entry(6, 'OAUTH 2.0'),
  radius: entry(10, 'RADIUS'),
  ldap: entry(12, 'LDAP'),
};

/**
 * IdentityLogonEvents → Authentication (3002). `LogonSuccess` / `LogonFailed` are Logon with status
 * Success / Failure; the client (`DeviceName`, `IPAddress`, …) is `src_endpoint`, the server that
 * handled the request (`Destination*`, usually a domain controller) `dst_endpoint`, `Application` the
 * `service`. The class needs `user` and one of `service` / `dst_endpoint`, else the row stays a base event.
 */
export const identityLogonEvents: TableMapper = {
  table: 'IdentityLogonEvents',
  classes: ['authentication', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const extras = columns.object('AdditionalFields');
    const user = identityAccountOf(columns, extras);
    const application = columns.text('Application');
    const server = identityEndpointOf(columns, extras, SERVER_SIDE);
    if (!user || (application === undefined && !server)) return baseEventOf(row);

    const status = statusOf(columns.values.ActionType);
    const attacks = extras ? attackColumnOf(extras, 'AttackTechniques') : undefined;
    const record = newEvent(row, columns, {
      className: 'authentication',
      activityId: status === undefined ? ACTIVITY_OTHER : LOGON,
      profiles: attacks ? SECURITY_CONTROL : undefined,
    });
    record.user = user;
    if (status !== undefined) {
      record.status_id = status;
      record.status = status === STATUS_SUCCESS ? 'Success' : 'Failure';
    }
    const failure = columns.text('FailureReason');
    if (failure !== undefined) record.status_detail = failure;
    const logonType = enumOf(columns, 'LogonType', LOGON_TYPES);
    setEnum(record, 'logon_type', logonType);
    if (logonType?.id === LOGON_TYPE_NETWORK_CLEARTEXT) record.is_cleartext = true;
    setEnum(record, 'auth_protocol', enumOf(columns, 'Protocol', AUTH_PROTOCOLS));
    if (application !== undefined) record.service = { name: application };
    const client = identityEndpointOf(columns, extras, CLIENT_SIDE);
    if (client) record.src_endpoint = client;
    if (server) record.dst_endpoint = server;
    const count = extras?.int('Count');
    if (count !== undefined) record.count = count;
    if (attacks) record.attacks = attacks;
    return withUnmapped(record, columns);
  },
};

const SECURITY_CONTROL = ['security_control'] as const;

function statusOf(actionType: unknown): number | undefined {
  if (actionType === 'LogonSuccess') return STATUS_SUCCESS;
  if (actionType === 'LogonFailed') return STATUS_FAILURE;
  return undefined;
}
