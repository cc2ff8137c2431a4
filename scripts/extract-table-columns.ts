// Regenerates lambda/demo/table-columns.json from the reference schema in ../shared, so the demo
// generator (and anything else in the repo) carries the column lists without the shared folder.
// Run: node --import tsx scripts/extract-table-columns.ts [path/to/defender-tables.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ReferenceColumn {
  name: string;
  type: string;
}

interface ReferenceTable {
  streamed: boolean;
  container: string;
  notes?: string;
  columns: ReferenceColumn[];
}

/**
 * Columns the reference lists but real exports do not carry as top-level keys:
 * - a doc row the notes call "not a top-level column" (DeviceProcessEvents' `LogonID` lives inside AdditionalFields);
 * - columns the notes say the Streaming API does not stream (EmailEvents' `LatestDelivery*`).
 */
function columnsMissingFromExports(table: ReferenceTable): Set<string> {
  const notes = table.notes ?? '';
  const missing = new Set<string>();
  const nested = /Doc row '(\w+)'.*not a (?:separate )?top-level column/.exec(notes);
  if (nested) missing.add(nested[1]!);
  const notStreamed = /^(?:Docs: )?([\w/]+) (?:is|are) not available in the Streaming API/.exec(notes);
  if (notStreamed) for (const column of notStreamed[1]!.split('/')) missing.add(column);
  return missing;
}

const source = process.argv[2] ?? fileURLToPath(new URL('../../shared/reference/defender-tables.json', import.meta.url));
const reference = JSON.parse(readFileSync(source, 'utf8')) as { tables: Record<string, ReferenceTable> };

const out: Record<string, { streamed: boolean; container: string; columns: ReferenceColumn[] }> = {};
for (const [name, table] of Object.entries(reference.tables)) {
  const missing = columnsMissingFromExports(table);
  for (const column of missing) {
    if (!table.columns.some((c) => c.name === column)) throw new Error(`${name}: the notes name ${column}, which is not a column`);
  }
  out[name] = {
    streamed: table.streamed,
    container: table.container,
    columns: table.columns.filter((c) => !missing.has(c.name)).map((c) => ({ name: c.name, type: c.type })),
  };
  if (missing.size > 0) console.log(`${name}: left out ${[...missing].join(', ')}`);
}

const target = new URL('../lambda/demo/table-columns.json', import.meta.url);
// One table per block and one column per line: compact, and diffs stay readable.
const body = Object.entries(out)
  .map(([name, table]) => [
    `  ${JSON.stringify(name)}: {`,
    `    "streamed": ${table.streamed}, "container": ${JSON.stringify(table.container)},`,
    `    "columns": [`,
    table.columns.map((c) => `      ${JSON.stringify(c)}`).join(',\n'),
    `    ]`,
    `  }`,
  ].join('\n'))
  .join(',\n');
writeFileSync(target, `{\n${body}\n}\n`);
console.log(`wrote ${Object.keys(out).length} tables to ${fileURLToPath(target)}`);
