import { column, Columns } from '../common/columns.ts';
import { ADDITIONAL_FIELDS, UNIQUE_EVENTS_AGGREGATED } from '../common/shared-columns.ts';
import { initiatingProcessOf } from '../common/dev1-actor.ts';
import { lookupTable } from '../common/lookup.ts';
import { dnsOf, durationOf, httpOf, rcodeCaption, tlsOf, trafficOf } from '../common/dev1-network-inspection.ts';
import { connectionInfoOf, DIRECTION_INBOUND, DIRECTION_OUTBOUND, DIRECTION_UNKNOWN, directionFrom, endpointOf, LOCAL_ENDPOINT, REMOTE_ENDPOINT, remoteUrlOf } from '../common/dev1-network.ts';
import { deviceOf } from '../common/device.ts';
import { ACTIVITY_OTHER, newEvent, withUnmapped } from '../common/event.ts';
import { compact } from '../common/values.ts';
import type { OcsfClassName } from '../ocsf-classes.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const OPEN = 1;
const FAIL = 4;
const TRAFFIC = 6;
const LISTEN = 7;

/** network_activity activity per ActionType; HTTP and DNS inspection rows are routed separately. */
const NETWORK_ACTIVITIES = lookupTable<number>({
  ConnectionSuccess: OPEN,
  ConnectionAttempt: OPEN,
  ConnectionRequest: OPEN,
  ConnectionAcknowledged: OPEN,
  InboundConnectionAccepted: OPEN,
  ConnectionSuccessAggregatedReport: OPEN,
  ConnectionFailed: FAIL,
  ConnectionFailedAggregatedReport: FAIL,
  ListeningConnectionCreated: LISTEN,
  ConnectionFound: TRAFFIC,
  NetworkSignatureInspected: TRAFFIC,
  SslConnectionInspected: TRAFFIC,
  SshConnectionInspected: TRAFFIC,
  IcmpConnectionInspected: TRAFFIC,
  FtpConnectionInspected: TRAFFIC,
  SmtpConnectionInspected: TRAFFIC,
  NtlmAuthenticationInspected: TRAFFIC,
  InboundInternetScanInspected: TRAFFIC,
  HttpConnectionInspected: TRAFFIC,
  DnsConnectionInspected: TRAFFIC,
});

const SUCCESS = 1;
const FAILURE = 2;

/** Only these ActionTypes state an outcome. */
const STATUSES = lookupTable<number>({
  ConnectionSuccess: SUCCESS,
  InboundConnectionAccepted: SUCCESS,
  ConnectionSuccessAggregatedReport: SUCCESS,
  ConnectionFailed: FAILURE,
  ConnectionFailedAggregatedReport: FAILURE,
});

/** Direction implied by the ActionType; `AdditionalFields.direction` overrides it when present. */
const DIRECTIONS = lookupTable<number>({
  ConnectionSuccess: DIRECTION_OUTBOUND,
  ConnectionFailed: DIRECTION_OUTBOUND,
  ConnectionAttempt: DIRECTION_OUTBOUND,
  ConnectionRequest: DIRECTION_OUTBOUND,
  ConnectionSuccessAggregatedReport: DIRECTION_OUTBOUND,
  ConnectionFailedAggregatedReport: DIRECTION_OUTBOUND,
  InboundConnectionAccepted: DIRECTION_INBOUND,
});

const HOST_PROFILE = ['host'] as const;

const REMOTE_URL = column('RemoteUrl');
/** In `AdditionalFields` of inspected traffic: Zeek's connection uid. */
const CONNECTION_UID = column('uid');

/**
 * DeviceNetworkEvents → Network Activity (4001); inspected HTTP rows → HTTP Activity (4002) and
 * inspected DNS rows → DNS Activity (4003) when their `AdditionalFields` describe the request.
 * The local side is the source of outbound connections and the destination of inbound ones; a
 * listening socket is the destination. Device and initiating process come from the `host` profile.
 */
