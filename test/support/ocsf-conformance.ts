// OCSF 1.8.0 conformance checker for tests, built on the repo's schema snapshot. It checks what the
// official validator (ocsf-server Schema.Validator2) reports as errors, and a little more, so a record
// passing here also passes there:
// - class_uid names a known class; category_uid, activity_id and type_uid agree with it;
//   metadata.version is the snapshot's version;
// - metadata.profiles: known profiles the class accepts; profile-gated attributes only when one of
//   their profiles is listed (and their requirement applies only then);
// - required attributes present, in nested objects too; no attribute the class/object does not
//   define, except inside open-ended objects (`unmapped`, `xattributes`, …);
// - values: JSON types per base type, integers safe, timestamp_t in epoch milliseconds, float_t
//   non-integral (an integral number is serialized as a JSON integer, which the official validator
//   rejects for float_t), type ranges / max lengths / values, string subtypes (ip_t via node:net isIP,
//   subnet_t, url_t, hostname_t, file_hash_t by reasonable checks, the rest by the types.json regex,
//   which the official validator only warns about), enum membership, array shapes, json_t and
//   open-ended content being JSON-serializable (no BigInt, undefined, NaN);
// - at_least_one / just_one constraints of classes and objects; observables[].name referencing a
//   defined attribute path; fingerprint values matching the length of MD5/SHA-1/SHA-256/SHA-512;
// - records of an extension class, or using extension attributes/objects, list that extension
//   ({name, uid, version}) in metadata.extensions.
// Warnings (ocsfWarnings): deprecated classes, objects, attributes and enum values, enum siblings whose
// caption does not match (e.g. activity_name; for 99 Other the sibling carries the source value).
// As in the official validator, a null value counts as absent.
import { AssertionError } from 'node:assert';
import { isIP } from 'node:net';
import {
  loadOcsfSchema,
  type OcsfAttribute,
  type OcsfClass,
  type OcsfConstraints,
  type OcsfSchema,
  type OcsfType,
} from '../../lib/ocsf-schema/schema.ts';

export interface OcsfFindings {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** Problems that make `record` invalid OCSF 1.8.0; empty when it conforms. */
export function checkOcsf(record: unknown): string[] {
  return [...inspectOcsf(record).errors];
}

/** What the official validator would only warn about (deprecations, enum sibling captions). */
export function ocsfWarnings(record: unknown): string[] {
  return [...inspectOcsf(record).warnings];
}

export function assertOcsf(record: unknown): void {
  const { errors } = inspectOcsf(record);
  if (errors.length > 0) {
    throw new AssertionError({
      message: `record is not valid OCSF ${loadOcsfSchema().version} (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n  ${errors.join('\n  ')}`,
      actual: record,
      operator: 'assertOcsf',
    });
  }
}

const RECORD_PATH = '(record)';
/** timestamp_t values below this are seconds (or garbage), not milliseconds: 1e11 ms is March 1973. */
const MIN_TIMESTAMP_MS = 1e11;
/** timestamp_t values from here on are microseconds or nanoseconds: 1e14 ms is the year 5138. */
const MAX_TIMESTAMP_MS = 1e14;
const HEX_DIGEST_LENGTH_BY_ALGORITHM_ID: Readonly<Record<number, number>> = { 1: 32, 2: 40, 3: 64, 4: 128 };

interface Walk {
  readonly schema: OcsfSchema;
  readonly profiles: ReadonlySet<string>;
  /** Extensions whose classes, objects or attributes the record uses. */
  readonly extensionsUsed: Set<string>;
  readonly errors: string[];
  readonly warnings: string[];
}

type JsonObject = Record<string, unknown>;

export function inspectOcsf(record: unknown): OcsfFindings {
  const schema = loadOcsfSchema();
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!isJsonObject(record)) {
    errors.push(`${RECORD_PATH}: expected a JSON object, got ${describe(record)}`);
    return { errors, warnings };
  }
  const ocsfClass = findClass(schema, record, errors);
  if (!ocsfClass) return { errors, warnings };

  const walk: Walk = { schema, profiles: listedProfiles(record, ocsfClass, schema, errors), extensionsUsed: new Set(), errors, warnings };
  if (ocsfClass.deprecated) warnings.push(`${RECORD_PATH}: class ${ocsfClass.name} (${ocsfClass.classUid}) is deprecated`);
  if (ocsfClass.extension) walk.extensionsUsed.add(ocsfClass.extension);

