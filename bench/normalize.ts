import { billedBytesOf } from '../lambda/batches/firehose-limits.ts';
import { normalizeRow } from '../lambda/ocsf/normalize.ts';
import { parseEnvelope } from '../lambda/rows/envelope.ts';

/** One export line and the table of the container it would be read from (lower case). */
export interface SampleLine {
  readonly text: string;
  /** The line as the pipeline reads it (UTF-8), which it hands to the envelope parser with the text. */
  readonly bytes: Buffer;
  readonly tableKey: string;
}

export interface NormalizeFigures {
  /** parseEnvelope + normalizeRow + JSON.stringify(record), MB (10^6 bytes) of input lines per second. */
  readonly mbPerSec: number;
  /** JSON.parse + JSON.stringify of the parsed value, over the same lines. */
  readonly floorMbPerSec: number;
  readonly ratio: number;
  /**
   * The ceiling of any mapper: `JSON.parse` of each line plus `JSON.stringify` of its finished OCSF
   * record (built beforehand, so no mapping at all), in MB of input per second, and over the floor.
   * OCSF nests a row's columns in about 23 objects where the row has 2, and JSON.stringify pays per
   * object, so serializing the record alone costs about twice serializing the row.
   */
  readonly ceilingMbPerSec: number;
  readonly ceilingRatio: number;
  readonly lines: number;
  readonly inputMb: number;
  /** Rounds of each measured (after a warm-up); the median round is reported. */
  readonly rounds: number;
  /** OCSF JSON bytes per export line byte. */
  readonly outputPerInput: number;
  /** Mean OCSF record size in bytes. */
  readonly meanRecordBytes: number;
  /**
   * The naive design, one OCSF record per Firehose record: billed bytes (each record rounded up to
   * 5 KB) per byte sent, over these records.
   */
  readonly oneRecordPerEventBilledRatio: number;
}

/** Keeps the work observable, so no part of it can be optimized away. */
let blackhole = 0;

function floorRound(lines: readonly SampleLine[]): void {
  let sum = 0;
  for (const { text } of lines) sum += JSON.stringify(JSON.parse(text)).length;
  blackhole += sum;
}

function realRound(lines: readonly SampleLine[]): void {
  let outputChars = 0;
  for (const { text, bytes, tableKey } of lines) {
    const parsed = parseEnvelope(text, tableKey, bytes);
    if (!parsed.ok) throw new Error(`the benchmark's generated line was refused (${parsed.reason}: ${parsed.error}): ${text.slice(0, 200)}`);
    outputChars += JSON.stringify(normalizeRow(parsed.row).record).length;
  }
  blackhole += outputChars;
}

function ceilingRound(lines: readonly SampleLine[], records: readonly unknown[]): void {
  let sum = 0;
  for (let i = 0; i < lines.length; i++) sum += (JSON.parse(lines[i]!.text) === null ? 0 : 1) + JSON.stringify(records[i]).length;
  blackhole += sum;
}

function timed(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The JSON floor alone, in MB/s of input: the median of `rounds` rounds over `lines`. The end-to-end
 * section measures it around every pass, since this machine's speed drifts by a third within
 * minutes, and a pass is only comparable with a floor measured at the same speed.
 */
export function measureFloor(lines: readonly SampleLine[], rounds = 3): number {
  const inputMb = inputBytesOf(lines) / 1e6;
  return median(Array.from({ length: rounds }, () => inputMb / timed(() => floorRound(lines))));
}

/** The lines' size in bytes of UTF-8, as the pipeline reads them. */
function inputBytesOf(lines: readonly SampleLine[]): number {
  return lines.reduce((sum, line) => sum + line.bytes.length, 0);
}

/**
 * Normalizer throughput against the JSON floor, on the same lines in the same process. The two
 * alternate round by round, so drift (GC, CPU frequency, a neighbour) hits both alike.
 */
export function benchNormalize(lines: readonly SampleLine[], rounds = 7): NormalizeFigures {
  const inputBytes = inputBytesOf(lines);
  const inputMb = inputBytes / 1e6;
  // Warm-up: both paths reach their optimized code before anything is timed.
  floorRound(lines);
  realRound(lines);
  const { outputBytes, naiveBilled } = outputSizes(lines);
  const floor: number[] = [];
  const real: number[] = [];
  for (let i = 0; i < rounds; i++) {
    floor.push(inputMb / timed(() => floorRound(lines)));
    real.push(inputMb / timed(() => realRound(lines)));
  }
  // The ceiling's finished records are built only now: held during the rounds above, they would
  // make every garbage collection of the real path mark them too.
  const records = finishedRecords(lines);
  ceilingRound(lines, records);
  const ceilingFloor: number[] = [];
  const ceiling: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ceilingFloor.push(inputMb / timed(() => floorRound(lines)));
    ceiling.push(inputMb / timed(() => ceilingRound(lines, records)));
  }
  const mbPerSec = median(real);
  const floorMbPerSec = median(floor);
  const ceilingMbPerSec = median(ceiling);
  const ceilingFloorMbPerSec = median(ceilingFloor);
  return {
    mbPerSec,
    floorMbPerSec,
    ratio: mbPerSec / floorMbPerSec,
    ceilingMbPerSec,
    ceilingRatio: ceilingMbPerSec / ceilingFloorMbPerSec,
    lines: lines.length,
    inputMb,
    rounds,
    outputPerInput: outputBytes / inputBytes,
    meanRecordBytes: outputBytes / lines.length,
    oneRecordPerEventBilledRatio: naiveBilled / outputBytes,
  };
}

function finishedRecords(lines: readonly SampleLine[]): unknown[] {
  return lines.map(({ text, bytes, tableKey }) => {
    const parsed = parseEnvelope(text, tableKey, bytes);
    return parsed.ok ? normalizeRow(parsed.row).record : null;
  });
}

function outputSizes(lines: readonly SampleLine[]): { outputBytes: number; naiveBilled: number } {
  let outputBytes = 0;
  let naiveBilled = 0;
  for (const { text, tableKey } of lines) {
    const parsed = parseEnvelope(text, tableKey);
    if (!parsed.ok) continue;
    const bytes = Buffer.byteLength(JSON.stringify(normalizeRow(parsed.row).record));
    outputBytes += bytes;
    naiveBilled += billedBytesOf(bytes);
  }
  return { outputBytes, naiveBilled };
}
