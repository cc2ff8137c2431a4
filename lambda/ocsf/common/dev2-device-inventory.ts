import type { Columns } from './columns.ts';
import { compact } from './values.ts';

type Enum = readonly [number, string];

/** `DeviceType` (and discovery's finer names) → OCSF `device.type_id`; other values become 99 with the raw text. */
const DEVICE_TYPES: ReadonlyMap<string, Enum> = new Map<string, Enum>([
  ['unknown', [0, 'Unknown']],
  ['server', [1, 'Server']],
  ['workstation', [2, 'Desktop']],
  ['desktop', [2, 'Desktop']],
  ['laptop', [3, 'Laptop']],
  ['tablet', [4, 'Tablet']],
  ['mobile', [5, 'Mobile']],
  ['smartphone', [5, 'Mobile']],
  ['iot', [7, 'IOT']],
  ['firewall', [9, 'Firewall']],
  ['switch', [10, 'Switch']],
  ['router', [12, 'Router']],
]);

export function deviceTypeOf(columns: Columns, name: string): Enum {
  const value = columns.values[name];
  if (typeof value !== 'string' || value === '') return [0, 'Unknown'];
  return enumTaken(columns, name, value, DEVICE_TYPES.get(value.toLowerCase()) ?? [99, value]);
}

/**
 * Marks a text column as mapped to an enum only when the enum's caption still says the same thing
 * (`Server` → 1 Server); a renamed value (`Workstation` → 2 Desktop) also stays raw under `unmapped`.
 */
export function enumTaken(columns: Columns, name: string, value: string, mapped: Enum): Enum {
  if (mapped[1].toLowerCase() === value.toLowerCase()) columns.take(name);
  return mapped;
}

const WINDOWS: Enum = [100, 'Windows'];
const LINUX: Enum = [200, 'Linux'];
/** `OSPlatform` / `OSDistribution` values (lower case, by prefix for Windows) → OCSF `os.type_id`. */
const OS_TYPES: ReadonlyMap<string, Enum> = new Map<string, Enum>([
  ['linux', LINUX],
  ['ubuntu', LINUX],
  ['debian', LINUX],
  ['redhat', LINUX],
  ['rhel', LINUX],
  ['centos', LINUX],
  ['oraclelinux', LINUX],
  ['sles', LINUX],
  ['suse', LINUX],
  ['amazonlinux', LINUX],
  ['android', [201, 'Android']],
  ['macos', [300, 'macOS']],
  ['ios', [301, 'iOS']],
  ['ipados', [302, 'iPadOS']],
]);

function osTypeOf(platform: string): Enum | undefined {
  const key = platform.toLowerCase();
  return key.startsWith('windows') ? WINDOWS : OS_TYPES.get(key);
}

const CPU_BITS: ReadonlyMap<string, number> = new Map([
  ['64-bit', 64],
  ['x64', 64],
  ['amd64', 64],
  ['x86_64', 64],
  ['arm64', 64],
  ['aarch64', 64],
  ['32-bit', 32],
  ['x86', 32],
  ['i386', 32],
  ['i686', 32],
]);

/**
 * `OSPlatform` (e.g. `Windows11`, `Linux`, `macOS`), `OSDistribution` (e.g. `Ubuntu`), `OSVersion`,
 * `OSBuild`, `OSArchitecture` → OCSF `os`. The name is the distribution when there is
 * one (the platform then only gives the type), else the platform. `name` and `type_id` are required.
 */
export function osOf(columns: Columns): Record<string, unknown> | undefined {
  const platform = columns.values.OSPlatform;
  const distribution = columns.values.OSDistribution;
  const platformText = typeof platform === 'string' && platform !== '' ? platform : undefined;
  const distributionText = typeof distribution === 'string' && distribution !== '' ? distribution : undefined;
  const name = distributionText ?? platformText;
  if (!name) return undefined;
  const type = (platformText && osTypeOf(platformText)) ?? (distributionText && osTypeOf(distributionText)) ?? undefined;
  if (distributionText) columns.take('OSDistribution');
  // With a distribution as the name, the platform is represented only when it gave the type.
  if (platformText && (!distributionText || type === osTypeOf(platformText))) columns.take('OSPlatform');
  // `64-bit` only partly survives as cpu_bits 64: the architecture text also stays raw.
  const architecture = columns.values.OSArchitecture;
  const cpuBits = typeof architecture === 'string' ? CPU_BITS.get(architecture.toLowerCase()) : undefined;
  return compact({
    name,
    type_id: type?.[0] ?? 99,
    type: type?.[1] ?? name,
    version: columns.text('OSVersion'),
    build: columns.text('OSBuild'),
    cpu_bits: cpuBits,
  });
}

const RISK_LEVELS: ReadonlyMap<string, Enum> = new Map<string, Enum>([
  ['none', [0, 'Info']],
  ['low', [1, 'Low']],
  ['medium', [2, 'Medium']],
  ['high', [3, 'High']],
]);

/** `ExposureLevel` → OCSF `risk_level_id`; unknown text stays raw. */
export function exposureOf(columns: Columns): Enum | undefined {
  const value = columns.values.ExposureLevel;
  const level = typeof value === 'string' ? RISK_LEVELS.get(value.toLowerCase()) : undefined;
  return level && enumTaken(columns, 'ExposureLevel', value as string, level);
}

/**
 * `OnboardingStatus` → `is_managed`: onboarded to Defender for Endpoint or not ("Insufficient info"
 * says neither). The status text itself has no OCSF attribute, so the column also stays raw.
 */
export function isManagedOf(columns: Columns): boolean | undefined {
  const value = columns.values.OnboardingStatus;
  if (typeof value !== 'string') return undefined;
  const key = value.toLowerCase().replaceAll(' ', '');
  return key === 'onboarded' ? true : key === 'canbeonboarded' || key === 'unsupported' ? false : undefined;
}

/** The Defender sensor itself, as the device's EDR agent (`ClientVersion`). */
export function defenderAgentOf(columns: Columns): Record<string, unknown>[] | undefined {
  const version = columns.text('ClientVersion');
  if (!version) return undefined;
  return [
    {
      name: 'Microsoft Defender for Endpoint',
      type_id: 1,
      type: 'Endpoint Detection and Response',
      vendor_name: 'Microsoft',
      version,
    },
  ];
}