  checkAttributes(walk, record, '', ocsfClass.attributes, `class ${ocsfClass.name}`);
  checkConstraints(walk, record, '', ocsfClass.constraints, `class ${ocsfClass.name}`);
  checkClassification(walk, record, ocsfClass);
  checkVersion(walk, record);
  checkObservableNames(walk, record, ocsfClass);
  checkExtensionsListed(walk, record);
  return { errors, warnings };
}

function findClass(schema: OcsfSchema, record: JsonObject, errors: string[]): OcsfClass | undefined {
  const classUid = record.class_uid;
  if (classUid === undefined || classUid === null) {
    errors.push('class_uid: required attribute missing');
    return undefined;
  }
  if (!Number.isSafeInteger(classUid)) {
    errors.push(`class_uid: expected an integer, got ${describe(classUid)}`);
    return undefined;
  }
  const ocsfClass = schema.classesByUid.get(classUid as number);
  if (!ocsfClass) errors.push(`class_uid: no OCSF ${schema.version} class has uid ${String(classUid)}`);
  return ocsfClass;
}

/** The profiles `metadata.profiles` lists (strings only; its type is checked with the other attributes). */
function listedProfiles(record: JsonObject, ocsfClass: OcsfClass, schema: OcsfSchema, errors: string[]): ReadonlySet<string> {
  const metadata = record.metadata;
  const listed = isJsonObject(metadata) ? metadata.profiles : undefined;
  if (!Array.isArray(listed)) return new Set();
  const profiles = new Set<string>();
  listed.forEach((profile, index) => {
    if (typeof profile !== 'string') return;
    profiles.add(profile);
    const path = `metadata.profiles[${index}]`;
    if (!schema.profiles.has(profile)) errors.push(`${path}: unknown profile "${profile}"`);
    else if (!ocsfClass.profiles.includes(profile)) {
      errors.push(`${path}: class ${ocsfClass.name} does not accept profile "${profile}"`);
    }
  });
  return profiles;
}

function isActive(walk: Walk, attribute: OcsfAttribute): boolean {
  return attribute.profiles === null || attribute.profiles.some((profile) => walk.profiles.has(profile));
}

function checkAttributes(
  walk: Walk,
  item: JsonObject,
  parentPath: string,
  attributes: ReadonlyMap<string, OcsfAttribute>,
  owner: string,
): void {
  for (const attribute of attributes.values()) {
    if (!isActive(walk, attribute)) continue;
    const path = join(parentPath, attribute.name);
    const value = item[attribute.name];
    if (value === undefined || value === null) {
      if (attribute.requirement === 'required') walk.errors.push(`${path}: required attribute missing`);
      continue;
    }
    if (attribute.deprecated) walk.warnings.push(`${path}: attribute is deprecated in ${owner}`);
    if (attribute.extension) walk.extensionsUsed.add(attribute.extension);
    checkValue(walk, value, path, attribute);
    if (attribute.enum) checkEnum(walk, item, parentPath, attribute, value);
  }

  for (const key of Object.keys(item)) {
    const attribute = attributes.get(key);
    const path = join(parentPath, key);
    if (!attribute) walk.errors.push(`${path}: unknown attribute (not defined in ${owner})`);
    else if (!isActive(walk, attribute)) {
      const needed = (attribute.profiles ?? []).map((profile) => `"${profile}"`).join(' or ');
      walk.errors.push(`${path}: attribute of profile ${needed}, which metadata.profiles does not list`);
    }
  }
}

function checkValue(walk: Walk, value: unknown, path: string, attribute: OcsfAttribute): void {
  if (!attribute.isArray) {
    if (Array.isArray(value)) walk.errors.push(`${path}: expected a single ${expected(attribute)}, got an array`);
    else checkElement(walk, value, path, attribute);
    return;
  }
  if (!Array.isArray(value)) {
    walk.errors.push(`${path}: expected an array of ${expected(attribute)}, got ${describe(value)}`);
    return;
  }
  value.forEach((element, index) => checkElement(walk, element, `${path}[${index}]`, attribute));
}

function checkElement(walk: Walk, value: unknown, path: string, attribute: OcsfAttribute): void {
  if (attribute.baseType === 'object_t') {
    checkObject(walk, value, path, attribute);
    return;
  }
  const type = walk.schema.types.get(attribute.type);
  if (!type) {
    walk.errors.push(`${path}: schema snapshot defines no type ${attribute.type}`);
    return;
  }
  const problem = primitiveProblem(type, value);
  if (problem) walk.errors.push(`${path}: ${problem}`);
}

