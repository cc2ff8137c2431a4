import assert from 'node:assert/strict';
import type { DeadLetterEntry } from '../../lambda/dead-letter/dead-letter-entry.ts';

/**
 * The at-least-once guarantee, checked from the outside: every row written to the export is in the
 * output or in the dead-letter store, and a row delivered more than once is delivered as the very
 * same record (same `metadata.uid`, same attributes) every time.
 *
 * Rows are matched without trusting the pipeline's own ids: a delivered record by the row's table,
 * tenant and `ReportId` (unique in every export the fault suite writes), a dead-letter entry by the
 * blob and byte offset it names, confirmed against the bytes that were written there.
 */

/** One line the suite wrote into the export. */
export interface SourceRow {
  /** The line as written, without its terminator. */
  readonly line: string | Buffer;
  /** `<container>/<blob name>`. */
  readonly blob: string;
  /** Byte offset of the line's first byte in its blob (in the blob's content at the time it was written). */
  readonly offset: number;
}

export interface InvariantInput {
  /** Every row written, by {@link rowKey} for well-formed rows, by any unique text for broken ones. */
  readonly source: ReadonlyMap<string, SourceRow>;
  /** Every OCSF record the destination holds, copies included (streamed: only each row's first copy is kept, as text). */
  readonly delivered: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>;
  /** Every dead-letter entry, copies included. */
  readonly deadLetters: Iterable<DeadLetterEntry>;
  /** Rows deleted from the export (a blob recreated) possibly before a pass could read them: they may be absent. */
  readonly mayBeAbsent?: ReadonlySet<string>;
  /** Rows a tenant allow-list must filter: neither delivered nor dead-lettered. */
  readonly filtered?: ReadonlySet<string>;
}

export interface InvariantReport {
  /** Source rows, filtered and possibly-absent ones included. */
  rows: number;
  /** Distinct source rows found in the output. */
  delivered: number;
  /** Distinct source rows found in the dead-letter store. */
  deadLettered: number;
  /** Rows expected to be filtered, and absent from both. */
  filtered: number;
  /** Output records beyond the first copy of their row. */
  duplicates: number;
  /** Of those, copies equal to the first: same `metadata.uid` and the same record. */
  duplicatesWithEqualUid: number;
  /** Dead-letter entries beyond the first for their row (a segment re-read after a crash). */
  deadLetterRepeats: number;
  /** Source rows neither delivered nor dead-lettered (nor allowed to be absent, nor filtered). */
  lost: number;
  /** Rows allowed to be absent (deleted from the export) that were indeed absent. */
  absentAsAllowed: number;
  /** Output records that match no source row. */
  unknown: number;
  /** Dead-letter entries that match no line written (e.g. a piece of a line). */
  unknownDeadLetters: number;
  /** Filtered rows that were delivered or dead-lettered anyway. */
  leakedFiltered: number;
  /** Up to 10 keys of each problem, for the failure message. */
  samples: { lost: string[]; differingDuplicates: string[]; unknown: string[]; leakedFiltered: string[] };
}

/** The key of a well-formed row: what its OCSF record carries as `log_name`, `tenant_uid` and `original_event_uid`. */
export function rowKey(table: string, tenantId: string, reportId: string | number): string {
  return `${table}|${tenantId}|${reportId}`;
}

export function recordKey(record: Readonly<Record<string, unknown>>): string | undefined {
  const metadata = record.metadata as Record<string, unknown> | undefined;
  if (!metadata || metadata.original_event_uid === undefined) return undefined;
  return rowKey(String(metadata.log_name), String(metadata.tenant_uid ?? ''), String(metadata.original_event_uid));
}

