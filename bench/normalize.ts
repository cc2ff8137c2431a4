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
 * Normalizer throughput against the JSON floor, on the same lines in the same process. The two
 * alternate round by round, so drift (GC, CPU frequency, a neighbour) hits both alike.
 */
export function benchNormalize(lines: readonly SampleLine[], rounds = 7): NormalizeFigures {
  const inputBytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line.text), 0);
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
  const mbPerSec = median(real);
  const floorMbPerSec = median(floor);
  return {
    mbPerSec,
    floorMbPerSec,
    ratio: mbPerSec / floorMbPerSec,
    lines: lines.length,
    inputMb,
    rounds,
    outputPerInput: outputBytes / inputBytes,
    meanRecordBytes: outputBytes / lines.length,
    oneRecordPerEventBilledRatio: naiveBilled / outputBytes,
  };
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