function checkObject(walk: Walk, value: unknown, path: string, attribute: OcsfAttribute): void {
  const object = walk.schema.objects.get(attribute.objectType ?? '');
  if (!object) {
    walk.errors.push(`${path}: schema snapshot defines no object ${String(attribute.objectType)}`);
    return;
  }
  if (!isJsonObject(value)) {
    walk.errors.push(`${path}: expected a ${object.name} object, got ${describe(value)}`);
    return;
  }
  if (object.deprecated) walk.warnings.push(`${path}: object ${object.name} is deprecated`);
  if (object.extension) walk.extensionsUsed.add(object.extension);
  if (object.openEnded) {
    const problem = jsonValueProblem(value);
    if (problem) walk.errors.push(`${path}${problem}`);
    return;
  }
  checkAttributes(walk, value, path, object.attributes, `object ${object.name}`);
  checkConstraints(walk, value, path, object.constraints, `object ${object.name}`);
  if (object.name === 'fingerprint') checkFingerprint(walk, value, path);
}

function checkEnum(walk: Walk, item: JsonObject, parentPath: string, attribute: OcsfAttribute, value: unknown): void {
  const values = attribute.enum!;
  const path = join(parentPath, attribute.name);
  // class_uid picked the class, and category_uid / type_uid get their own messages in checkClassification.
  const membershipCheckedElsewhere = parentPath === '' && ['class_uid', 'category_uid', 'type_uid'].includes(attribute.name);
  const sibling = attribute.sibling === undefined ? undefined : item[attribute.sibling];
  const members = attribute.isArray ? (Array.isArray(value) ? value : []) : [value];
  members.forEach((member, index) => {
    const memberPath = attribute.isArray ? `${path}[${index}]` : path;
    const entry = Object.hasOwn(values, String(member)) ? values[String(member)] : undefined;
    if (!entry) {
      if (!membershipCheckedElsewhere) {
        walk.errors.push(`${memberPath}: ${describe(member)} is not a value of the ${attribute.name} enum (${enumKeys(values)})`);
      }
      return;
    }
    if (entry.deprecated) walk.warnings.push(`${memberPath}: enum value ${String(member)} (${entry.caption}) is deprecated`);
    if (attribute.sibling === undefined || sibling === undefined || sibling === null) return;
    const siblingValue = attribute.isArray ? (Array.isArray(sibling) ? sibling[index] : undefined) : sibling;
    const siblingPath = join(parentPath, attribute.sibling) + (attribute.isArray ? `[${index}]` : '');
    // 99 is Other: its sibling carries the source's own value (the official validator applies this to
    // any enum value 99, so also to base_event's type_uid 99).
    if (member === 99) {
      if (siblingValue === entry.caption) {
        walk.warnings.push(`${siblingPath}: "${entry.caption}" for ${memberPath} 99; it should carry the source's own value`);
      }
    } else if (siblingValue !== entry.caption) {
      // The official validator errors on mismatched enum array siblings, but only warns for single values.
      const message = `${siblingPath}: ${describe(siblingValue)} is not the caption of ${memberPath} ${String(member)} ("${entry.caption}")`;
      (attribute.isArray ? walk.errors : walk.warnings).push(message);
    }
  });
}

function checkConstraints(walk: Walk, item: JsonObject, path: string, constraints: OcsfConstraints, owner: string): void {
  const where = path === '' ? RECORD_PATH : path;
  if (constraints.atLeastOne && !constraints.atLeastOne.some((name) => item[name] !== undefined && item[name] !== null)) {
    walk.errors.push(`${where}: ${owner} needs at least one of ${constraints.atLeastOne.join(', ')} (at_least_one)`);
  }
  if (constraints.justOne) {
    // The official validator counts keys, so a null-valued one counts too (undefined ones vanish in JSON).
    const found = constraints.justOne.filter((name) => item[name] !== undefined);
    if (found.length !== 1) {
      walk.errors.push(
        `${where}: ${owner} needs exactly one of ${constraints.justOne.join(', ')} (just_one), got ${found.length === 0 ? 'none' : found.join(', ')}`,
      );
    }
  }
}