export async function checkInvariant(input: InvariantInput): Promise<InvariantReport> {
  const mayBeAbsent = input.mayBeAbsent ?? new Set<string>();
  const filtered = input.filtered ?? new Set<string>();
  const report: InvariantReport = {
    rows: input.source.size, delivered: 0, deadLettered: 0, filtered: 0, duplicates: 0, duplicatesWithEqualUid: 0,
    deadLetterRepeats: 0, lost: 0, absentAsAllowed: 0, unknown: 0, unknownDeadLetters: 0, leakedFiltered: 0,
    samples: { lost: [], differingDuplicates: [], unknown: [], leakedFiltered: [] },
  };
  const sample = (list: string[], key: string) => {
    if (list.length < 10) list.push(key);
  };

  const firstCopy = new Map<string, { uid: unknown; text: string }>();
  for await (const record of input.delivered) {
    const key = recordKey(record);
    if (key === undefined || !input.source.has(key)) {
      report.unknown++;
      sample(report.samples.unknown, key ?? `record without original_event_uid: ${JSON.stringify(record).slice(0, 120)}`);
      continue;
    }
    const first = firstCopy.get(key);
    const copy = { uid: uidOf(record), text: JSON.stringify(record) };
    if (!first) {
      firstCopy.set(key, copy);
      continue;
    }
    report.duplicates++;
    if (first.uid !== undefined && first.uid === copy.uid && sameRecord(first.text, copy.text)) report.duplicatesWithEqualUid++;
    else sample(report.samples.differingDuplicates, key);
  }

  const atLocation = new Map<string, string[]>();
  for (const [key, row] of input.source) {
    const at = `${row.blob}@${row.offset}`;
    const keys = atLocation.get(at);
    if (keys) keys.push(key);
    else atLocation.set(at, [key]);
  }
  const deadLettered = new Map<string, number>();
  for (const entry of input.deadLetters) {
    const key = atLocation.get(`${entry.blob}@${entry.offset}`)?.find((k) => sameLine(input.source.get(k)!, entry));
    if (key === undefined) {
      report.unknownDeadLetters++;
      sample(report.samples.unknown, `dead letter ${entry.reason} at ${entry.blob}@${entry.offset}`);
      continue;
    }
    deadLettered.set(key, (deadLettered.get(key) ?? 0) + 1);
  }

  for (const key of input.source.keys()) {
    const isDelivered = firstCopy.has(key);
    const dead = deadLettered.get(key) ?? 0;
    if (isDelivered) report.delivered++;
    if (dead > 0) {
      report.deadLettered++;
      report.deadLetterRepeats += dead - 1;
    }
    if (filtered.has(key)) {
      if (isDelivered || dead > 0) {
        report.leakedFiltered++;
        sample(report.samples.leakedFiltered, key);
      } else report.filtered++;
      continue;
    }
    if (isDelivered || dead > 0) continue;
    if (mayBeAbsent.has(key)) report.absentAsAllowed++;
    else {
      report.lost++;
      sample(report.samples.lost, key);
    }
  }
  return report;
}

/**
 * Fails with the report when a row was lost, a duplicate differs, something unknown appeared, or a
 * filtered row leaked. `allowUnknownDeadLetters` is for a scenario that checks those on its own.
 */
export function assertGuarantee(report: InvariantReport, context = '', options: { allowUnknownDeadLetters?: boolean } = {}): void {
  const where = context ? `${context}: ` : '';
  const summary = JSON.stringify(report);
  assert.equal(report.lost, 0, `${where}rows lost: ${summary}`);
  assert.equal(report.duplicatesWithEqualUid, report.duplicates, `${where}a duplicate differs from its original: ${summary}`);
  assert.equal(report.unknown, 0, `${where}output that matches no source row: ${summary}`);
  if (!options.allowUnknownDeadLetters) assert.equal(report.unknownDeadLetters, 0, `${where}dead letters that match no line written: ${summary}`);
  assert.equal(report.leakedFiltered, 0, `${where}filtered rows were delivered: ${summary}`);
}

/** Equal records, whatever the order of their keys (the same text, almost always). */
function sameRecord(a: string, b: string): boolean {
  return a === b || sortedJson(JSON.parse(a)) === sortedJson(JSON.parse(b));
}

function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object).sort().filter((k) => object[k] !== undefined).map((k) => `${JSON.stringify(k)}:${sortedJson(object[k])}`).join(',')}}`;
}

function uidOf(record: Readonly<Record<string, unknown>>): unknown {
  return (record.metadata as Record<string, unknown> | undefined)?.uid;
}

function sameLine(row: SourceRow, entry: DeadLetterEntry): boolean {
  const written = typeof row.line === 'string' ? Buffer.from(row.line, 'utf8') : row.line;
  if (entry.length !== written.length) return false;
  const kept = entry.rawBase64 !== undefined ? Buffer.from(entry.rawBase64, 'base64') : Buffer.from(entry.raw ?? '', 'utf8');
  return entry.rawTruncated ? written.subarray(0, kept.length).equals(kept) : written.equals(kept);
}
