import { column, Columns } from '../common/columns.ts';
import { ADDITIONAL_FIELDS, UNIQUE_EVENTS_AGGREGATED } from '../common/shared-columns.ts';
import { initiatingProcessOf } from '../common/dev1-actor.ts';
import { lookupTable } from '../common/lookup.ts';
import { endpointOf, isLocalOnlyAddress, REMOTE_ENDPOINT } from '../common/dev1-network.ts';
import { deviceOf } from '../common/device.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { userOf, type UserColumns } from '../common/user.ts';
import { toBoolean } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';
import { isHostname } from '../common/formats.ts';

const LOGON = 1;
const SUCCESS = 1;
const FAILURE = 2;

const ACTIVITIES = lookupTable<number>({
  LogonSuccess: LOGON,
  LogonFailed: LOGON,
  LogonAttempted: LOGON,
  LogonSuccessAggregatedReport: LOGON,
  LogonFailedAggregatedReport: LOGON,
});

/** The outcome is a status, never an activity: a failed logon is still a Logon. */
const STATUSES = lookupTable<number>({
  LogonSuccess: SUCCESS,
  LogonSuccessAggregatedReport: SUCCESS,
  LogonFailed: FAILURE,
  LogonFailedAggregatedReport: FAILURE,
});

interface Enum {
  readonly id: number;
  readonly caption: string;
}

/** Windows logon types as Defender spells them (lower-cased, spaces removed) → OCSF `logon_type_id`. */
const LOGON_TYPES = lookupTable<Enum>({
  interactive: { id: 2, caption: 'Interactive' },
  network: { id: 3, caption: 'Network' },
  batch: { id: 4, caption: 'Batch' },
  service: { id: 5, caption: 'OS Service' },
  unlock: { id: 7, caption: 'Unlock' },
  networkcleartext: { id: 8, caption: 'Network Cleartext' },
  newcredentials: { id: 9, caption: 'New Credentials' },
  remoteinteractive: { id: 10, caption: 'Remote Interactive' },
  cachedinteractive: { id: 11, caption: 'Cached Interactive' },
  cachedremoteinteractive: { id: 12, caption: 'Cached Remote Interactive' },
  cachedunlock: { id: 13, caption: 'Cached Unlock' },
});

const AUTH_PROTOCOLS = lookupTable<Enum>({
  ntlm: { id: 1, caption: 'NTLM' },
  kerberos: { id: 2, caption: 'Kerberos' },
  negotiate: { id: 99, caption: 'Negotiate' },
});

const WHITESPACE = /\s+/g;

const ACCOUNT: UserColumns = { name: column('AccountName'), domain: column('AccountDomain'), sid: column('AccountSid') };
const REMOTE_DEVICE_NAME = 'RemoteDeviceName';
const HOST_PROFILE = ['host'] as const;

/**
 * DeviceLogonEvents → Authentication (3002). The account logs on to the reporting device, which is
 * the `dst_endpoint` (the class needs `dst_endpoint` or `service`) and, through the host profile,
 * the `device`; the remote side is the `src_endpoint`; the initiating process (lsass, winlogon, ...)
 * is the actor.
 */
