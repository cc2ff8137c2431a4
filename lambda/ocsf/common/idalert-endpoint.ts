import type { Columns } from './columns.ts';
import { type EnumTable, entry, enumOf, setEnum } from './idalert-enums.ts';
import { countryCodeOf, peekText, sameText } from './idalert-values.ts';
import { toIp } from './values.ts';
import { isHostname } from './formats.ts';

/**
 * Where one side of a Defender for Identity event lives: the client (`DeviceName`, `IPAddress`, `Port`,
 * …) or the server that handled it (`Destination*`, usually a domain controller). `AdditionalFields`
 * adds the side's OS (`<prefix>ComputerOperatingSystem[Type|Version]`), AD object GUID
 * (`<prefix>ComputerObjectGuid`) and short NetBIOS-style name (`FROM.DEVICE` / `TO.DEVICE`).
 */
export interface SideNames {
  readonly hostname: string;
  readonly ip: string;
  readonly port: string;
  readonly isp?: readonly string[];
  readonly location?: string;
  readonly osPlatform?: string;
  readonly deviceType?: string;
  readonly extrasPrefix: string;
  readonly shortName: string;
}

export const CLIENT_SIDE: SideNames = {
  hostname: 'DeviceName',
  ip: 'IPAddress',
  port: 'Port',
  // IdentityLogonEvents spells it `Isp`, IdentityDirectoryEvents `ISP`.
  isp: ['Isp', 'ISP'],
  location: 'Location',
  osPlatform: 'OSPlatform',
  deviceType: 'DeviceType',
  extrasPrefix: 'Source',
  shortName: 'FROM.DEVICE',
};

export const SERVER_SIDE: SideNames = {
  hostname: 'DestinationDeviceName',
  ip: 'DestinationIPAddress',
  port: 'DestinationPort',
  extrasPrefix: 'Destination',
  shortName: 'TO.DEVICE',
};

/** MDI `DeviceType` → `network_endpoint.type_id`. */
const ENDPOINT_TYPES: EnumTable = {
  server: entry(1, 'Server'),
  desktop: entry(2, 'Desktop'),
  workstation: entry(2, 'Desktop'),
  laptop: entry(3, 'Laptop'),
  tablet: entry(4, 'Tablet'),
  mobile: entry(5, 'Mobile'),
  smartphone: entry(5, 'Mobile'),
  iot: entry(7, 'IOT'),
  firewall: entry(9, 'Firewall'),
  switch: entry(10, 'Switch'),
  router: entry(12, 'Router'),
};

/** `<prefix>ComputerOperatingSystemType` (and OS families elsewhere) → `os.type_id`. */
export const OS_TYPES: EnumTable = {
  windows: entry(100, 'Windows'),
  linux: entry(200, 'Linux'),
  android: entry(201, 'Android'),
  macos: entry(300, 'macOS'),
  ios: entry(301, 'iOS'),
  ipados: entry(302, 'iPadOS'),
  unknown: entry(0, 'Unknown'),
};

/** OS names by prefix (`Windows 10`, `windows server 2019 datacenter`, `macOS 14`, …) → OS type. */
const OS_NAME_PREFIXES: readonly (readonly [string, number, string])[] = [
  ['windows', 100, 'Windows'],
  ['macos', 300, 'macOS'],
  ['mac os', 300, 'macOS'],
  ['ipados', 302, 'iPadOS'],
  ['ios', 301, 'iOS'],
  ['android', 201, 'Android'],
  ['linux', 200, 'Linux'],
  ['ubuntu', 200, 'Linux'],
  ['debian', 200, 'Linux'],
  ['red hat', 200, 'Linux'],
  ['centos', 200, 'Linux'],
];

/**
 * One side → OCSF `network_endpoint` (or, with `port: false`, the shape `device` shares). The object needs
 * an identifier (ip, hostname, name or uid): without one nothing is taken. A `DeviceName` that is not a
 * valid hostname becomes `name`.
 */