export const deviceNetworkEvents: TableMapper = {
  table: 'DeviceNetworkEvents',
  classes: ['network_activity', 'http_activity', 'dns_activity', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const actionTypeValue = columns.values.ActionType;
    const actionType = typeof actionTypeValue === 'string' ? actionTypeValue : '';
    const fields = columns.object(ADDITIONAL_FIELDS);
    const direction = directionFrom(fields) ?? DIRECTIONS[actionType] ?? DIRECTION_UNKNOWN;

    let className: OcsfClassName = 'network_activity';
    let activityId = NETWORK_ACTIVITIES[actionType] ?? ACTIVITY_OTHER;
    const specific: Record<string, unknown> = {};
    if (fields && actionType === 'HttpConnectionInspected') {
      const http = httpOf(fields);
      if (http) {
        className = 'http_activity';
        activityId = http.activityId ?? ACTIVITY_OTHER;
        if (http.request) specific.http_request = http.request;
        if (http.response) specific.http_response = http.response;
      }
    } else if (fields && actionType === 'DnsConnectionInspected') {
      const dns = dnsOf(fields);
      if (dns) {
        className = 'dns_activity';
        activityId = dns.activityId;
        specific.query = dns.query;
        if (dns.answers) specific.answers = dns.answers;
        if (dns.rcodeId !== undefined) {
          specific.rcode_id = dns.rcodeId;
          specific.rcode = rcodeCaption(dns.rcodeId);
        }
      }
    } else if (fields && actionType === 'SslConnectionInspected') {
      const tls = tlsOf(fields);
      if (tls) specific.tls = tls;
      // ALPN, e.g. `h2`: the application protocol carried inside TLS.
      const alpn = fields.text('next_protocol');
      if (alpn) specific.app_protocol_name = alpn;
    }

    const remoteUrlValue = columns.values.RemoteUrl;
    const remoteUrl = typeof remoteUrlValue === 'string' && remoteUrlValue !== '' ? remoteUrlOf(remoteUrlValue) : undefined;
    // Only network_activity has a top-level `url`; elsewhere a URL's host still names the remote
    // endpoint, but the URL itself stays raw.
    const placeUrl = remoteUrl?.url !== undefined && className === 'network_activity';
    const remoteHostname = remoteUrl?.hostname;
    if (placeUrl || (remoteHostname !== undefined && remoteHostname === remoteUrlValue)) columns.take(REMOTE_URL);
    const local = endpointOf(columns, LOCAL_ENDPOINT);
    const remote = endpointOf(columns, REMOTE_ENDPOINT, remoteHostname);
    const listening = activityId === LISTEN && className === 'network_activity';
    const inbound = listening || direction === DIRECTION_INBOUND;
    const src = inbound ? remote : local;
    const dst = inbound ? local : remote;
    if (!src && !dst && className !== 'http_activity') return baseEventOf(row);

    const record = newEvent(row, columns, { className, activityId, profiles: HOST_PROFILE });
    const status = STATUSES[actionType];
    if (status !== undefined) {
      record.status_id = status;
      record.status = status === SUCCESS ? 'Success' : 'Failure';
    }
    const count = fields?.int(UNIQUE_EVENTS_AGGREGATED);
    if (count !== undefined) record.count = count;
    if (src) record.src_endpoint = src;
    if (dst) record.dst_endpoint = dst;
    record.connection_info = connectionInfoOf(
      columns,
      direction,
      (remote?.ip ?? local?.ip) as string | undefined,
      fields?.text(CONNECTION_UID),
    );
    if (className === 'network_activity') {
      if (direction !== DIRECTION_UNKNOWN) record.is_src_dst_assignment_known = true;
      else if (src && dst && !listening) record.is_src_dst_assignment_known = false;
    }
    if (placeUrl) record.url = compact({ url_string: remoteUrl?.url, hostname: remoteUrl?.hostname });
    if (fields) {
      const duration = durationOf(fields);
      if (duration !== undefined) record.duration = duration;
      // Zeek counts by originator and responder: only a known direction says which is the source.
      const traffic = direction !== DIRECTION_UNKNOWN ? trafficOf(fields) : undefined;
      if (traffic) record.traffic = traffic;
    }
    Object.assign(record, specific);
    const actorProcess = initiatingProcessOf(columns);
    if (actorProcess) record.actor = { process: actorProcess };
    const device = deviceOf(columns);
    if (device) record.device = device;
    return withUnmapped(record, columns);
  },
};
