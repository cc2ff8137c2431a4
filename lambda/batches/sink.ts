import type { PartitionKeys } from './partitioning.ts';

/** Where a row came from: enough to find it again in the source blob, and to dead-letter it. */
export interface RowSource {
  /** `<container>/<blob name>`. */
  readonly blob: string;
  /** Byte offset of the line's first byte in the blob. */
  readonly offset: number;
  /** Line length in bytes, without its line terminator. */
  readonly length: number;
}

/** One OCSF record, serialized, with the partition it belongs in. */
export interface EncodedRecord {
  /** One JSON object, no trailing newline. */
  readonly json: string;
  readonly partition: PartitionKeys;
  readonly source: RowSource;
  /**
   * The raw line (text, or its UTF-8 bytes, decoded only if needed), kept only so that a record the
   * sink rejects for good can be dead-lettered whole.
   */
  readonly raw: string | Uint8Array;
}

export interface FlushResult {
  /** Records acknowledged by the destination since the previous flush. */
  readonly delivered: number;
  /** Records the sink gave up on for good and handed to the dead-letter store since the previous flush. */
  readonly deadLettered: number;
}

/**
 * A destination for OCSF records. `write` may wait (backpressure); `flush` resolves once every
 * record written so far has been acknowledged (or dead-lettered), and rejects with a
 * `DeliveryError` when some could not be delivered, so callers never checkpoint past them.
 */
export interface Sink {
  readonly uri: string;
  /**
   * True when `flush` takes every record written before it was called at once, before it first
   * waits, so that `write` may go on while it runs: those records belong to the next flush. The
   * pipeline then writes a segment's records during the previous segment's commit instead of
   * holding them on the heap until it has settled.
   */
  readonly acceptsWritesWhileFlushing?: boolean;
  write(record: EncodedRecord): Promise<void>;
  flush(): Promise<FlushResult>;
  close(): Promise<void>;
}
