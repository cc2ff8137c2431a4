import type { Columns } from './columns.ts';
import { compact } from './values.ts';
import { isHostname } from './formats.ts';



/** A column holding a host name, taken only when it is a valid `hostname_t`. */
export function hostnameColumn(columns: Columns, name: string): string | undefined {
  const value = columns.values[name];
  if (typeof value !== 'string' || !isHostname(value)) return undefined;
  columns.take(name);
  return value;
}

/** A column holding an absolute URL → OCSF `url` (`url_string`); anything else stays raw. */
export function urlColumn(columns: Columns, name: string): { url_string: string } | undefined {
  const value = columns.values[name];
  if (typeof value !== 'string' || !value.includes('://') || !URL.canParse(value)) return undefined;
  columns.take(name);
  return { url_string: value };
}

export interface EndpointColumns {
  readonly ip?: string;
  readonly port?: string;
  /** A host name, FQDN or URL column: placed in `hostname` only when it is a bare host name. */
  readonly hostname?: string;
  /** A short (e.g. NetBIOS) device name column. */
  readonly name?: string;
}

/** IP/port/host-name columns → OCSF `network_endpoint` (undefined without an identifying value). */
export function endpointOf(columns: Columns, spec: EndpointColumns): Record<string, unknown> | undefined {
  const ip = spec.ip ? columns.ip(spec.ip) : undefined;
  const hostname = spec.hostname ? hostnameColumn(columns, spec.hostname) : undefined;
  const name = spec.name ? columns.text(spec.name) : undefined;
  if (!ip && !hostname && !name) return undefined;
  return compact({ hostname, name, ip, port: spec.port ? columns.port(spec.port) : undefined });
}

export const DIRECTION_UNKNOWN = 0;
export const DIRECTION_INBOUND = 1;
export const DIRECTION_OUTBOUND = 2;

const DIRECTION_CAPTIONS = ['Unknown', 'Inbound', 'Outbound'] as const;

/** OCSF `network_connection_info` with its required `direction_id`. */
export function connectionInfoOf(directionId: 0 | 1 | 2): Record<string, unknown> {
  return { direction_id: directionId, direction: DIRECTION_CAPTIONS[directionId] };
}

/**
 * The reporting device as a `network_endpoint` (`DeviceId`, `DeviceName`, optionally an IP column), for
 * classes that need the local host on one side of an exchange (a DNS query, a logon). The device columns
 * are normally taken by `deviceOf` already; this only reads them.
 */
export function deviceEndpointOf(columns: Columns, ipColumn?: string): Record<string, unknown> | undefined {
  const uid = columns.values.DeviceId;
  const name = columns.values.DeviceName;
  return compact({
    uid: typeof uid === 'string' && uid !== '' ? uid : undefined,
    hostname: typeof name === 'string' && isHostname(name) ? name : undefined,
    ip: ipColumn ? columns.ip(ipColumn) : undefined,
  });
}
