const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A complete line: its bytes without CR/LF, and where it sits in the blob. */
export interface Line {
  readonly bytes: Buffer;
  /** Offset of the line's first byte in the blob. */
  readonly offset: number;
  /** Offset just past the line's terminator: where the next read may start. */
  readonly end: number;
}

/** A line longer than the limit: skipped byte by byte (never held in memory), reported with its start. */
export interface OversizedLine {
  readonly oversized: true;
  readonly offset: number;
  readonly length: number;
  /** The first bytes of the line, for the dead-letter record. */
  readonly head: Buffer;
  readonly end: number;
}

/**
 * Cuts a byte stream into complete lines (LF or CRLF). A partial last line stays in `pending` until
 * its terminator arrives; `consumedUpTo` is the offset after the last complete line, the only
 * place a checkpoint may move to. A UTF-8 BOM at offset 0 is skipped.
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private carryStart: number;
  private position: number;
  private discarding: { offset: number; head: Buffer } | undefined;
  /** A discarded line's CR may end one chunk and its LF start the next. */
  private previousChunkEndedWithCR = false;
  consumedUpTo: number;

  constructor(
    startOffset: number,
    private readonly maxLineBytes: number,
    private readonly headBytes = 64 * 1024,
  ) {
    this.position = startOffset;
    this.carryStart = startOffset;
    this.consumedUpTo = startOffset;
  }

  /** Bytes of a partial line held until it completes. */
  get pendingBytes(): number {
    return this.carryBytes;
  }

  /** Feeds the next bytes of the blob (contiguous with the previous chunk) and returns the lines they complete. */
  push(chunk: Buffer): (Line | OversizedLine)[] {
    const out: (Line | OversizedLine)[] = [];
    let data = chunk;
    if (this.position === 0 && this.carryBytes === 0 && !this.discarding) {
      const skip = bomLength(data);
      if (skip) {
        data = data.subarray(skip);
        this.position = skip;
        this.carryStart = skip;
        this.consumedUpTo = skip;
      }
    }
    const base = this.position;
    this.position += data.length;
    let start = 0;
    let newline = data.indexOf(LF, start);
    while (newline !== -1) {
      const end = base + newline + 1;
      if (this.discarding) {
        const crBefore = newline > 0 ? data[newline - 1] === CR : this.previousChunkEndedWithCR;
        out.push(this.finishOversized(end - 1 - (crBefore ? 1 : 0), end));
      } else {
        let content: Buffer;
        let lineStart: number;
        if (this.carryBytes) {
          const bytes = Buffer.concat([...this.carry, data.subarray(start, newline)]);
          content = bytes.length && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
          lineStart = this.carryStart;
          this.carry = [];
          this.carryBytes = 0;
        } else {
          // One view per line: the CR is left out up front rather than sliced off a second view.
          content = data.subarray(start, newline > start && data[newline - 1] === CR ? newline - 1 : newline);
          lineStart = base + start;
        }
        if (content.length > this.maxLineBytes) {
          out.push({ oversized: true, offset: lineStart, length: content.length, head: Buffer.from(content.subarray(0, this.headBytes)), end });
        } else {
          out.push({ bytes: content, offset: lineStart, end });
        }
      }
      this.consumedUpTo = end;
      start = newline + 1;
      newline = data.indexOf(LF, start);
    }
    if (start < data.length) this.keepPartial(data.subarray(start), base + start);
    this.previousChunkEndedWithCR = data.length > 0 && data[data.length - 1] === CR;
    return out;
  }

  private keepPartial(piece: Buffer, pieceOffset: number): void {
    if (this.discarding) return;
    if (this.carryBytes === 0) this.carryStart = pieceOffset;
    if (this.carryBytes + piece.length > this.maxLineBytes + 1) {
      const head = Buffer.concat([...this.carry, piece]).subarray(0, this.headBytes);
      this.discarding = { offset: this.carryStart, head: Buffer.from(head) };
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    // Copy: the chunk's memory belongs to the reader and may be reused.
    this.carry.push(Buffer.from(piece));
    this.carryBytes += piece.length;
  }

  private finishOversized(terminatorAt: number, end: number): OversizedLine {
    const { offset, head } = this.discarding!;
    this.discarding = undefined;
    return { oversized: true, offset, length: terminatorAt - offset, head, end };
  }
}

function bomLength(data: Buffer): number {
  return data.length >= 3 && data.subarray(0, 3).equals(BOM) ? 3 : 0;
}

export function isOversized(line: Line | OversizedLine): line is OversizedLine {
  return 'oversized' in line;
}
