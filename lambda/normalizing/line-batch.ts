import type { DeadLetterReason } from '../dead-letter/dead-letter-entry.ts';

/**
 * What a normalize worker gets: the lines of one batch, their bytes side by side in one buffer.
 * When that buffer is a whole ArrayBuffer of its own, posting the batch moves it to the worker,
 * which moves it back with the outcomes (see {@link LineOutcomes.bytes}); any other is copied.
 */
export interface LineBatch {
  readonly id: number;
  /** Line `i` is `bytes[bounds[2i], bounds[2i + 1])`. */
  readonly bytes: Uint8Array;
  readonly bounds: Uint32Array;
  /** The container's table in lower case, which every row's `category` must match. */
  readonly tableKey: string;
}

export const OUTCOME_RECORD = 0;
export const OUTCOME_DEAD_LETTER = 1;
export const OUTCOME_FILTERED = 2;

/**
 * A string of more than 128 KiB goes to V8's large-object space, where each one is a fresh mapping
 * of memory: one string of a whole batch's JSON, built in the worker and rebuilt on the main thread
 * when posted, cost 4 to 5 times as much to join and post as pieces of this size (in UTF-16 code
 * units, so that even a two-byte piece stays in the young generation).
 */
export const JSON_PIECE_CHARS = 32 * 1024;

/** Index into {@link LineOutcomes.strings} for a line that has no such string. */
export const NO_STRING = 0xffffffff;

/** A line that failed, in line order among the batch's failures. */
export interface LineFailure {
  readonly reason: DeadLetterReason;
  readonly error: string;
  readonly table?: string;
  readonly tenantId?: string;
}

/**
 * What a worker sends back for a batch: per-line arrays and one string of every record's JSON,
 * rather than one cloned object per row. Strings repeated across lines (classes, tables, dates) are
 * sent once, in `strings`, and referred to by index.
 */
export interface LineOutcomes {
  readonly id: number;
  /**
   * The batch's {@link LineBatch.bytes}, back from the worker: the raw lines, for dead letters and
   * for records the sink rejects. Copied to the worker instead, the batch cost the main thread the
   * copy into the message and the worker a copy into fresh memory.
   */
  readonly bytes: Uint8Array;
  /** `OUTCOME_*` per line. */
  readonly kinds: Uint8Array;
  /**
   * The records' JSON, in line order, without separators, joined into pieces of at most
   * {@link JSON_PIECE_CHARS} each (longer only for a record that is longer by itself). A record is
   * never split: it lies in the piece its predecessor ends, or starts the next one if it does not
   * fit there.
   */
  readonly json: readonly string[];
  /** Per line: the length (UTF-16 units) of its record's JSON in `json`, 0 for a line without a record. */
  readonly jsonLengths: Uint32Array;
  /** Per line: the record's `time` (epoch ms). */
  readonly times: Float64Array;
  readonly strings: readonly string[];
  /** Per line, indexes into `strings`: the partition keys of a record. */
  readonly classes: Uint32Array;
  readonly tables: Uint32Array;
  readonly dts: Uint32Array;
  /** Per line: the table its envelope names, once it parsed (records, filtered rows, mapping failures). */
  readonly rowTables: Uint32Array;
  /** Per line: 1 when the row's table has no mapper, so it became a `base_event`. */
  readonly unmapped: Uint8Array;
  readonly failures: readonly LineFailure[];
}

/** The outcome buffers, moved (not copied) back to the main thread. */
export function transferablesOf(outcomes: LineOutcomes): ArrayBuffer[] {
  const { bytes, kinds, jsonLengths, times, classes, tables, dts, rowTables, unmapped } = outcomes;
  const moved = [kinds, jsonLengths, times, classes, tables, dts, rowTables, unmapped].map((array) => array.buffer as ArrayBuffer);
  const bytesBuffer = movableBufferOf(bytes);
  return bytesBuffer ? [...moved, bytesBuffer] : moved;
}

/** The ArrayBuffer under `view` when the view covers all of it, so that moving it detaches nothing else. */
export function movableBufferOf(view: Uint8Array): ArrayBuffer | undefined {
  const { buffer } = view;
  return buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength && buffer.byteLength > 0 ? buffer : undefined;
}

/** Joins records' JSON into the pieces of {@link LineOutcomes.json}. */
export class JsonPieceWriter {
  private readonly pieces: string[] = [];
  private piece: string[] = [];
  private pieceChars = 0;

  add(json: string): void {
    if (this.pieceChars > 0 && this.pieceChars + json.length > JSON_PIECE_CHARS) this.close();
    this.piece.push(json);
    this.pieceChars += json.length;
  }

  /** Every piece, the last one included; nothing may be added afterwards. */
  finish(): string[] {
    if (this.pieceChars > 0) this.close();
    return this.pieces;
  }

  private close(): void {
    this.pieces.push(this.piece.join(''));
    this.piece = [];
    this.pieceChars = 0;
  }
}

/** Reads records' JSON back out of the pieces {@link JsonPieceWriter} made, in the order it took them. */
export class JsonPieceReader {
  private piece = 0;
  private position = 0;

  constructor(private readonly pieces: readonly string[]) {}

  /** The next record's JSON, which is `length` UTF-16 units long. */
  next(length: number): string {
    let text = this.pieces[this.piece];
    if (text === undefined || this.position + length > text.length) {
      text = this.pieces[++this.piece];
      this.position = 0;
    }
    if (text === undefined || length > text.length) throw new RangeError(`no record of ${length} characters is left in the batch's JSON`);
    return text.slice(this.position, (this.position += length));
  }
}
