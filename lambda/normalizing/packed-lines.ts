import { isOversized, type Line, type OversizedLine } from '../blobs/line-splitter.ts';

/** A run of a chunk's lines, ready for a worker: the normal lines' bytes copied into one buffer. */
export interface PackedLines {
  /**
   * Line `i` is `bytes[bounds[2i], bounds[2i + 1])`; the buffer's own ArrayBuffer, exactly this long,
   * so that a worker can be handed it (it is detached here until the worker's outcomes bring it back).
   */
  readonly bytes: Buffer;
  readonly bounds: Uint32Array;
  /** Each packed line's offset in its blob. */
  readonly offsets: Float64Array;
  /** Oversized lines stay on the main thread; `at` is the number of packed lines before each. */
  readonly oversized: readonly { readonly at: number; readonly line: OversizedLine }[];
}

/** Cuts a chunk's lines into runs of about `maxBytes` of line bytes, as `[from, to)` index pairs. */
export function runsOf(lines: readonly (Line | OversizedLine)[], maxBytes: number): [number, number][] {
  const runs: [number, number][] = [];
  let from = 0;
  let bytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    bytes += isOversized(line) ? 0 : line.bytes.length;
    if (bytes >= maxBytes) {
      runs.push([from, i + 1]);
      from = i + 1;
      bytes = 0;
    }
  }
  if (from < lines.length) runs.push([from, lines.length]);
  return runs;
}

/** Copies `lines[from, to)` into one buffer; blank lines are left out, as the inline path skips them. */
export function packLines(lines: readonly (Line | OversizedLine)[], from: number, to: number): PackedLines {
  let total = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (!isOversized(line) && !isBlank(line.bytes)) {
      total += line.bytes.length;
      count++;
    }
  }
  // Not a SharedArrayBuffer: V8 copies into shared memory with relaxed atomics, six times slower
  // than this plain copy (and moving the buffer to a worker copies nothing).
  const bytes = Buffer.allocUnsafeSlow(total);
  const bounds = new Uint32Array(2 * count);
  const offsets = new Float64Array(count);
  const oversized: { at: number; line: OversizedLine }[] = [];
  let position = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (isOversized(line)) {
      oversized.push({ at: n, line });
      continue;
    }
    if (isBlank(line.bytes)) continue;
    line.bytes.copy(bytes, position);
    bounds[2 * n] = position;
    position += line.bytes.length;
    bounds[2 * n + 1] = position;
    offsets[n] = line.offset;
    n++;
  }
  return { bytes, bounds, offsets, oversized };
}

/** A line of nothing but spaces, tabs and CRs: not a row at all. */
export function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