function checkClassification(walk: Walk, record: JsonObject, ocsfClass: OcsfClass): void {
  const { category_uid: categoryUid, activity_id: activityId, type_uid: typeUid } = record;
  if (Number.isSafeInteger(categoryUid) && categoryUid !== ocsfClass.categoryUid) {
    walk.errors.push(
      `category_uid: ${String(categoryUid)} does not match class ${ocsfClass.name}, whose category is ${ocsfClass.categoryUid} (${ocsfClass.categoryName})`,
    );
  }
  if (Number.isSafeInteger(activityId) && Number.isSafeInteger(typeUid)) {
    const expectedTypeUid = ocsfClass.classUid * 100 + (activityId as number);
    if (typeUid !== expectedTypeUid) {
      walk.errors.push(
        `type_uid: ${String(typeUid)} should be ${expectedTypeUid} (class_uid ${ocsfClass.classUid} * 100 + activity_id ${String(activityId)})`,
      );
    }
  }
}

function checkVersion(walk: Walk, record: JsonObject): void {
  const metadata = record.metadata;
  if (!isJsonObject(metadata) || typeof metadata.version !== 'string') return;
  if (metadata.version !== walk.schema.version) {
    walk.errors.push(`metadata.version: "${metadata.version}", expected "${walk.schema.version}"`);
  }
}

/** observables[].name must be a dotted path of attributes the class defines (array attributes have no index). */
function checkObservableNames(walk: Walk, record: JsonObject, ocsfClass: OcsfClass): void {
  const observables = record.observables;
  if (!Array.isArray(observables)) return;
  observables.forEach((observable, index) => {
    if (!isJsonObject(observable) || typeof observable.name !== 'string') return;
    if (!resolvesToAttribute(walk, ocsfClass.attributes, observable.name.split('.'))) {
      walk.errors.push(`observables[${index}].name: "${observable.name}" is not an attribute path of class ${ocsfClass.name}`);
    }
  });
}

function resolvesToAttribute(walk: Walk, attributes: ReadonlyMap<string, OcsfAttribute>, keys: readonly string[]): boolean {
  const [key, ...rest] = keys;
  const attribute = key === undefined ? undefined : attributes.get(key);
  if (!attribute || !isActive(walk, attribute)) return false;
  if (rest.length === 0) return true;
  const object = attribute.objectType === undefined ? undefined : walk.schema.objects.get(attribute.objectType);
  return object !== undefined && resolvesToAttribute(walk, object.attributes, rest);
}

function checkExtensionsListed(walk: Walk, record: JsonObject): void {
  const metadata = isJsonObject(record.metadata) ? record.metadata : {};
  const listed = Array.isArray(metadata.extensions) ? metadata.extensions : [];
  for (const name of walk.extensionsUsed) {
    const extension = walk.schema.extensions.get(name);
    if (!extension) continue;
    const uid = String(extension.uid);
    const isListed = listed.some((entry) => isJsonObject(entry) && entry.name === name && entry.uid === uid && entry.version === extension.version);
    if (!isListed) {
      walk.errors.push(
        `metadata.extensions: the record uses the ${name} extension, so it must list {name: "${name}", uid: "${uid}", version: "${extension.version}"}`,
      );
    }
  }
}

function checkFingerprint(walk: Walk, fingerprint: JsonObject, path: string): void {
  const length = HEX_DIGEST_LENGTH_BY_ALGORITHM_ID[fingerprint.algorithm_id as number];
  const value = fingerprint.value;
  if (length === undefined || typeof value !== 'string') return;
  if (!new RegExp(`^[0-9A-Fa-f]{${length}}$`).test(value)) {
    walk.errors.push(`${path}.value: expected ${length} hex digits for algorithm_id ${String(fingerprint.algorithm_id)}, got "${value}"`);
  }
}

// ---- primitive types ----

