import type { BlobServiceClient } from '@azure/storage-blob';
import { appendLines } from '../lambda/demo/azure-seeding.ts';
import { blobNameOf, containerOf, createRowGenerator, generateExport, TABLE_MIX } from '../lambda/demo/export-generator.ts';
import type { SampleLine } from './normalize.ts';

/**
 * The benchmark's data: the seeded export generator's rows (realistic sizes, the table mix of a real
 * tenant, the quirks), written to Azurite the way Defender writes them (append blobs of CRLF lines,
 * appended in blocks of at most 4 MiB).
 */
export const HOUR_MS = 3_600_000;
const LINE_END_BYTES = 2;
/** Rows handed to one `appendLines` call: bounds the memory of seeding a very large blob. */
const ROWS_PER_APPEND = 5_000;
/** Blobs written at once while the next ones are generated. */
const WRITES_IN_FLIGHT = 4;

export interface SeededExport {
  readonly blobs: number;
  readonly rows: number;
  /** Bytes written, line ends included: what a pass reads. */
  readonly bytes: number;
}

type RowGenerator = ReturnType<typeof createRowGenerator>;

const MIX = Object.entries(TABLE_MIX);
const MIX_TOTAL = MIX.reduce((sum, [, weight]) => sum + weight, 0);

/**
 * About `targetBytes` of lines in the table mix, for the normalizer benchmark, in the order a pass
 * meets them: a pass reads one blob after another, each blob one table's, so its lines come in long
 * runs of one table. Here a run is {@link SAMPLE_RUN_BYTES} (the smaller blobs of the end-to-end
 * export hold about 1.7 MB); a table's last lines come as a shorter run at the end.
 */
export function sampleLines(seed: number, tenantId: string, targetBytes: number, start: Date): SampleLine[] {
  const rows = createRowGenerator(seed);
  const lines: SampleLine[] = [];
  const runs = new Map<string, { lines: SampleLine[]; bytes: number }>(MIX.map(([table]) => [table, { lines: [], bytes: 0 }]));
  let bytes = 0;
  // Each table's turn comes in proportion to its weight, so the sample has the mix.
  const credit = new Map(MIX.map(([table]) => [table, 0]));
  for (let i = 0; bytes < targetBytes; i++) {
    let next = MIX[0]![0];
    for (const [table, weight] of MIX) {
      credit.set(table, credit.get(table)! + weight / MIX_TOTAL);
      if (credit.get(table)! > credit.get(next)!) next = table;
    }
    credit.set(next, credit.get(next)! - 1);
    const text = rows.row({ table: next, tenantId, eventTime: new Date(start.getTime() + (i % 3600) * 1000) });
    const lineBytes = Buffer.from(text);
    bytes += lineBytes.length + LINE_END_BYTES;
    const run = runs.get(next)!;
    run.lines.push({ text, bytes: lineBytes, tableKey: next.toLowerCase() });
    run.bytes += lineBytes.length + LINE_END_BYTES;
    if (run.bytes >= SAMPLE_RUN_BYTES) {
      lines.push(...run.lines);
      runs.set(next, { lines: [], bytes: 0 });
    }
  }
  for (const run of runs.values()) lines.push(...run.lines);
  return lines;
}

const SAMPLE_RUN_BYTES = 1_000_000;

/** Mean line size of a table, line end included, over a sample of generated rows. */
function meanLineBytes(seed: number, tenantId: string, table: string, start: Date, sample = 300): number {
  const rows = createRowGenerator(seed);
  let bytes = 0;
  for (let i = 0; i < sample; i++) bytes += Buffer.byteLength(rows.row({ table, tenantId, eventTime: new Date(start.getTime() + i * 1000) })) + LINE_END_BYTES;
  return bytes / sample;
}

/** Runs `tasks` with at most `limit` at once. */
export async function inParallel<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export function total(parts: readonly SeededExport[]): SeededExport {
  return parts.reduce((sum, p) => ({ blobs: sum.blobs + p.blobs, rows: sum.rows + p.rows, bytes: sum.bytes + p.bytes }), { blobs: 0, rows: 0, bytes: 0 });
}

/**
 * A multi-table export of about `targetBytes`: the generator's export (every table of the mix, per
 * tenant and hour), written a few blobs at a time while the next ones are generated.
 */
export async function seedMultiTableExport(
  service: BlobServiceClient,
  spec: { seed: number; tenants: readonly string[]; start: Date; hours: number; targetBytes: number },
): Promise<SeededExport> {
  const bytesPerRow = MIX.reduce((sum, [table, weight]) => sum + (weight / MIX_TOTAL) * meanLineBytes(spec.seed, spec.tenants[0]!, table, spec.start), 0);
  const rowsPerHour = Math.round(spec.targetBytes / bytesPerRow / (spec.tenants.length * spec.hours));
  const writes = new Set<Promise<void>>();
  let seeded: SeededExport = { blobs: 0, rows: 0, bytes: 0 };
  for (const blob of generateExport({ seed: spec.seed, tenants: spec.tenants, start: spec.start, hours: spec.hours, rowsPerHour })) {
    while (writes.size >= WRITES_IN_FLIGHT) await Promise.race(writes);
    const write: Promise<void> = appendLines(service, blob.container, blob.blobName, blob.lines).then((bytes) => {
      seeded = { blobs: seeded.blobs + 1, rows: seeded.rows + blob.lines.length, bytes: seeded.bytes + bytes };
    }).finally(() => writes.delete(write));
    writes.add(write);
  }
  await Promise.all(writes);
  return seeded;
}

/**
 * Appends `count` rows of `table` for one tenant and hour to its export blob, event times spread
 * over the hour after the `firstIndex` rows already there.
 */
export async function appendRows(
  service: BlobServiceClient,
  rows: RowGenerator,
  spec: { table: string; tenantId: string; hour: Date; count: number; firstIndex?: number },
): Promise<SeededExport> {
  const first = spec.firstIndex ?? 0;
  const spacing = HOUR_MS / (first + spec.count);
  let bytes = 0;
  // The next rows are generated while the previous ones are being appended (appends stay in order).
  let appending: Promise<void> = Promise.resolve();
  for (let done = 0; done < spec.count; done += ROWS_PER_APPEND) {
    const lines: string[] = [];
    for (let i = done; i < Math.min(spec.count, done + ROWS_PER_APPEND); i++) {
      lines.push(rows.row({ table: spec.table, tenantId: spec.tenantId, eventTime: new Date(spec.hour.getTime() + Math.floor((first + i + 0.5) * spacing)) }));
    }
    await appending;
    appending = appendLines(service, containerOf(spec.table), blobNameOf(spec.tenantId, spec.hour), lines).then((written) => {
      bytes += written;
    });
  }
  await appending;
  return { blobs: 1, rows: spec.count, bytes };
}

/** One blob of about `targetBytes` (one table, one tenant, one hour). */
export async function seedOneBlob(
  service: BlobServiceClient,
  spec: { seed: number; table: string; tenantId: string; hour: Date; targetBytes: number },
): Promise<SeededExport> {
  const count = Math.ceil(spec.targetBytes / meanLineBytes(spec.seed, spec.tenantId, spec.table, spec.hour));
  return appendRows(service, createRowGenerator(spec.seed), { table: spec.table, tenantId: spec.tenantId, hour: spec.hour, count });
}
