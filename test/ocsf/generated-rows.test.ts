import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRowGenerator, STREAMED_TABLES } from '../../lambda/demo/export-generator.ts';
import { normalizeRow } from '../../lambda/ocsf/normalize.ts';
import { parseEnvelope } from '../../lambda/rows/envelope.ts';
import { checkOcsf } from '../support/ocsf-conformance.ts';
import { droppedValues } from '../support/nothing-dropped.ts';

const ROWS_PER_TABLE = Number(process.env.GENERATED_ROWS_PER_TABLE ?? 150);

/**
 * A broader net than the hand-written fixtures: seeded generated rows of every table, with the
 * quirks, must all map to valid OCSF with nothing dropped.
 */
describe('generated rows of every table map to valid OCSF 1.8.0 with nothing dropped', () => {
  for (const table of STREAMED_TABLES) {
    test(table, () => {
      const rows = createRowGenerator(2024);
      const problems: string[] = [];
      for (let i = 0; i < ROWS_PER_TABLE; i++) {
        const line = rows.row({ table, tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c', eventTime: new Date(Date.UTC(2026, 10, 20, 10) + i * 7_000) });
        const parsed = parseEnvelope(line, table.toLowerCase());
        assert.ok(parsed.ok, !parsed.ok ? parsed.error : '');
        const { record } = normalizeRow(parsed.row);
        for (const p of checkOcsf(record)) problems.push(`row ${i} (${String(parsed.row.properties.ActionType ?? '')}): ${p}`);
        for (const p of droppedValues(parsed.row.properties, record)) problems.push(`row ${i}: dropped ${p}`);
      }
      assert.deepEqual(problems.slice(0, 15), [], `${problems.length} problems in ${table}`);
    });
  }
});
