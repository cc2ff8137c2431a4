import { readFile } from 'node:fs/promises';
import { parseStrict } from '../cli.ts';
import { parseEnvelope } from '../rows/envelope.ts';
import { mapWithCoverage, type Coverage } from './coverage.ts';

/**
 * `defender-forwarder coverage [--input rows.jsonl] [--json]`: per table, the share of non-empty
 * source values that land in typed OCSF attributes rather than `unmapped`. Without `--input` it
 * measures a seeded generated export of every table.
 */
export async function coverageCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseStrict(argv, { input: { type: 'string' }, rows: { type: 'string' }, json: { type: 'boolean' } });
  const lines = values.input ? (await readFile(values.input, 'utf8')).split('\n') : await generatedSample(Number(values.rows ?? 200));
  const report = measureCoverage(lines);
  if (values.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  process.stdout.write('table                          class(es)                          rows  typed share\n');
  for (const [table, t] of Object.entries(report).sort(([a], [b]) => a.localeCompare(b))) {
    process.stdout.write(`${table.padEnd(30)} ${t.classes.join(',').padEnd(34)} ${String(t.rows).padStart(5)}  ${(t.typedShare * 100).toFixed(1)}%\n`);
  }
  return 0;
}

export interface TableCoverage {
  rows: number;
  classes: string[];
  typedShare: number;
}

export function measureCoverage(lines: Iterable<string>): Record<string, TableCoverage> {
  const totals = new Map<string, Coverage & { rows: number; classes: Set<string> }>();
  for (const line of lines) {
    if (!line.trim()) continue;
    const parsed = parseEnvelope(line, undefined);
    if (!parsed.ok) continue;
    const { record, coverage } = mapWithCoverage(parsed.row);
    let t = totals.get(parsed.row.table);
    if (!t) totals.set(parsed.row.table, (t = { rows: 0, values: 0, typed: 0, classes: new Set() }));
    t.rows++;
    t.values += coverage.values;
    t.typed += coverage.typed;
    t.classes.add(String(record.class_name));
  }
  const out: Record<string, TableCoverage> = {};
  for (const [table, t] of totals) {
    out[table] = { rows: t.rows, classes: [...t.classes].sort(), typedShare: t.values ? t.typed / t.values : 1 };
  }
  return out;
}

async function generatedSample(rowsPerTable: number): Promise<string[]> {
  const { createRowGenerator, STREAMED_TABLES } = await import('../demo/export-generator.ts');
  const rows = createRowGenerator(42);
  const start = Date.UTC(2026, 10, 20, 10);
  const lines: string[] = [];
  for (const table of STREAMED_TABLES) {
    for (let i = 0; i < rowsPerTable; i++) {
      lines.push(rows.row({ table, tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c', eventTime: new Date(start + i * 1000) }));
    }
  }
  return lines;
}
