import type { AzureSourceConfig } from './blobs/azure-source.ts';

/** Everything one forwarding pass needs; the CLI and the Lambda handler both build it. */
export interface PassOptions {
  readonly source: AzureSourceConfig;
  /** Checkpoints (and the lease): `file://<dir>` or `s3://<bucket>/<prefix>`. */
  readonly stateUri: string;
  /** `file://`, `s3://` or `firehose://`. */
  readonly sinkUri: string;
  /** Default: `dead-letter/` under the state location. */
  readonly deadLetterUri?: string;
  /** Tenants to read; blobs of others are not listed, rows of others inside a read blob are filtered and counted. */
  readonly tenants?: readonly string[];
  /** Tables to read (any casing); all when undefined. */
  readonly tables?: readonly string[];
  /** Backfill: blobs whose hour is in [from, to). Rows still start at their checkpoints. */
  readonly from?: Date;
  readonly to?: Date;
  /** Gzip the objects of a file/S3 sink. */
  readonly gzip?: boolean;
  /**
   * Window mode: list only the open hour and this many hours before it (closed hours keep growing),
   * plus a full sweep every `fullSweepHours`. Undefined: every pass lists every hour, which is what
   * trials and backfills want (the CLI's default); the Lambda uses 48.
   */
  readonly lateWindowHours?: number;
  /**
   * In window mode, how often a pass lists every hour, to catch growth older than the window.
   * @default 24
   */
  readonly fullSweepHours?: number;
  /** Force a full sweep on this pass. */
  readonly fullSweep?: boolean;
  /** Epoch ms by which the pass must have stopped reading and checkpointed. */
  readonly deadline?: number;
  /**
   * Input bytes between two commits (flush the sink, then write checkpoints).
   * @default 32 MiB
   */
  readonly segmentBytes?: number;
  /**
   * Lines longer than this are dead-lettered as `oversized` without being held in memory.
   * @default 4 MiB
   */
  readonly maxLineBytes?: number;
  /** Take the pass lease (one pass at a time); the Lambda always does. */
  readonly lease?: boolean;
  /**
   * Worker threads that parse and normalize rows, so that a pass uses more than one core; the
   * output is the same as without them. 0: every row on the main thread.
   * @default 0
   */
  readonly normalizeWorkers?: number;
}

export const PASS_DEFAULTS = {
  fullSweepHours: 24,
  segmentBytes: 32 * 1024 * 1024,
  maxLineBytes: 4 * 1024 * 1024,
  normalizeWorkers: 0,
} as const;
