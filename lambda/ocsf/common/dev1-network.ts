import { column, type ColumnName, type Columns } from './columns.ts';
import { lookupTable } from './lookup.ts';
import { compact } from './values.ts';
import { isHostname } from './formats.ts';

/** OCSF `network_connection_info.direction_id` values. */
export const DIRECTION_UNKNOWN = 0;
export const DIRECTION_INBOUND = 1;
export const DIRECTION_OUTBOUND = 2;

const DIRECTION_CAPTIONS: readonly string[] = ['Unknown', 'Inbound', 'Outbound'];

/** Zeek-style `direction` values in `AdditionalFields` of the inspected-traffic rows. */
const DIRECTIONS = lookupTable<number>({ in: DIRECTION_INBOUND, out: DIRECTION_OUTBOUND });

interface Scope {
  readonly id: number;
  readonly caption: string;
}

const INTERNAL: Scope = { id: 1, caption: 'Internal' };
const EXTERNAL: Scope = { id: 2, caption: 'External' };

/**
 * Defender `LocalIPType` / `RemoteIPType` → OCSF `network_scope_id`. Known Defender classes with no
 * OCSF counterpart become 99 (Other) with the Defender text; text not listed here stays raw.
 */
const SCOPES = lookupTable<Scope>({
  public: EXTERNAL,
  private: INTERNAL,
  loopback: INTERNAL,
  linklocal: INTERNAL,
  reserved: { id: 99, caption: 'Reserved' },
  teredo: { id: 99, caption: 'Teredo' },
  fourtosixmapping: { id: 99, caption: 'FourToSixMapping' },
  broadcast: { id: 99, caption: 'Broadcast' },
  multicast: { id: 99, caption: 'Multicast' },
});

/** Defender `Protocol` → IANA protocol number (OCSF `protocol_num`), keyed by the lower-case name. */
const PROTOCOL_NUMBERS = lookupTable<number>({
  icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, icmpv6: 58, sctp: 132,
});

/** Where one side of a connection lives in a row. */
export interface EndpointColumns {
  readonly ip: ColumnName;
  readonly port: ColumnName;
  readonly scope?: ColumnName;
}

const PROTOCOL = column('Protocol');

export const LOCAL_ENDPOINT: EndpointColumns = { ip: column('LocalIP'), port: column('LocalPort'), scope: column('LocalIPType') };
export const REMOTE_ENDPOINT: EndpointColumns = { ip: column('RemoteIP'), port: column('RemotePort'), scope: column('RemoteIPType') };

/**
 * IP, port and IP class → OCSF `network_endpoint`. The object must carry an identifier (ip or
 * hostname): without one nothing is taken, so port and class stay raw under `unmapped`.
 * `hostname` is a value the caller read (and accounts for), e.g. from RemoteUrl or RemoteDeviceName.
 */
export function endpointOf(columns: Columns, names: EndpointColumns, hostname?: string): Record<string, unknown> | undefined {
  const ip = columns.ip(names.ip);
  if (ip === undefined && hostname === undefined) return undefined;
  const scope = names.scope ? scopeOf(columns, names.scope) : undefined;
  return compact({
    hostname,
    ip,
    port: columns.port(names.port),
    network_scope_id: scope?.id,
    network_scope: scope?.caption,
  });
}

function scopeOf(columns: Columns, name: ColumnName): Scope | undefined {
  const text = columns.value(name);
  if (typeof text !== 'string') return undefined;
  const lower = text.toLowerCase();
  const scope = SCOPES[lower];
  // `Private` becomes Internal: the record does not show Defender's word, so it also stays raw.
  if (scope && scope.caption.toLowerCase() === lower) columns.take(name);
  return scope;
}

/**
 * `AdditionalFields.direction` (`In`/`Out`) → direction id. The key is not taken: the record says
 * Inbound/Outbound, not Defender's word, so the raw value stays under `unmapped` too.
 */
export function directionFrom(fields: Columns | undefined): number | undefined {
  const text = fields?.values.direction;
  return typeof text === 'string' ? DIRECTIONS[text.toLowerCase()] : undefined;
}

/**
 * OCSF `network_connection_info` (its `direction_id` is required): direction, `Protocol` as IANA
 * name and number, and the IP version of the given address.
 */
export function connectionInfoOf(
  columns: Columns,
  directionId: number,
  ip: string | undefined,
  uid: string | undefined,
): Record<string, unknown> {
  const info: Record<string, unknown> = {
    direction_id: directionId,
    direction: DIRECTION_CAPTIONS[directionId],
  };
  const protocol = columns.value(PROTOCOL);
  if (typeof protocol === 'string') {
    const name = protocol.toLowerCase();
    const number = PROTOCOL_NUMBERS[name];
    if (number !== undefined) {
      columns.take(PROTOCOL);
      info.protocol_name = name;
      info.protocol_num = number;
    }
  }
  if (ip !== undefined) {
    const v6 = ip.includes(':');
    info.protocol_ver_id = v6 ? 6 : 4;
    info.protocol_ver = v6 ? 'Internet Protocol version 6 (IPv6)' : 'Internet Protocol version 4 (IPv4)';
  }
  if (uid !== undefined) info.uid = uid;
  return info;
}

/** What `RemoteUrl` holds: the remote host name and, for an absolute URL, the URL itself. */
export interface RemoteUrl {
  readonly hostname?: string;
  readonly url?: string;
}

/**
 * Splits `RemoteUrl` without `new URL()` (hot path; Defender mostly sends bare names). The host is
 * kept only when it is a valid `hostname_t`, the URL only when it parses as an absolute URL.
 */
export function remoteUrlOf(value: string): RemoteUrl {
  const schemeEnd = value.indexOf('://');
  const hostStart = schemeEnd >= 0 ? schemeEnd + 3 : 0;
  let hostEnd = value.length;
  for (let i = hostStart; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23) {
      hostEnd = i; // '/', '?', '#'
      break;
    }
  }
  const at = value.lastIndexOf('@', hostEnd - 1);
  let host = value.slice(at >= hostStart ? at + 1 : hostStart, hostEnd);
  const colon = host.indexOf(':');
  if (colon >= 0 && colon === host.lastIndexOf(':')) host = host.slice(0, colon);
  const hasPath = schemeEnd >= 0 || hostEnd < value.length;
  return {
    hostname: isHostname(host) ? host : undefined,
    url: hasPath && schemeEnd > 0 && URL.canParse(value) ? value : undefined,
  };
}



/** Loopback and unspecified addresses: they say nothing about a remote peer. */
export function isLocalOnlyAddress(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip === '0.0.0.0' || ip === '::';
}