export const deviceLogonEvents: TableMapper = {
  table: 'DeviceLogonEvents',
  classes: ['authentication', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const actionTypeValue = columns.values.ActionType;
    const actionType = typeof actionTypeValue === 'string' ? actionTypeValue : '';
    const user = userOf(columns, ACCOUNT);
    const device = deviceOf(columns);
    if (!user || !device) return baseEventOf(row);

    const record = newEvent(row, columns, {
      className: 'authentication',
      activityId: ACTIVITIES[actionType] ?? ACTIVITY_OTHER,
      profiles: HOST_PROFILE,
    });
    const status = STATUSES[actionType];
    if (status !== undefined) {
      record.status_id = status;
      record.status = status === SUCCESS ? 'Success' : 'Failure';
    }
    const failureReason = columns.text('FailureReason');
    if (failureReason) record.status_detail = failureReason;
    const fields = columns.object(ADDITIONAL_FIELDS);
    const count = fields?.int(UNIQUE_EVENTS_AGGREGATED);
    if (count !== undefined) record.count = count;

    const logonType = enumOf(columns, 'LogonType', LOGON_TYPES);
    if (logonType) {
      record.logon_type_id = logonType.id;
      record.logon_type = logonType.caption;
    }
    const protocol = enumOf(columns, 'Protocol', AUTH_PROTOCOLS);
    if (protocol) {
      record.auth_protocol_id = protocol.id;
      record.auth_protocol = protocol.caption;
    }

    const src = remoteEndpointOf(columns);
    const isRemote = isRemoteLogon(fields, src?.ip as string | undefined);
    if (isRemote !== undefined) record.is_remote = isRemote;

    // `true` makes the account an Admin; the flag itself stays raw (`false` says nothing about the type).
    if (toBoolean(columns.values.IsLocalAdmin) === true) {
      user.type_id = 2;
      user.type = 'Admin';
    }
    record.user = user;
    const sessionUid = columns.text('LogonId');
    if (sessionUid) record.session = { uid: sessionUid };
    if (src) record.src_endpoint = src;
    record.dst_endpoint = targetEndpointOf(device);
    const actorProcess = initiatingProcessOf(columns);
    if (actorProcess) record.actor = { process: actorProcess };
    record.device = device;
    return withUnmapped(record, columns);
  },
};

/**
 * A Defender enum column → OCSF id and caption. The column is taken only when the caption shows
 * its text (`Network`, `NTLM`; 99 carries the text itself); otherwise (`RemoteInteractive` →
 * Remote Interactive) the raw text also stays under `unmapped`. Unknown text is not converted.
 */
function enumOf(columns: Columns, name: string, table: Readonly<Record<string, Enum | undefined>>): Enum | undefined {
  const text = columns.values[name];
  if (typeof text !== 'string' || text === '') return undefined;
  const lower = text.toLowerCase();
  const value = table[lower] ?? table[lower.replace(WHITESPACE, '')];
  if (value && value.caption.toLowerCase() === lower) columns.take(name);
  return value;
}

/**
 * `AdditionalFields.IsLocalLogon` (inverted, so its text also stays raw) when Defender says it;
 * otherwise a routable source address means remote.
 */
function isRemoteLogon(fields: Columns | undefined, sourceIp: string | undefined): boolean | undefined {
  const isLocal = toBoolean(fields?.values.IsLocalLogon);
  if (isLocal !== undefined) return !isLocal;
  return sourceIp !== undefined && !isLocalOnlyAddress(sourceIp) ? true : undefined;
}

/** The remote device: a DNS-style name is its `hostname`, anything else (e.g. `-`) its `name`. */
function remoteEndpointOf(columns: Columns): Record<string, unknown> | undefined {
  const remoteName = columns.text(REMOTE_DEVICE_NAME);
  const hostname = remoteName !== undefined && isHostname(remoteName) ? remoteName : undefined;
  const endpoint = endpointOf(columns, REMOTE_ENDPOINT, hostname);
  if (remoteName === undefined || hostname !== undefined) return endpoint;
  return endpoint ? { name: remoteName, ...endpoint } : { name: remoteName };
}

/** The reporting device as the logon target (`hostname` only when DeviceName is a valid hostname_t). */
function targetEndpointOf(device: Record<string, unknown>): Record<string, unknown> {
  const endpoint: Record<string, unknown> = {};
  if (typeof device.hostname === 'string' && isHostname(device.hostname)) endpoint.hostname = device.hostname;
  else if (device.name !== undefined) endpoint.name = device.name;
  if (device.uid !== undefined) endpoint.uid = device.uid;
  return endpoint;
}
