// Typed, cached view of the OCSF 1.8.0 snapshot the repo carries in schema/ocsf-1.8.0/
// (compiled: inheritance resolved, one file per class, plus objects/types/profiles).
import { readFileSync } from 'node:fs';

export type OcsfRequirement = 'required' | 'recommended' | 'optional';

export interface OcsfAttribute {
  readonly name: string;
  readonly caption: string;
  /** Declared type, e.g. `port_t`, `timestamp_t`, `object_t`. */
  readonly type: string;
  /** Primitive it reduces to: string_t, integer_t, long_t, float_t, boolean_t, json_t or object_t. */
  readonly baseType: string;
  /** Object name when `type` is `object_t`. */
  readonly objectType?: string;
  readonly isArray: boolean;
  readonly requirement: OcsfRequirement;
  /** Null: always available. Otherwise available only when `metadata.profiles` lists one of these. */
  readonly profiles: readonly string[] | null;
  /** Allowed values, keyed by the value as a string (decimal for `_id` attributes; e.g. `GET` for `http_method`). */
  readonly enum?: Readonly<Record<string, OcsfEnumValue>>;
  /** The string attribute carrying this enum's caption (e.g. `activity_name` for `activity_id`). */
  readonly sibling?: string;
  readonly deprecated?: boolean;
  /** Platform extension that added this attribute (e.g. `win`). */
  readonly extension?: string;
}

export interface OcsfEnumValue {
  readonly caption: string;
  readonly deprecated?: boolean;
}

export interface OcsfConstraints {
  readonly atLeastOne?: readonly string[];
  readonly justOne?: readonly string[];
}

export interface OcsfClass {
  /** Schema name, e.g. `process_activity`; note Event Log Activity is `event_log_actvity` (sic). */
  readonly name: string;
  readonly caption: string;
  readonly classUid: number;
  readonly categoryUid: number;
  readonly categoryName: string;
  readonly extension?: string;
  readonly extensionUid?: number;
  readonly deprecated?: boolean;
  /** Profiles this class accepts in `metadata.profiles`. */
  readonly profiles: readonly string[];
  readonly constraints: OcsfConstraints;
  /** activity_id (decimal string) → caption. */
  readonly activities: Readonly<Record<string, string>>;
  readonly attributes: ReadonlyMap<string, OcsfAttribute>;
}

export interface OcsfObject {
  readonly name: string;
  readonly caption: string;
  readonly extension?: string;
  readonly deprecated?: boolean;
  readonly profiles: readonly string[];
  readonly attributes: ReadonlyMap<string, OcsfAttribute>;
  readonly constraints: OcsfConstraints;
  /** True for the generic `object` (e.g. `unmapped`, `xattributes`): any keys allowed. */
  readonly openEnded: boolean;
}

export interface OcsfType {
  readonly name: string;
  readonly baseType: string;
  readonly regex?: string;
  readonly range?: readonly [number, number];
  readonly maxLen?: number;
  readonly values?: readonly unknown[];
}

export interface OcsfExtension {
  readonly name: string;
  readonly uid: number;
  readonly version: string;
}

export interface OcsfSchema {
  readonly version: string;
  readonly classes: ReadonlyMap<string, OcsfClass>;
  readonly classesByUid: ReadonlyMap<number, OcsfClass>;
  readonly objects: ReadonlyMap<string, OcsfObject>;
  readonly types: ReadonlyMap<string, OcsfType>;
  /** Every profile the schema defines (e.g. `host`, `linux/linux_users`). */
  readonly profiles: ReadonlySet<string>;
  /** Platform extensions by name (`linux`, `win`, `macos`). */
  readonly extensions: ReadonlyMap<string, OcsfExtension>;
}

const schemaDir = new URL('../../schema/ocsf-1.8.0/', import.meta.url);

let cached: OcsfSchema | undefined;

export function loadOcsfSchema(): OcsfSchema {
  cached ??= readSchema();
  return cached;
}

interface RawAttribute {
  caption: string;
  type: string;
  base_type: string;
  object_type?: string;
  is_array: boolean;
  requirement: OcsfRequirement;
  profiles: string[] | null;
  enum?: Record<string, { caption: string; deprecated?: unknown }>;
  sibling?: string;
  deprecated?: unknown;
  extension?: string | null;
}

interface RawConstraints {
  at_least_one?: string[];
  just_one?: string[];
}

interface RawClass {
  name: string;
  caption: string;
  class_uid: number;
  category_uid: number;
  category_name: string | null;
  extension: string | null;
  extension_uid: number | null;
  deprecated: unknown;
  profiles: string[] | null;
  constraints: RawConstraints | null;
  activities: Record<string, { caption: string }>;
  attributes: Record<string, RawAttribute>;
}