export function identityEndpointOf(
  columns: Columns,
  extras: Columns | undefined,
  side: SideNames,
  options: { readonly port: boolean } = WITH_PORT,
): Record<string, unknown> | undefined {
  const deviceName = peekText(columns, side.hostname);
  const ip = toIp(columns.values[side.ip]);
  const uid = peekText(extras, `${side.extrasPrefix}ComputerObjectGuid`);
  const shortName = peekText(extras, side.shortName);
  const validHostname = deviceName !== undefined && isHostname(deviceName);
  if (deviceName === undefined && ip === undefined && uid === undefined && shortName === undefined) return undefined;

  const endpoint: Record<string, unknown> = {};
  if (validHostname) endpoint.hostname = deviceName;
  if (deviceName !== undefined) columns.take(side.hostname);
  const name = validHostname ? shortName : (deviceName ?? shortName);
  if (name !== undefined) endpoint.name = name;
  if (shortName !== undefined && name === shortName) {
    extras!.take(side.shortName);
    // MDI repeats the client's short name as ACTOR.DEVICE.
    if (side === CLIENT_SIDE && sameText(peekText(extras, 'ACTOR.DEVICE'), shortName)) extras!.take('ACTOR.DEVICE');
  }
  if (uid !== undefined) {
    endpoint.uid = uid;
    extras!.take(`${side.extrasPrefix}ComputerObjectGuid`);
  }
  if (ip !== undefined) {
    endpoint.ip = ip;
    columns.take(side.ip);
  }
  if (options.port) {
    const port = columns.port(side.port);
    if (port !== undefined) endpoint.port = port;
  }
  if (side.deviceType) setEnum(endpoint, 'type', enumOf(columns, side.deviceType, ENDPOINT_TYPES));
  const os = osOf(columns, extras, side);
  if (os) endpoint.os = os;
  if (side.isp) {
    for (const column of side.isp) {
      const isp = columns.text(column);
      if (isp !== undefined) endpoint.isp = isp;
    }
  }
  if (side.location) {
    const location = peekText(columns, side.location);
    const country = location === undefined ? undefined : countryCodeOf(location);
    if (country !== undefined) {
      endpoint.location = { country };
      columns.take(side.location);
    }
  }
  return endpoint;
}

const WITH_PORT = { port: true } as const;

/**
 * The side's OS: the name from `OSPlatform` or `<prefix>ComputerOperatingSystem`, the type from
 * `<prefix>ComputerOperatingSystemType` or the name. `os.name` and `os.type_id` are both required.
 */
function osOf(columns: Columns, extras: Columns | undefined, side: SideNames): Record<string, unknown> | undefined {
  const prefix = `${side.extrasPrefix}ComputerOperatingSystem`;
  const platform = side.osPlatform ? peekText(columns, side.osPlatform) : undefined;
  const fullName = peekText(extras, prefix);
  const typeText = peekText(extras, `${prefix}Type`);
  const typeKey = typeText?.toLowerCase();
  const declaredType = typeKey !== undefined && Object.hasOwn(OS_TYPES, typeKey) ? OS_TYPES[typeKey] : undefined;
  const name = platform ?? fullName ?? (declaredType && declaredType.id !== 0 ? typeText : undefined);
  if (name === undefined) return undefined;

  // A declared "unknown" type says less than a name such as "Windows 10".
  const type = declaredType && declaredType.id !== 0 ? declaredType : osTypeOfName(name);
  const os: Record<string, unknown> = { name, type_id: type.id, type: type.caption };
  if (platform !== undefined) columns.take(side.osPlatform!);
  if (fullName !== undefined && (platform === undefined || sameText(platform, fullName))) extras!.take(prefix);
  if (declaredType !== undefined && declaredType.id === type.id) extras!.take(`${prefix}Type`);
  const version = peekText(extras, `${prefix}Version`);
  if (version !== undefined) {
    os.version = version;
    extras!.take(`${prefix}Version`);
  }
  return os;
}

export function osTypeOfName(name: string): { readonly id: number; readonly caption: string } {
  const lower = name.toLowerCase();
  for (const [prefix, id, caption] of OS_NAME_PREFIXES) {
    if (lower.startsWith(prefix)) return { id, caption };
  }
  return UNKNOWN_OS;
}

const UNKNOWN_OS = { id: 0, caption: 'Unknown' } as const;

/** An endpoint of the server side as an OCSF `device` (IAM classes have no `dst_endpoint`). */
export function deviceOfEndpoint(endpoint: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!endpoint) return undefined;
  endpoint.type_id = 0;
  endpoint.type = 'Unknown';
  return endpoint;
}
