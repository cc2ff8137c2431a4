import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { mapperRegistry } from '../../lambda/ocsf/registry.ts';
import { normalizeRow } from '../../lambda/ocsf/normalize.ts';
import { STREAMED_TABLES } from '../../lambda/ocsf/streamed-tables.ts';
import { parseEnvelope } from '../../lambda/rows/envelope.ts';
import { checkOcsf } from '../support/ocsf-conformance.ts';
import { droppedValues } from '../support/nothing-dropped.ts';

const FIXTURES = new URL('../fixtures/tables/', import.meta.url);
/** `UPDATE_GOLDEN=1` rewrites every golden file from the current mappers; `UPDATE_GOLDEN=TableA,TableB` only those. */
const UPDATE_SET = new Set((process.env.UPDATE_GOLDEN ?? '').split(',').filter(Boolean));
const UPDATE = UPDATE_SET.size > 0;
const updates = (table: string) => UPDATE_SET.has('1') || UPDATE_SET.has(table);

function lines(file: URL): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

describe('every streamed table has a mapper and a fixture pair', () => {
  for (const table of STREAMED_TABLES) {
    test(table, () => {
      assert.ok(mapperRegistry.has(table), `${table} has no mapper in lambda/ocsf/registry.ts`);
      assert.ok(existsSync(new URL(`${table}.input.jsonl`, FIXTURES)), `test/fixtures/tables/${table}.input.jsonl is missing`);
      assert.ok(existsSync(new URL(`${table}.golden.jsonl`, FIXTURES)) || UPDATE, `test/fixtures/tables/${table}.golden.jsonl is missing`);
    });
  }
});

const inputs = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.input.jsonl')).sort() : [];

describe('golden outputs: mapped, valid OCSF 1.8.0, nothing silently dropped', () => {
  for (const file of inputs) {
    const table = file.replace('.input.jsonl', '');
    test(table, () => {
      const rows = lines(new URL(file, FIXTURES));
      const outputs = rows.map((line, i) => {
        const parsed = parseEnvelope(line, table.toLowerCase());
        assert.ok(parsed.ok, `${file}:${i + 1} does not parse: ${!parsed.ok && parsed.error}`);
        return { row: parsed.row, record: normalizeRow(parsed.row).record };
      });
      const goldenFile = new URL(`${table}.golden.jsonl`, FIXTURES);
      if (updates(table)) writeFileSync(goldenFile, outputs.map((o) => JSON.stringify(o.record)).join('\n') + '\n');
      const golden = lines(goldenFile).map((l) => JSON.parse(l));
      assert.equal(golden.length, outputs.length, `${table}: golden has ${golden.length} records for ${outputs.length} rows`);
      outputs.forEach(({ row, record }, i) => {
        const where = `${table} row ${i + 1}`;
        assert.deepEqual(JSON.parse(JSON.stringify(record)), golden[i], `${where} differs from its golden output`);
        assert.deepEqual(checkOcsf(record), [], `${where} is not valid OCSF`);
        assert.deepEqual(droppedValues(row.properties, record), [], `${where} dropped source values`);
        assert.equal(record.metadata.log_name, table);
      });
    });
  }
});
