import type { Columns } from './columns.ts';
import { type EnumTable, entry, enumOf } from './idalert-enums.ts';
import { peekText } from './idalert-values.ts';

/** Defender alert severities → `severity_id`. Defender has no Critical; "UnSpecified" means unknown. */
const SEVERITIES: EnumTable = {
  informational: entry(1, 'Informational'),
  low: entry(2, 'Low'),
  medium: entry(3, 'Medium'),
  high: entry(4, 'High'),
  critical: entry(5, 'Critical'),
  unspecified: entry(0, 'Unknown'),
  unknown: entry(0, 'Unknown'),
};

const SEVERITY_UNKNOWN = 0;

/** `Severity` → `severity_id`; 0 (Unknown) when absent or not understood (the text then stays raw). */
export function severityOf(columns: Columns): number {
  return enumOf(columns, 'Severity', SEVERITIES)?.id ?? SEVERITY_UNKNOWN;
}

/** `DetectionSource` values whose analytic kind is known; every other source is of unknown type. */
const ANALYTIC_TYPES: EnumTable = {
  'custom detection': entry(1, 'Rule'),
};
const ANALYTIC_UNKNOWN = entry(0, 'Unknown');

export interface FindingColumns {
  /** The finding's identifier (`AlertId`, `BehaviorId`): `finding_info.uid` is required. */
  readonly uid: string;
  /** What names the detection (`Title` for alerts, the behavior's `ActionType`). */
  readonly analyticName: string;
}

/**
 * The shared alert/behavior columns → OCSF `finding_info`: title, categories as `types`, the Defender
 * service as `product`, the detection source as the analytic's category, MITRE techniques as `attacks`,
 * description, data sources and first/last activity. Undefined (nothing taken) without the uid.
 */
export function findingInfoOf(columns: Columns, names: FindingColumns): Record<string, unknown> | undefined {
  const uid = columns.text(names.uid);
  if (uid === undefined) return undefined;
  const info: Record<string, unknown> = { uid };
  const title = columns.text('Title');
  if (title !== undefined) info.title = title;
  const desc = columns.text('Description');
  if (desc !== undefined) info.desc = desc;
  const types = categoriesOf(columns);
  if (types) info.types = types;
  const service = columns.text('ServiceSource');
  if (service !== undefined) info.product = { name: service, vendor_name: 'Microsoft' };
  const analytic = analyticOf(columns, names.analyticName);
  if (analytic) info.analytic = analytic;
  const attacks = attackColumnOf(columns, 'AttackTechniques');
  if (attacks) info.attacks = attacks;
  const dataSources = listOf(columns, 'DataSources');
  if (dataSources) info.data_sources = dataSources;
  const firstSeen = columns.time('StartTime');
  if (firstSeen !== undefined) info.first_seen_time = firstSeen;
  const lastSeen = columns.time('EndTime');
  if (lastSeen !== undefined) info.last_seen_time = lastSeen;
  return info;
}

/** `analytic.type_id` is required and the object needs a name or uid: without a name, no analytic. */
function analyticOf(columns: Columns, nameColumn: string): Record<string, unknown> | undefined {
  const name = columns.text(nameColumn);
  if (name === undefined) return undefined;
  const analytic: Record<string, unknown> = { name };
  const source = columns.text('DetectionSource');
  if (source !== undefined) analytic.category = source;
  const key = source?.toLowerCase();
  const type = key !== undefined && Object.hasOwn(ANALYTIC_TYPES, key) ? ANALYTIC_TYPES[key]! : ANALYTIC_UNKNOWN;
  analytic.type_id = type.id;
  analytic.type = type.caption;
  return analytic;
}

/** `Category` (one text) or `Categories` (a JSON array, or a lone text) → `finding_info.types`. */
function categoriesOf(columns: Columns): string[] | undefined {
  const category = columns.text('Category');
  if (category !== undefined) return [category];
  return listOf(columns, 'Categories');
}

/**
 * A JSON array of strings, or a comma-separated text → strings. A list with anything but non-empty
 * strings is left raw.
 */
function listOf(columns: Columns, name: string): string[] | undefined {
  const decoded = columns.peekJson(name);
  if (Array.isArray(decoded)) {
    if (decoded.length === 0) return undefined;
    for (const item of decoded) if (typeof item !== 'string' || item === '') return undefined;
    columns.take(name);
    return decoded as string[];
  }
  const text = peekText(columns, name);
  if (text === undefined || text.startsWith('[')) return undefined;
  const items: string[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item !== '') items.push(item);
  }
  if (items.length === 0) return undefined;
  // A split list no longer shows the text as it came: keep that under `unmapped` too.
  if (items.length === 1 && items[0] === text) columns.take(name);
  return items;
}

/** `Name (T1234)` / `Name (T1234.001)`, one technique per array element. */
const TECHNIQUE = /^\s*(.*?)\s*\(\s*(T\d{4})(?:\.(\d{3}))?\s*\)\s*$/;
/** The same inside a comma-separated text (names do not contain commas or parentheses). */
const TECHNIQUE_IN_LIST = /\s*([^,()]*?)\s*\(\s*(T\d{4})(?:\.(\d{3}))?\s*\)\s*(?:,|$)/gy;

/**
 * MITRE techniques as Defender lists them → OCSF `attack` objects: a sub-technique (T1059.001) as
 * `sub_technique` with its parent's uid as `technique`. Array entries that do not parse (a tactic name,
 * say) are skipped; a comma-separated text is read only if it parses whole. The column itself is not
 * taken: OCSF has no place for Defender's "Name (T1234)" text, so it also stays under `unmapped`.
 */
export function attackColumnOf(columns: Columns, name: string): Record<string, unknown>[] | undefined {
  const decoded = columns.peekJson(name);
  if (Array.isArray(decoded)) return attacksOfArray(decoded);
  const value = columns.values[name];
  return typeof value === 'string' ? attacksOfText(value) : undefined;
}

function attacksOfArray(entries: readonly unknown[]): Record<string, unknown>[] | undefined {
  let attacks: Record<string, unknown>[] | undefined;
  for (const entry of entries) {
    const match = typeof entry === 'string' ? TECHNIQUE.exec(entry) : null;
    if (match) (attacks ??= []).push(attackOf(match[1]!, match[2]!, match[3]));
  }
  return attacks;
}

function attacksOfText(text: string): Record<string, unknown>[] | undefined {
  if (text.trim() === '') return undefined;
  const attacks: Record<string, unknown>[] = [];
  TECHNIQUE_IN_LIST.lastIndex = 0;
  let end = 0;
  let match: RegExpExecArray | null;
  while ((match = TECHNIQUE_IN_LIST.exec(text)) !== null) {
    attacks.push(attackOf(match[1]!, match[2]!, match[3]));
    end = TECHNIQUE_IN_LIST.lastIndex;
    if (end === text.length) break;
  }
  return end === text.length && attacks.length > 0 ? attacks : undefined;
}

function attackOf(name: string, technique: string, subTechnique: string | undefined): Record<string, unknown> {
  if (subTechnique === undefined) return { technique: name ? { uid: technique, name } : { uid: technique } };
  const uid = `${technique}.${subTechnique}`;
  return { sub_technique: name ? { uid, name } : { uid }, technique: { uid: technique } };
}
