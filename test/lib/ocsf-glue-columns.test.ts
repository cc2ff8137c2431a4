import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../lambda/errors.ts';
import { BASE_EVENT_CLASS, classesByTable } from '../../lambda/ocsf/registry.ts';
import { GLUE_MAX_TYPE_LENGTH, glueColumnsOf, schemaClassOf } from '../../lib/athena/ocsf-glue-columns.ts';
import { loadOcsfSchema, type OcsfAttribute } from '../../lib/ocsf-schema/schema.ts';

/** A parsed Hive type, to check the type strings by structure rather than by text. */
type HiveType =
  | { kind: 'scalar'; name: string }
  | { kind: 'array'; element: HiveType }
  | { kind: 'struct'; fields: [string, HiveType][] };

function parseHiveType(text: string): HiveType {
  let at = 0;
  const expect = (token: string) => {
    assert.equal(text.slice(at, at + token.length), token, `expected "${token}" at ${at} in ${text.slice(at, at + 40)}`);
    at += token.length;
  };
  const identifier = () => {
    const match = /^[a-z0-9_]+/.exec(text.slice(at));
    assert.ok(match, `expected a name at ${at}: ${text.slice(at, at + 40)}`);
    at += match[0].length;
    return match[0];
  };
  const parse = (): HiveType => {
    const name = identifier();
    if (name === 'array') {
      expect('<');
      const element = parse();
      expect('>');
      return { kind: 'array', element };
    }
    if (name === 'struct') {
      expect('<');
      const fields: [string, HiveType][] = [];
      do {
        if (fields.length) expect(',');
        const field = identifier();
        expect(':');
        fields.push([field, parse()]);
      } while (text[at] === ',');
      expect('>');
      return { kind: 'struct', fields };
    }
    assert.ok(['string', 'int', 'bigint', 'double', 'boolean'].includes(name), `unexpected Hive type ${name}`);
    return { kind: 'scalar', name };
  };
  const type = parse();
  assert.equal(at, text.length, `trailing text after the type: ${text.slice(at, at + 40)}`);
  return type;
}

const schema = loadOcsfSchema();
const EXPECTED_SCALARS: Record<string, string> = {
  string_t: 'string',
  integer_t: 'int',
  long_t: 'bigint',
  float_t: 'double',
  boolean_t: 'boolean',
  json_t: 'string',
};

/** Walks a parsed type next to the schema attribute it came from, `depth` levels down the path. */
function assertMatchesSchema(attribute: OcsfAttribute, type: HiveType, depth: number, maxDepth: number, path: string): void {
  let element = type;
  if (attribute.isArray) {
    assert.equal(type.kind, 'array', `${path} is an array in OCSF`);
    element = (type as { element: HiveType }).element;
  }
  if (attribute.baseType !== 'object_t') {
    assert.deepEqual(element, { kind: 'scalar', name: EXPECTED_SCALARS[attribute.baseType] }, path);
    return;
  }
  const object = schema.objects.get(attribute.objectType!)!;
  if (object.openEnded || object.attributes.size === 0 || depth >= maxDepth) {
    assert.deepEqual(element, { kind: 'scalar', name: 'string' }, `${path} should hold JSON text`);
    return;
  }
  assert.equal(element.kind, 'struct', `${path} should be a struct`);
  const fields = (element as { fields: [string, HiveType][] }).fields;
  assert.deepEqual(fields.map(([name]) => name), [...object.attributes.keys()], `${path}: struct fields`);
  for (const [name, fieldType] of fields) {
    assertMatchesSchema(object.attributes.get(name)!, fieldType, depth + 1, maxDepth, `${path}.${name}`);
  }
}

const emittedClasses = [...new Set([...classesByTable().values()].flat().concat(BASE_EVENT_CLASS))].sort();

describe('glueColumnsOf', () => {
  for (const className of emittedClasses) {
    test(`${className}: one column per top-level attribute, each typed from the schema`, () => {
      // Prepare
      const ocsfClass = schemaClassOf(schema, className);

      // Act
      const columns = glueColumnsOf(schema, className, 3);

      // Assess
      assert.deepEqual(columns.map((c) => c.name), [...ocsfClass.attributes.keys()]);
      for (const column of columns) {
        assert.ok(column.type.length <= GLUE_MAX_TYPE_LENGTH);
        assertMatchesSchema(ocsfClass.attributes.get(column.name)!, parseHiveType(column.type), 1, 3, column.name);
      }
    });
  }

  test('types the OCSF scalars the way Athena reads them', () => {
    const byName = new Map(glueColumnsOf(schema, 'process_activity', 3).map((c) => [c.name, c.type]));

    assert.equal(byName.get('time'), 'bigint'); // timestamp_t: epoch milliseconds
    assert.equal(byName.get('duration'), 'bigint'); // long_t
    assert.equal(byName.get('activity_id'), 'int');
    assert.equal(byName.get('is_alert'), 'boolean');
    assert.equal(byName.get('message'), 'string');
    assert.equal(byName.get('unmapped'), 'string');
    assert.match(byName.get('observables') ?? '', /^array<struct<.*>>$/);
  });

  test('stops typing objects at the depth cap and keeps deeper ones as JSON text', () => {
    const actor = glueColumnsOf(schema, 'process_activity', 3).find((c) => c.name === 'actor')!;
    const parsed = parseHiveType(actor.type);
    const field = (type: HiveType, name: string) => (type as { fields: [string, HiveType][] }).fields.find(([n]) => n === name)![1];

    const process = field(parsed, 'process');
    assert.equal(process.kind, 'struct');
    assert.deepEqual(field(process, 'pid'), { kind: 'scalar', name: 'int' });
    assert.deepEqual(field(process, 'file'), { kind: 'scalar', name: 'string' });
    assert.deepEqual(field(process, 'parent_process'), { kind: 'scalar', name: 'string' });
  });

  test('with a depth of 1 every object column is a JSON string', () => {
    const columns = glueColumnsOf(schema, 'process_activity', 1);
    const attributes = schema.classes.get('process_activity')!.attributes;

    for (const column of columns) {
      const attribute = attributes.get(column.name)!;
      if (attribute.baseType === 'object_t') assert.equal(column.type, attribute.isArray ? 'array<string>' : 'string', column.name);
    }
  });

  test('rejects a class the schema does not have', () => {
    assert.throws(() => glueColumnsOf(schema, 'no_such_class', 3), ConfigError);
  });

  test('finds Event Log Activity under the name the records use, although the schema spells it event_log_actvity', () => {
    assert.equal(schemaClassOf(schema, 'event_log_activity').classUid, 1008);
    assert.deepEqual(
      glueColumnsOf(schema, 'event_log_activity', 3).map((c) => c.name),
      [...schema.classes.get('event_log_actvity')!.attributes.keys()],
    );
  });
});
