import { FIREHOSE_LIMITS, type FirehoseLimits } from './firehose-limits.ts';
import type { EncodedRecord } from './sink.ts';

/**
 * One Firehose record: OCSF objects, each followed by `\n`, which Firehose's JSON multi-record
 * deaggregation splits again before dynamic partitioning. It remembers the EncodedRecords it holds,
 * to count them and to dead-letter them if Firehose rejects the record for good.
 */
export interface PackedRecord {
  readonly data: Buffer;
  readonly objects: readonly EncodedRecord[];
}

export type PackOutcome =
  /** The object was packed; `completed` is the record it closed, when it did not fit there. */
  | { readonly kind: 'packed'; readonly completed?: PackedRecord }
  /** The object alone, with its newline, is larger than a Firehose record may be: it was not packed. */
  | { readonly kind: 'too_large'; readonly bytes: number; readonly limit: number };

const NEWLINE = 0x0a;

/** Packs OCSF objects into Firehose records of at most `maxRecordBytes` and `maxObjectsPerRecord`. */
export class RecordPacker {
  readonly #maxBytes: number;
  readonly #maxObjects: number;
  #objects: EncodedRecord[] = [];
  #bytes = 0;

  constructor(limits: Pick<FirehoseLimits, 'maxRecordBytes' | 'maxObjectsPerRecord'> = FIREHOSE_LIMITS) {
    this.#maxBytes = limits.maxRecordBytes;
    this.#maxObjects = limits.maxObjectsPerRecord;
  }

  /** Objects packed into the record not completed yet. */
  get pendingObjects(): number {
    return this.#objects.length;
  }

  add(record: EncodedRecord): PackOutcome {
    const bytes = Buffer.byteLength(record.json) + 1;
    if (bytes > this.#maxBytes) return { kind: 'too_large', bytes, limit: this.#maxBytes };
    const fits = this.#objects.length < this.#maxObjects && this.#bytes + bytes <= this.#maxBytes;
    const completed = fits ? undefined : this.drain();
    this.#objects.push(record);
    this.#bytes += bytes;
    return completed ? { kind: 'packed', completed } : { kind: 'packed' };
  }

  /** Completes and returns the current record, if it holds any object. */
  drain(): PackedRecord | undefined {
    if (this.#objects.length === 0) return undefined;
    const data = Buffer.allocUnsafe(this.#bytes);
    let offset = 0;
    for (const object of this.#objects) {
      offset += data.write(object.json, offset, 'utf8');
      data[offset++] = NEWLINE;
    }
    const packed: PackedRecord = { data, objects: this.#objects };
    this.#objects = [];
    this.#bytes = 0;
    return packed;
  }
}

/** Packs Firehose records into PutRecordBatch calls of at most `maxRecordsPerCall` and `maxBytesPerCall` data bytes. */
export class BatchPacker {
  readonly #maxRecords: number;
  readonly #maxBytes: number;
  #records: PackedRecord[] = [];
  #bytes = 0;

  constructor(limits: Pick<FirehoseLimits, 'maxRecordsPerCall' | 'maxBytesPerCall'> = FIREHOSE_LIMITS) {
    this.#maxRecords = limits.maxRecordsPerCall;
    this.#maxBytes = limits.maxBytesPerCall;
  }

  /** Adds a record; returns the batch it closed, when it did not fit there. */
  add(record: PackedRecord): PackedRecord[] | undefined {
    const bytes = record.data.byteLength;
    const fits = this.#records.length < this.#maxRecords && this.#bytes + bytes <= this.#maxBytes;
    const completed = fits ? undefined : this.drain();
    this.#records.push(record);
    this.#bytes += bytes;
    return completed;
  }

  /** Completes and returns the current batch, if it holds any record. */
  drain(): PackedRecord[] | undefined {
    if (this.#records.length === 0) return undefined;
    const batch = this.#records;
    this.#records = [];
    this.#bytes = 0;
    return batch;
  }
}
