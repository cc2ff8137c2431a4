import { PARTITION_KEY_NAMES } from '../../lambda/batches/partitioning.ts';
import { ConfigError } from '../../lambda/errors.ts';
import { OCSF_CLASSES } from '../../lambda/ocsf/ocsf-classes.ts';
import type { OcsfAttribute, OcsfClass, OcsfSchema } from '../ocsf-schema/schema.ts';

/** One column of a Glue table, as `AWS::Glue::Table` spells it. */
export interface GlueColumn {
  readonly name: string;
  /** Hive type: `string`, `int`, `bigint`, `double`, `boolean`, `struct<…>` or `array<…>`. */
  readonly type: string;
  readonly comment?: string;
}

/** Glue's limit on one column's type string. */
export const GLUE_MAX_TYPE_LENGTH = 131_072;

const HIVE_SCALARS: Readonly<Record<string, string>> = {
  string_t: 'string',
  integer_t: 'int',
  long_t: 'bigint', // also timestamp_t: epoch milliseconds
  float_t: 'double',
  boolean_t: 'boolean',
  json_t: 'string', // any JSON value; the SerDe hands it over as its JSON text
};

/**
 * The Glue columns of an OCSF class: one per top-level attribute, typed from the schema.
 *
 * Objects become `struct<…>` down to `maxDepth` levels of attribute path (with 3, `actor.process.pid` is
 * typed but `actor.process.file` is a `string`). Deeper objects, open-ended objects (`unmapped`,
 * `xattributes`) and `json_t` values are `string` columns: the OpenX JSON SerDe
 * (`org.openx.data.jsonserde.JsonSerDe`) returns the JSON text of a nested value read into a string
 * column, which Athena's `json_extract_scalar` can query. The cap keeps the type strings (and the
 * CloudFormation template) small; OCSF objects nest deeply and some recursively (`process.parent_process`).
 */
export function glueColumnsOf(schema: OcsfSchema, className: string, maxDepth: number): GlueColumn[] {
  const ocsfClass = schemaClassOf(schema, className);
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new ConfigError(`maxDepth must be a whole number of at least 1; got ${maxDepth}`);
  return [...ocsfClass.attributes.values()].map((attribute) => {
    if ((PARTITION_KEY_NAMES as readonly string[]).includes(attribute.name)) {
      throw new ConfigError(`${className}.${attribute.name} has the name of a partition key; rename the partition key`);
    }
    const type = hiveTypeOf(schema, attribute, 1, maxDepth);
    if (type.length > GLUE_MAX_TYPE_LENGTH) {
      throw new ConfigError(`${className}.${attribute.name}: its type is ${type.length} characters, over Glue's ${GLUE_MAX_TYPE_LENGTH}; lower maxDepth`);
    }
    return { name: attribute.name, type, comment: attribute.caption.slice(0, 255) };
  });
}

/**
 * The schema's class for a class name as the records and partitions spell it. The two differ once:
 * the schema names Event Log Activity `event_log_actvity` (sic), so names are matched through the uid.
 */
export function schemaClassOf(schema: OcsfSchema, className: string): OcsfClass {
  const uid = (OCSF_CLASSES as Readonly<Record<string, { uid: number }>>)[className]?.uid;
  const ocsfClass = schema.classes.get(className) ?? (uid === undefined ? undefined : schema.classesByUid.get(uid));
  if (!ocsfClass) throw new ConfigError(`OCSF ${schema.version} has no class "${className}"`);
  return ocsfClass;
}

/** The Hive type of one attribute found `depth` levels down an attribute path (a top-level attribute is 1). */
export function hiveTypeOf(schema: OcsfSchema, attribute: OcsfAttribute, depth: number, maxDepth: number): string {
  const element = elementTypeOf(schema, attribute, depth, maxDepth);
  return attribute.isArray ? `array<${element}>` : element;
}

function elementTypeOf(schema: OcsfSchema, attribute: OcsfAttribute, depth: number, maxDepth: number): string {
  if (attribute.baseType !== 'object_t') {
    const scalar = HIVE_SCALARS[attribute.baseType];
    if (!scalar) throw new ConfigError(`${attribute.name}: no Hive type for the OCSF base type ${attribute.baseType}`);
    return scalar;
  }
  const object = attribute.objectType ? schema.objects.get(attribute.objectType) : undefined;
  if (!object) throw new ConfigError(`${attribute.name}: OCSF ${schema.version} has no object "${attribute.objectType}"`);
  if (object.openEnded || object.attributes.size === 0 || depth >= maxDepth) return 'string';
  const fields = [...object.attributes.values()].map((field) => `${field.name}:${hiveTypeOf(schema, field, depth + 1, maxDepth)}`);
  return `struct<${fields.join(',')}>`;
}