function primitiveProblem(type: OcsfType, value: unknown): string | undefined {
  switch (type.baseType) {
    case 'boolean_t':
      if (typeof value !== 'boolean') return `expected ${type.name} (boolean), got ${describe(value)}`;
      break;
    case 'integer_t':
    case 'long_t':
      if (!Number.isSafeInteger(value)) return `expected ${type.name} (an integer number), got ${describe(value)}`;
      break;
    case 'float_t':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected ${type.name} (a finite number), got ${describe(value)}`;
      if (Number.isInteger(value)) {
        return `float_t value ${value} is integral: JSON carries it as an integer, which the OCSF validator rejects for ${type.name}`;
      }
      break;
    case 'string_t':
      if (typeof value !== 'string') return `expected ${type.name} (a string), got ${describe(value)}`;
      break;
    case 'json_t': {
      const problem = jsonValueProblem(value);
      return problem ? `json_t value${problem}` : undefined;
    }
    default:
      return `schema snapshot type ${type.name} has unsupported base type ${type.baseType}`;
  }
  if (type.values && !type.values.includes(value)) return `${describe(value)} is not one of the ${type.name} values`;
  if (type.range && ((value as number) < type.range[0] || (value as number) > type.range[1])) {
    return `${String(value)} is outside the ${type.name} range ${type.range[0]}..${type.range[1]}`;
  }
  if (type.name === 'timestamp_t') return timestampProblem(value as number);
  if (typeof value === 'string') return stringProblem(type, value);
  return undefined;
}

function timestampProblem(value: number): string | undefined {
  if (value < MIN_TIMESTAMP_MS) return `timestamp_t must be epoch milliseconds; ${value} looks like seconds (or is before 1973)`;
  if (value >= MAX_TIMESTAMP_MS) return `timestamp_t must be epoch milliseconds; ${value} looks like micro- or nanoseconds`;
  return undefined;
}

function stringProblem(type: OcsfType, value: string): string | undefined {
  if (type.maxLen !== undefined && [...value].length > type.maxLen) {
    return `${type.name} is at most ${type.maxLen} characters, got ${[...value].length}`;
  }
  const valid = STRING_CHECKS[type.name]?.(value) ?? matchesTypeRegex(type, value);
  return valid ? undefined : `${JSON.stringify(value)} is not a valid ${type.name}`;
}

const HOSTNAME_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

const STRING_CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  ip_t: (value) => isIP(value) !== 0,
  subnet_t: (value) => {
    const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
    const version = match ? isIP(match[1]!) : 0;
    return version !== 0 && Number(match![2]) <= (version === 4 ? 32 : 128);
  },
  hostname_t: (value) => {
    const name = value.endsWith('.') ? value.slice(0, -1) : value;
    return name.length > 0 && name.length <= 253 && name.split('.').every((label) => HOSTNAME_LABEL.test(label));
  },
  url_t: (value) => URL.canParse(value),
  file_hash_t: (value) => /^\S+$/.test(value),
  // The schema's uuid_t regex has no anchors; a UUID inside other text is not a UUID.
  uuid_t: (value) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value),
  datetime_t: (value) => /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
};

const compiledRegexes = new Map<string, RegExp>();

function matchesTypeRegex(type: OcsfType, value: string): boolean {
  if (type.regex === undefined) return true;
  let regex = compiledRegexes.get(type.name);
  if (!regex) {
    regex = new RegExp(type.regex);
    compiledRegexes.set(type.name, regex);
  }
  return regex.test(value);
}

// ---- helpers ----

/** Why `value` would not survive JSON.stringify/parse unchanged (as a suffix: ".a.b: problem"), if it would not. */
function jsonValueProblem(value: unknown, path = ''): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path}: ${value} is not a JSON number`;
    case 'object': {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        for (const [index, element] of value.entries()) {
          const problem = jsonValueProblem(element, `${path}[${index}]`);
          if (problem) return problem;
        }
        return undefined;
      }
      if (!isJsonObject(value)) return `${path}: ${describe(value)} is not a plain JSON object`;
      for (const [key, element] of Object.entries(value)) {
        if (element === undefined) continue; // JSON.stringify drops the key
        const problem = jsonValueProblem(element, `${path}.${key}`);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return `${path}: ${describe(value)} is not a JSON value`;
  }
}

function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'number':
      return `number ${value}`;
    case 'bigint':
      return `bigint ${value}n`;
    case 'boolean':
      return `boolean ${value}`;
    case 'object':
      return isJsonObject(value) ? 'an object' : `a ${value.constructor?.name ?? 'non-plain'} instance`;
    default:
      return typeof value;
  }
}

function expected(attribute: OcsfAttribute): string {
  return attribute.baseType === 'object_t' ? `${attribute.objectType} object` : attribute.type;
}

function enumKeys(values: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(values);
  return keys.length <= 20 ? `allowed: ${keys.join(', ')}` : `${keys.length} allowed values`;
}

function join(parentPath: string, name: string): string {
  return parentPath === '' ? name : `${parentPath}.${name}`;
}

/**
 * A record as it leaves the process: through JSON. Mappers leave optional members undefined
 * (`compact`), and JSON.stringify omits them, so tests compare this form.
 */
export function delivered<T>(record: T): T {
  return JSON.parse(JSON.stringify(record)) as T;
}