interface RawObject {
  name: string;
  caption: string;
  extension: string | null;
  deprecated: unknown;
  profiles: string[] | null;
  constraints: RawConstraints | null;
  open_ended: boolean;
  attributes: Record<string, RawAttribute>;
}

interface RawType {
  base_type: string;
  regex?: string;
  range?: [number, number];
  max_len?: number;
  values?: unknown[];
}

interface RawIndex {
  schema_version: string;
  classes: Record<string, { name: string; file: string }>;
  extensions: Record<string, { uid: number; version: string }>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, schemaDir), 'utf8')) as T;
}

function readSchema(): OcsfSchema {
  const index = readJson<RawIndex>('index.json');

  const classes = new Map<string, OcsfClass>();
  const classesByUid = new Map<number, OcsfClass>();
  for (const entry of Object.values(index.classes)) {
    const ocsfClass = toClass(readJson<RawClass>(entry.file));
    classes.set(ocsfClass.name, ocsfClass);
    classesByUid.set(ocsfClass.classUid, ocsfClass);
  }

  const objects = new Map<string, OcsfObject>();
  for (const [name, raw] of Object.entries(readJson<Record<string, RawObject>>('objects.json'))) {
    objects.set(name, toObject(name, raw));
  }

  const types = new Map<string, OcsfType>();
  for (const [name, raw] of Object.entries(readJson<Record<string, RawType>>('types.json'))) {
    if (name.startsWith('_')) continue; // `_validator_notes`
    types.set(name, toType(name, raw));
  }

  const profiles = new Set(Object.keys(readJson<Record<string, unknown>>('profiles.json')));
  const extensions = new Map<string, OcsfExtension>(
    Object.entries(index.extensions).map(([name, ext]) => [name, { name, uid: ext.uid, version: ext.version }]),
  );

  return { version: index.schema_version, classes, classesByUid, objects, types, profiles, extensions };
}

function toClass(raw: RawClass): OcsfClass {
  return {
    name: raw.name,
    caption: raw.caption,
    classUid: raw.class_uid,
    categoryUid: raw.category_uid,
    categoryName: raw.category_name ?? 'Uncategorized',
    ...(raw.extension ? { extension: raw.extension } : {}),
    ...(raw.extension_uid != null ? { extensionUid: raw.extension_uid } : {}),
    ...(raw.deprecated ? { deprecated: true } : {}),
    profiles: raw.profiles ?? [],
    constraints: toConstraints(raw.constraints),
    activities: Object.fromEntries(Object.entries(raw.activities).map(([id, activity]) => [id, activity.caption])),
    attributes: toAttributes(raw.attributes),
  };
}

function toObject(name: string, raw: RawObject): OcsfObject {
  return {
    name,
    caption: raw.caption,
    ...(raw.extension ? { extension: raw.extension } : {}),
    ...(raw.deprecated ? { deprecated: true } : {}),
    profiles: raw.profiles ?? [],
    attributes: toAttributes(raw.attributes),
    constraints: toConstraints(raw.constraints),
    openEnded: raw.open_ended,
  };
}

function toType(name: string, raw: RawType): OcsfType {
  return {
    name,
    baseType: raw.base_type,
    ...(raw.regex !== undefined ? { regex: raw.regex } : {}),
    ...(raw.range !== undefined ? { range: [raw.range[0], raw.range[1]] as const } : {}),
    ...(raw.max_len !== undefined ? { maxLen: raw.max_len } : {}),
    ...(raw.values !== undefined ? { values: raw.values } : {}),
  };
}

function toConstraints(raw: RawConstraints | null): OcsfConstraints {
  return {
    ...(raw?.at_least_one ? { atLeastOne: raw.at_least_one } : {}),
    ...(raw?.just_one ? { justOne: raw.just_one } : {}),
  };
}

function toAttributes(raw: Record<string, RawAttribute>): ReadonlyMap<string, OcsfAttribute> {
  const attributes = new Map<string, OcsfAttribute>();
  for (const [name, a] of Object.entries(raw)) {
    attributes.set(name, {
      name,
      caption: a.caption,
      type: a.type,
      baseType: a.base_type,
      ...(a.object_type ? { objectType: a.object_type } : {}),
      isArray: a.is_array,
      requirement: a.requirement,
      profiles: a.profiles,
      ...(a.enum
        ? {
            enum: Object.fromEntries(
              Object.entries(a.enum).map(([id, value]) => [
                id,
                { caption: value.caption, ...(value.deprecated ? { deprecated: true } : {}) },
              ]),
            ),
          }
        : {}),
      ...(a.sibling ? { sibling: a.sibling } : {}),
      ...(a.deprecated ? { deprecated: true } : {}),
      ...(a.extension ? { extension: a.extension } : {}),
    });
  }
  return attributes;
}
