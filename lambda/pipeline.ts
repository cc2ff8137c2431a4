import { isUtf8 } from 'node:buffer';
import type { ResourceLimits } from 'node:worker_threads';
import type { BlobServiceClient } from '@azure/storage-blob';
import { createBlobServiceClient } from './blobs/azure-source.ts';
import { BlobLister, RequestCounter, windowScope, type ListedBlob, type ListingScope } from './blobs/blob-listing.ts';
import { CheckpointStore, type BlobCheckpoint, type LoadedCheckpoint } from './blobs/checkpoint-store.ts';
import { isOversized, LineSplitter, type Line, type OversizedLine } from './blobs/line-splitter.ts';
import { PassLease } from './blobs/pass-lease.ts';
import { readAhead } from './blobs/read-ahead.ts';
import { DEFAULT_RANGED_READ, readRange } from './blobs/ranged-reader.ts';
import { SweepSchedule } from './blobs/sweep-schedule.ts';
import { openSink } from './batches/open-sink.ts';
import type { EncodedRecord, Sink } from './batches/sink.ts';
import type { DeadLetterEntry, DeadLetterReason } from './dead-letter/dead-letter-entry.ts';
import { DeadLetterStore } from './dead-letter/dead-letter-store.ts';
import { mapLimited } from './concurrency.ts';
import { CheckpointConflictError, ConfigError, errorMessage } from './errors.ts';
import { JsonPieceReader, NO_STRING, OUTCOME_DEAD_LETTER, OUTCOME_FILTERED, type LineOutcomes } from './normalizing/line-batch.ts';
import { normalizeLine } from './normalizing/normalize-line.ts';
import { NormalizePool, QUEUED_PER_WORKER } from './normalizing/normalize-pool.ts';
import { isBlank, packLines, runsOf, type PackedLines } from './normalizing/packed-lines.ts';
import { PASS_DEFAULTS, type PassOptions } from './pass-options.ts';
import { emptySummary, type PassSummary } from './pass-summary.ts';
import { openObjectStore } from './storage/store-uri.ts';
import type { Log } from './telemetry/log.ts';

export interface PassDependencies {
  readonly log: Log;
  /** Injected by tests and the benchmark; built from `options.source` otherwise. */
  readonly service?: BlobServiceClient;
  readonly now?: () => Date;
  /** Caps each normalize worker's heap (tests make one run out of memory with it). */
  readonly workerResourceLimits?: ResourceLimits;
}

const CHECKPOINT_PREFETCH = 16;
/**
 * Blob reads begun at once: the one being read, and the next ones, whose first ranged GETs are in
 * flight meanwhile. Without them every small blob (most tables' hourly blobs are) cost the pass one
 * whole request's wait.
 */
const BLOB_READS_BEGUN = 4;
/** Listings (of a container's tenants, or of a tenant's blobs) in flight at once. */
const LISTINGS_IN_FLIGHT = 16;
/** Source bytes fetched ahead of the rows being processed: one ranged GET's worth. */
const READ_AHEAD_BYTES = DEFAULT_RANGED_READ.rangeBytes;
/** Records (serialized and raw) held while a commit is in flight, before processing waits for it. */
const HELD_BYTES = 16 * 1024 * 1024;
/** Line bytes per batch handed to a normalize worker. */
const WORKER_BATCH_BYTES = 1024 * 1024;

interface TableStats {
  name: string;
  rows: number;
  classes: Record<string, number>;
  newestEventTime?: number;
}

/** A blob to read from `start`, decided from its checkpoint. */
interface BlobRead {
  readonly blob: ListedBlob;
  /** `<container>/<blob name>`. */
  readonly key: string;
  readonly start: number;
  readonly version: string | undefined;
}

/** A blob's read, begun: its first chunk is on its way. */
interface StartedRead {
  readonly read: BlobRead;
  readonly chunks: AsyncGenerator<Buffer>;
  readonly first: Promise<IteratorResult<Buffer>>;
}

/** One item of a pass's reads: a blob's first item has no bytes, so that a blob with nothing in range is still begun. */
interface ReadItem {
  readonly read: BlobRead;
  readonly bytes?: Buffer;
}

/** The blob being forwarded. */
interface BlobForward {
  readonly read: BlobRead;
  readonly pending: PendingCheckpoint;
  readonly splitter: LineSplitter;
  readTo: number;
  /** Set when its checkpoint race was lost: the bytes still read ahead for it are dropped. */
  dropped: boolean;
  /** With normalize workers: the lines read since its last batches were queued, and their bytes (see `consume`). */
  gathered: (Line | OversizedLine)[];
  gatheredBytes: number;
}

interface RowDelivered {
  readonly stats: TableStats;
  readonly klass: string;
  readonly time: number;
}

/** What one commit covers, taken when it starts. */
interface Segment {
  readonly checkpoints: readonly { readonly key: string; readonly entry: PendingCheckpoint; readonly checkpoint: BlobCheckpoint }[];
  readonly rows: readonly RowDelivered[];
}

interface CommitInFlight {
  readonly promise: Promise<void>;
  settled: boolean;
}

/** Output of the next segment, held while the previous segment's commit is in flight. */
type Held = { readonly record: EncodedRecord } | { readonly deadLetter: DeadLetterEntry };

interface PendingCheckpoint {
  readonly blob: ListedBlob;
  version: string | undefined;
  checkpoint: BlobCheckpoint;
}

/** Where a chunk leaves its blob: the checkpoint once every line of it is out, and its bytes for the segment. */
interface ChunkEnd {
  readonly consumedUpTo: number;
  readonly readTo: number;
  readonly bytes: number;
}

/**
 * With normalize workers, what the inline path does at once is queued in read order and applied
 * oldest first, once a batch's outcomes are back: a blob's start, a batch of lines, a chunk's end.
 */
interface Step {
  readonly forward: BlobForward;
  /** A blob's first step: its checkpoint joins the pending ones (what `begin` does inline). */
  readonly begins?: true;
  readonly lines?: PackedLines;
  readonly outcomes?: Promise<LineOutcomes>;
  /** True once it can be applied without waiting for a worker. */
  settled: boolean;
  /** On a chunk's last step. */
  readonly chunkEnd?: ChunkEnd;
}

/**
 * One forwarding pass: list the export blobs in scope, read each one's new complete lines from
 * its checkpoint, parse and normalize every row to OCSF, hand the records to the sink, and, only
 * once the sink has acknowledged them, move the checkpoints. Broken rows go to the dead-letter
 * store; rows of tables without a mapper flow as `base_event`.
 */
export async function runPass(options: PassOptions, deps: PassDependencies): Promise<PassSummary> {
  const workers = options.normalizeWorkers ?? PASS_DEFAULTS.normalizeWorkers;
  if (!Number.isInteger(workers) || workers < 0) throw new ConfigError(`normalizeWorkers: expected a whole number of worker threads, 0 or more; got ${workers}`);
  const started = Date.now();
  const now = deps.now?.() ?? new Date();
  const { log } = deps;
  const summary = emptySummary();
  const requests = new RequestCounter();
  const state = openObjectStore(options.stateUri, '--state');
  const deadLetter = new DeadLetterStore(
    options.deadLetterUri ? openObjectStore(options.deadLetterUri, '--dead-letter') : state.child('dead-letter'),
  );
  const checkpoints = new CheckpointStore(state);
  const sink = openSink(options.sinkUri, { gzip: options.gzip ?? false, deadLetter, log });
  const lease = options.lease ? new PassLease(state, log) : undefined;
  await lease?.acquire();
  let pass: Pass | undefined;
  try {
    const service = deps.service ?? createBlobServiceClient(options.source);
    pass = new Pass(options, log, summary, requests, checkpoints, deadLetter, sink, now, lease, service, deps.workerResourceLimits);
    await pass.run(new BlobLister(service, requests), new SweepSchedule(state, options.fullSweepHours ?? PASS_DEFAULTS.fullSweepHours));
  } finally {
    await pass?.close();
    await lease?.release();
    await sink.close().catch((error) => log.warn('sink did not close cleanly', { error: errorMessage(error) }));
  }
  summary.azureRequests = { list: requests.list, read: requests.read, total: requests.total };
  summary.durationMs = Date.now() - started;
  return summary;
}

class Pass {
  private readonly pending = new Map<string, PendingCheckpoint>();
  private readonly abandoned = new Set<string>();
  private readonly newTables = new Set<string>();
  private readonly tenantAllowList: ReadonlySet<string> | undefined;
  private readonly maxLineBytes: number;
  private readonly segmentBytes: number;
  private bytesSinceCommit = 0;
  private rowsSinceCommit: RowDelivered[] = [];
  /** The previous segment's commit, while the next segment is read (at most one at a time). */
  private committing: CommitInFlight | undefined;
  private held: Held[] = [];
  private heldBytes = 0;
  private readonly tables = new Map<string, TableStats>();
  private readonly normalizeWorkers: number;
  /** Started with the first batch, so a pass with nothing new starts no thread. */
  private pool: NormalizePool | undefined;
  /** Oldest first; see {@link Step}. */
  private readonly steps: Step[] = [];
  private batchesInFlight = 0;
  /** Aborted by {@link close}: ranged GETs still in flight then (begun ahead of a failure or the deadline) are cancelled. */
  private readonly reading = new AbortController();

  constructor(
    private readonly options: PassOptions,
    private readonly log: Log,
    private readonly summary: PassSummary,
    private readonly requests: RequestCounter,
    private readonly checkpoints: CheckpointStore,
    private readonly deadLetter: DeadLetterStore,
    private readonly sink: Sink,
    private readonly now: Date,
    private readonly lease: PassLease | undefined,
    private readonly service: BlobServiceClient,
    private readonly workerResourceLimits: ResourceLimits | undefined,
  ) {
    this.tenantAllowList = options.tenants?.length ? new Set(options.tenants.map((t) => t.toLowerCase())) : undefined;
    this.maxLineBytes = options.maxLineBytes ?? PASS_DEFAULTS.maxLineBytes;
    this.segmentBytes = options.segmentBytes ?? PASS_DEFAULTS.segmentBytes;
    this.normalizeWorkers = options.normalizeWorkers ?? PASS_DEFAULTS.normalizeWorkers;
  }

  /** Cancels the reads still in flight and stops the normalize workers, so that the process can exit. */
  async close(): Promise<void> {
    this.reading.abort();
    await this.pool?.close();
  }

  async run(lister: BlobLister, sweeps: SweepSchedule): Promise<void> {
    const scope = await this.scope(sweeps);
    const blobs = await this.list(lister, scope);
    this.summary.blobsListed = blobs.length;
    let forward: BlobForward | undefined;
    try {
      for await (const item of readAhead(this.reads(blobs), (item) => item.bytes?.length ?? 0, READ_AHEAD_BYTES)) {
        if (forward?.read !== item.read) {
          if (forward) await this.consumeGathered(forward);
          forward = this.begin(item.read);
        }
        if (item.bytes && !forward.dropped) await this.consume(forward, item.bytes);
      }
      if (forward) await this.consumeGathered(forward);
      while (this.steps.length) await this.finishStep();
      await this.settleCommit();
    } catch (error) {
      // Batches not applied are dropped: their rows were not delivered and no checkpoint passes them.
      this.steps.length = 0;
      // A commit left running would flush the sink while runPass closes it.
      await this.committing?.promise.catch(() => undefined);
      throw error;
    }
    await this.commit(this.segment());
    if (this.summary.fullSweep || (this.options.lateWindowHours !== undefined && !this.options.from && !(await sweeps.exists()))) {
      if (!this.summary.stoppedAtDeadline) await sweeps.markDone(this.now);
    }
    this.summary.newTables = [...this.newTables].sort();
    for (const { name, rows, classes, newestEventTime } of this.tables.values()) {
      this.summary.tables[name] = newestEventTime === undefined
        ? { rows, classes }
        : { rows, classes, newestEventTime: new Date(newestEventTime).toISOString(), lagSeconds: Math.max(0, Math.round((Date.now() - newestEventTime) / 1000)) };
    }
  }

  private async scope(sweeps: SweepSchedule): Promise<ListingScope> {
    const tables = this.options.tables?.length ? new Set(this.options.tables.map((t) => t.toLowerCase())) : undefined;
    if (this.options.from || this.options.to) {
      return { tables, tenants: this.tenantAllowList, from: this.options.from, to: this.options.to ?? new Date(8.64e15) };
    }
    const windowHours = this.options.lateWindowHours;
    const sweep =
      windowHours === undefined || this.options.fullSweep === true || !(await sweeps.exists()) || (await sweeps.isDue(this.now));
    this.summary.fullSweep = sweep && windowHours !== undefined;
    if (sweep) return { tables, tenants: this.tenantAllowList, to: new Date(8.64e15) };
    return { tables, tenants: this.tenantAllowList, ...windowScope(this.now, windowHours) };
  }

  /**
   * Listings run a few at a time, every container's tenants and then every tenant's blobs drawn
   * from one queue: a pass over an unchanged account is nothing but listings, and listing table by
   * table made each wait for its tenants one after another. The normalize workers start as soon as
   * a listing finds a blob that may have new bytes, so that they boot while the rest is listed.
   */
  private async list(lister: BlobLister, scope: ListingScope): Promise<ListedBlob[]> {
    const tables = await lister.listTables(scope);
    const tenantsByTable = await mapLimited(tables, LISTINGS_IN_FLIGHT, async (table) => {
      const tenants = await lister.listTenants(table.container);
      return tenants.filter((tenantId) => !scope.tenants || scope.tenants.has(tenantId.toLowerCase())).map((tenantId) => ({ ...table, tenantId }));
    });
    const perTenant = await mapLimited(tenantsByTable.flat(), LISTINGS_IN_FLIGHT, async ({ container, tableKey, tenantId }) => {
      const blobs = await lister.listBlobs(container, tableKey, tenantId, scope);
      if (this.normalizeWorkers && !this.pool && blobs.some((blob) => !this.isKnownUnchanged(blob))) this.startPool();
      return blobs;
    });
    const blobs = perTenant.flat();
    // Oldest hours first across tables: a backfill then keeps few Firehose partitions active at once.
    return blobs.sort((a, b) => a.hour.getTime() - b.hour.getTime() || a.container.localeCompare(b.container) || a.name.localeCompare(b.name));
  }

  /** The normalize workers, started on first use. */
  private startPool(): NormalizePool {
    return (this.pool ??= new NormalizePool({
      size: this.normalizeWorkers,
      tenants: this.tenantAllowList && [...this.tenantAllowList],
      ...(this.workerResourceLimits && { resourceLimits: this.workerResourceLimits }),
    }));
  }

  /** Whether this process's earlier passes left `blob` checkpointed at its listed length: nothing new to read. */
  private isKnownUnchanged(blob: ListedBlob): boolean {
    return this.checkpoints.isKnownUnchanged(blob.container, blob.name, blob.length, blob.createdOn);
  }

  /** Checkpoint reads for the next blobs run ahead of the one being read, so a pass over many blobs is not a queue of S3 GETs. */
  private prefetchCheckpoints(blobs: readonly ListedBlob[], from: number, loads: Map<ListedBlob, Promise<LoadedCheckpoint>>): void {
    for (let j = from; j < Math.min(blobs.length, from + CHECKPOINT_PREFETCH); j++) {
      const blob = blobs[j]!;
      if (loads.has(blob) || this.isKnownUnchanged(blob)) continue;
      const load = this.checkpoints.load(blob.container, blob.name);
      load.catch(() => undefined); // awaited (and its error raised) when its blob's turn comes
      loads.set(blob, load);
    }
  }

  /**
   * The new bytes of every blob in scope, in turn, each blob's run of items starting with one
   * without bytes. Pulled ahead of the rows' processing (see `readAhead`), so ranged GETs are in
   * flight while the current bytes are parsed and delivered; up to {@link BLOB_READS_BEGUN} blobs'
   * reads are begun at once, so the next ones' first GETs are sent before the current blob has been
   * read to its end.
   */
  private async *reads(blobs: readonly ListedBlob[]): AsyncGenerator<ReadItem> {
    const loads = new Map<ListedBlob, Promise<LoadedCheckpoint>>();
    const started: Promise<StartedRead | undefined>[] = [];
    let next = 0;
    try {
      while (next < blobs.length || started.length > 0) {
        if (this.pastDeadline()) {
          this.summary.stoppedAtDeadline = true;
          return;
        }
        while (started.length < BLOB_READS_BEGUN && next < blobs.length) {
          this.prefetchCheckpoints(blobs, next, loads);
          const blob = blobs[next++]!;
          const loaded = loads.get(blob);
          loads.delete(blob);
          if (!loaded) continue;
          const start = this.startRead(blob, loaded);
          start.catch(() => undefined); // raised when its blob's turn comes
          started.push(start);
        }
        const current = await started.shift();
        if (!current) continue;
        const { read, chunks } = current;
        yield { read };
        let readTo = read.start;
        for (let chunk = await current.first; !chunk.done; chunk = await chunks.next()) {
          readTo += chunk.value.length;
          yield { read, bytes: chunk.value };
        }
        if (readTo < read.blob.length && this.pastDeadline()) this.summary.stoppedAtDeadline = true;
      }
    } finally {
      // Reads begun ahead that will not be consumed (the deadline, a failure): their responses are dropped.
      for (const start of started) void start.then((begun) => begun?.chunks.return(undefined), () => undefined);
    }
  }

  /** Plans a blob's read once its checkpoint is loaded and, when it has new bytes, sends its first GET. */
  private async startRead(blob: ListedBlob, loaded: Promise<LoadedCheckpoint>): Promise<StartedRead | undefined> {
    const read = this.planRead(blob, await loaded);
    if (!read) return undefined;
    const options = { ...DEFAULT_RANGED_READ, expectedCreatedOn: blob.creationTimeListed ? blob.createdOn : undefined, abortSignal: this.reading.signal };
    const goOn = () => !this.pastDeadline() && !this.abandoned.has(read.key);
    const chunks = readRange(this.serviceBlob(blob), read.start, blob.length, this.requests, options, goOn);
    const first = chunks.next();
    first.catch(() => undefined); // raised when the blob is read
    return { read, chunks, first };
  }

  /** Where to start reading a blob, or undefined when it has nothing new. */
  private planRead(blob: ListedBlob, { checkpoint, version }: LoadedCheckpoint): BlobRead | undefined {
    let start = checkpoint?.offset ?? 0;
    if (checkpoint) {
      const recreated = checkpoint.createdOn !== blob.createdOn;
      if (recreated || blob.length < checkpoint.offset) {
        this.log.warn('blob was recreated or truncated; reading it again from byte 0', {
          blob: `${blob.container}/${blob.name}`, checkpointOffset: checkpoint.offset, length: blob.length, recreated,
        });
        start = 0;
      } else if (blob.length <= checkpoint.length) {
        return undefined;
      }
    }
    return { blob, key: `${blob.container}/${blob.name}`, start, version };
  }

  private begin(read: BlobRead): BlobForward {
    const { blob, key, start, version } = read;
    const pending: PendingCheckpoint = { blob, version, checkpoint: { offset: start, length: start, createdOn: blob.createdOn, updatedAt: '' } };
    const forward: BlobForward = { read, pending, splitter: new LineSplitter(start, this.maxLineBytes), readTo: start, dropped: false, gathered: [], gatheredBytes: 0 };
    if (this.normalizeWorkers) this.steps.push({ forward, begins: true, settled: true });
    else this.pending.set(key, pending);
    this.summary.blobsRead++;
    return forward;
  }

  private async consume(forward: BlobForward, chunk: Buffer): Promise<void> {
    // Bytes read ahead arrive as resolved promises, so processing never gives the event loop a
    // turn: a commit in flight, a few hundred file or S3 operations, would only progress while the
    // pass waits for it. One turn per chunk (tens of KiB) lets it progress meanwhile.
    if (this.committing && !this.committing.settled) await new Promise((resolve) => setImmediate(resolve));
    if (!this.normalizeWorkers) return this.consumeChunk(forward, chunk);
    // A ranged read arrives in network-sized pieces (tens of KiB): their lines are gathered into
    // batches of about a MiB for the workers, never more than a segment, so that commits come as
    // often as they would inline. Lines, not bytes: copying the pieces together first made every
    // byte one more short-lived buffer on its way to the worker's.
    if (this.isAbandoned(forward)) return;
    for (const line of forward.splitter.push(chunk)) forward.gathered.push(line);
    forward.gatheredBytes += chunk.length;
    if (forward.gatheredBytes >= Math.min(WORKER_BATCH_BYTES, this.segmentBytes)) await this.queueGathered(forward);
  }

  /** The blob's last gathered lines, once it has no more to read. */
  private async consumeGathered(forward: BlobForward): Promise<void> {
    if (forward.gatheredBytes > 0 && !forward.dropped) await this.queueGathered(forward);
  }

  private async queueGathered(forward: BlobForward): Promise<void> {
    if (this.isAbandoned(forward)) return;
    const { gathered: lines, gatheredBytes: bytes } = forward;
    forward.gathered = [];
    forward.gatheredBytes = 0;
    forward.readTo += bytes;
    this.summary.bytesRead += bytes;
    await this.queueLines(forward, lines, { consumedUpTo: forward.splitter.consumedUpTo, readTo: forward.readTo, bytes });
  }

  /** A commit found the blob's checkpoint race lost: the rest of it is left to the pass that won it. */
  private isAbandoned(forward: BlobForward): boolean {
    if (this.abandoned.has(forward.read.key)) forward.dropped = true;
    return forward.dropped;
  }

  private async consumeChunk(forward: BlobForward, chunk: Buffer): Promise<void> {
    const { read: { blob }, splitter } = forward;
    if (this.isAbandoned(forward)) return;
    forward.readTo += chunk.length;
    this.summary.bytesRead += chunk.length;
    const lines = splitter.push(chunk);
    const chunkEnd: ChunkEnd = { consumedUpTo: splitter.consumedUpTo, readTo: forward.readTo, bytes: chunk.length };
    for (const line of lines) await this.handleLine(line, blob);
    await this.endChunk(forward, chunkEnd);
  }

  /** Moves the blob's pending checkpoint past a chunk whose lines are all out, and commits once a segment is full. */
  private async endChunk({ read: { blob, key }, pending }: BlobForward, { consumedUpTo, readTo, bytes }: ChunkEnd): Promise<void> {
    pending.checkpoint = { offset: consumedUpTo, length: readTo, createdOn: blob.createdOn, updatedAt: '' };
    this.bytesSinceCommit += bytes;
    if (this.bytesSinceCommit >= this.segmentBytes) {
      await this.settleCommit();
      this.startCommit();
      this.pending.set(key, pending);
    }
  }

  /**
   * Hands a chunk's lines to the normalize workers, a batch of about {@link WORKER_BATCH_BYTES} at a
   * time, and queues their steps. At most {@link QUEUED_PER_WORKER} batches per worker, plus one the
   * main thread normalizes itself while they are busy, are in flight; beyond that it applies the
   * oldest step first, which is the backpressure on reading.
   */
  private async queueLines(forward: BlobForward, lines: readonly (Line | OversizedLine)[], chunkEnd: ChunkEnd): Promise<void> {
    const runs = runsOf(lines, WORKER_BATCH_BYTES);
    if (runs.length === 0) this.steps.push({ forward, settled: true, chunkEnd });
    for (let r = 0; r < runs.length; r++) {
      while (this.batchesInFlight >= this.normalizeWorkers * QUEUED_PER_WORKER + 1) await this.finishStep();
      const packed = packLines(lines, runs[r]![0], runs[r]![1]);
      const last = r === runs.length - 1;
      if (packed.offsets.length === 0) {
        this.steps.push({ forward, lines: packed, settled: true, ...(last && { chunkEnd }) });
        continue;
      }
      const outcomes = this.startPool().normalize({ bytes: packed.bytes, bounds: packed.bounds, tableKey: forward.read.blob.tableKey });
      const step: Step = { forward, lines: packed, outcomes, settled: false, ...(last && { chunkEnd }) };
      outcomes.then(() => (step.settled = true), () => (step.settled = true));
      this.batchesInFlight++;
      this.steps.push(step);
    }
    while (this.steps[0]?.settled) await this.finishStep();
  }

  /** Applies the oldest step, waiting for its batch's outcomes (a worker's failure fails the pass here). */
  private async finishStep(): Promise<void> {
    const step = this.steps.shift()!;
    if (step.begins) {
      this.pending.set(step.forward.read.key, step.forward.pending);
      return;
    }
    if (step.lines) {
      const outcomes = step.outcomes && (await step.outcomes);
      if (step.outcomes) this.batchesInFlight--;
      await this.applyOutcomes(step.forward, step.lines, outcomes);
    }
    if (step.chunkEnd) await this.endChunk(step.forward, step.chunkEnd);
  }

  /** What `handleLine` does for each line, from a worker's outcomes, in line order. */
  private async applyOutcomes({ read: { blob, key: blobPath } }: BlobForward, lines: PackedLines, outcomes: LineOutcomes | undefined): Promise<void> {
    const { bounds, offsets, oversized } = lines;
    const count = offsets.length;
    let nextOversized = 0;
    const oversizedBefore = (at: number) => {
      while (nextOversized < oversized.length && oversized[nextOversized]!.at === at) this.oversizedRow(oversized[nextOversized++]!.line, blobPath);
    };
    if (!outcomes || count === 0) return oversizedBefore(0);
    const { kinds, json, jsonLengths, times, strings, classes, tables, dts, rowTables, unmapped, failures } = outcomes;
    // The batch's bytes went to the worker and came back with its outcomes.
    const bytes = Buffer.from(outcomes.bytes.buffer, outcomes.bytes.byteOffset, outcomes.bytes.byteLength);
    const stats = this.tableStats(blob.tableKey);
    const recordJson = new JsonPieceReader(json);
    let failure = 0;
    for (let i = 0; i < count; i++) {
      oversizedBefore(i);
      const line = bytes.subarray(bounds[2 * i], bounds[2 * i + 1]);
      const offset = offsets[i]!;
      this.summary.rowsRead++;
      stats.rows++;
      const rowTable = rowTables[i]!;
      if (rowTable !== NO_STRING) stats.name = strings[rowTable]!;
      if (unmapped[i]) this.noteNewTable(strings[rowTable]!);
      const kind = kinds[i];
      if (kind === OUTCOME_FILTERED) {
        this.summary.filtered++;
      } else if (kind === OUTCOME_DEAD_LETTER) {
        const { reason, error, table, tenantId } = failures[failure++]!;
        this.deadLetterRow(reason, error, blobPath, offset, line.length, reason === 'invalid_utf8' ? line : line.toString('utf8'), false, table, tenantId);
      } else {
        const partition = { class: strings[classes[i]!]!, table: strings[tables[i]!]!, dt: strings[dts[i]!]! };
        this.rowsSinceCommit.push({ stats, klass: partition.class, time: times[i]! });
        await this.deliver({ json: recordJson.next(jsonLengths[i]!), partition, source: { blob: blobPath, offset, length: line.length }, raw: line });
      }
    }
    oversizedBefore(count);
  }

  private serviceBlob(blob: ListedBlob) {
    return this.service.getContainerClient(blob.container).getBlobClient(blob.name);
  }

  private async handleLine(line: Line | OversizedLine, blob: ListedBlob): Promise<void> {
    const blobPath = `${blob.container}/${blob.name}`;
    if (isOversized(line)) return this.oversizedRow(line, blobPath);
    const bytes = line.bytes;
    if (isBlank(bytes)) return;
    this.summary.rowsRead++;
    const stats = this.tableStats(blob.tableKey);
    stats.rows++;
    const outcome = normalizeLine(bytes, blob.tableKey, this.tenantAllowList);
    if (outcome.rowTable !== undefined) stats.name = outcome.rowTable;
    if (outcome.kind !== 'filtered' && outcome.mapped === false) this.noteNewTable(outcome.rowTable!);
    if (outcome.kind === 'filtered') {
      this.summary.filtered++;
    } else if (outcome.kind === 'dead_letter') {
      const { reason, error, table, tenantId } = outcome.failure;
      this.deadLetterRow(reason, error, blobPath, line.offset, bytes.length, outcome.text ?? bytes, false, table, tenantId);
    } else {
      const { json, partition, time, text } = outcome;
      this.rowsSinceCommit.push({ stats, klass: partition.class, time });
      await this.deliver({ json, partition, source: { blob: blobPath, offset: line.offset, length: bytes.length }, raw: text });
    }
  }

  private oversizedRow(line: OversizedLine, blobPath: string): void {
    this.summary.rowsRead++;
    this.deadLetterRow('oversized', `line of ${line.length} bytes exceeds the ${this.maxLineBytes}-byte limit`, blobPath, line.offset, line.length, line.head, true);
  }

  private noteNewTable(table: string): void {
    if (this.newTables.has(table)) return;
    this.newTables.add(table);
    this.log.warn('table has no OCSF mapper yet; its rows flow as base_event', { table });
  }

  /**
   * Hands a record to the sink. While the previous segment's commit is in flight, a sink whose
   * flush may overlap writes takes it at once; for any other the record is held until that commit
   * has settled.
   */
  private async deliver(record: EncodedRecord): Promise<void> {
    if (this.committing) {
      const inFlight = !this.committing.settled;
      if (inFlight && this.sink.acceptsWritesWhileFlushing) return this.sink.write(record);
      if (inFlight && this.heldBytes < HELD_BYTES) {
        this.held.push({ record });
        this.heldBytes += record.json.length + record.raw.length;
        return;
      }
      await this.settleCommit();
    }
    await this.sink.write(record);
  }

  private deadLetterRow(
    reason: DeadLetterReason, error: string, blob: string, offset: number, length: number,
    raw: string | Buffer, truncated = false, table?: string, tenantId?: string,
  ): void {
    const entry: DeadLetterEntry = {
      reason, error, blob, offset, length, time: new Date().toISOString(),
      ...(typeof raw === 'string' ? { raw } : isUtf8(raw) ? { raw: raw.toString('utf8') } : { rawBase64: raw.toString('base64') }),
      ...(truncated ? { rawTruncated: true } : {}),
      ...(table ? { table } : {}),
      ...(tenantId ? { tenantId } : {}),
    };
    if (this.committing) {
      this.held.push({ deadLetter: entry });
      this.heldBytes += raw.length;
    } else {
      this.deadLetter.add(entry);
    }
    this.summary.deadLettered++;
  }

  /**
   * Starts committing the segment read so far, and lets reading and processing go on meanwhile:
   * the next segment's dead letters, and its records unless the sink takes writes while it flushes,
   * are held (see `deliver`) until `settleCommit`, so that the commit covers exactly the rows before
   * the checkpoints it moves. The sink's flush is the commit's first step: it has taken the
   * segment's records before any later one is written.
   */
  private startCommit(): void {
    const committing: CommitInFlight = { promise: this.commit(this.segment()), settled: false };
    committing.promise.then(() => (committing.settled = true), () => (committing.settled = true));
    this.committing = committing;
  }

  /** Waits for the commit in flight (its failure fails the pass), then hands what was held to the sink. */
  private async settleCommit(): Promise<void> {
    const committing = this.committing;
    if (!committing) return;
    this.committing = undefined;
    await committing.promise;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const item of held) {
      if ('record' in item) await this.sink.write(item.record);
      else this.deadLetter.add(item.deadLetter);
    }
  }

  /** Takes what the next commit covers: every row handed to the sink so far, and the checkpoints just past them. */
  private segment(): Segment {
    const checkpoints = [...this.pending]
      .filter(([key]) => !this.abandoned.has(key))
      .map(([key, entry]) => ({ key, entry, checkpoint: entry.checkpoint }));
    this.pending.clear();
    const rows = this.rowsSinceCommit;
    this.rowsSinceCommit = [];
    this.bytesSinceCommit = 0;
    return { checkpoints, rows };
  }

  /** Flush the sink and the dead-letter store; only then move the checkpoints of the segment. */
  private async commit({ checkpoints, rows }: Segment): Promise<void> {
    const flushed = await this.sink.flush();
    await this.deadLetter.flush();
    this.summary.recordsDelivered += flushed.delivered;
    this.summary.deadLettered += flushed.deadLettered;
    for (const { stats, klass, time } of rows) {
      stats.classes[klass] = (stats.classes[klass] ?? 0) + 1;
      if (stats.newestEventTime === undefined || time > stats.newestEventTime) stats.newestEventTime = time;
    }
    // Let every save settle before failing, so no write lands after the pass has reported its failure.
    const saves = await Promise.allSettled(checkpoints.map((save) => this.saveCheckpoint(save)));
    const failed = saves.find((save): save is PromiseRejectedResult => save.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async saveCheckpoint({ key, entry, checkpoint }: Segment['checkpoints'][number]): Promise<void> {
    try {
      entry.version = await this.checkpoints.save(entry.blob.container, entry.blob.name, { ...checkpoint, updatedAt: new Date().toISOString() }, entry.version);
    } catch (error) {
      if (!(error instanceof CheckpointConflictError)) throw error;
      this.summary.checkpointConflicts++;
      this.abandoned.add(key);
      this.log.warn('checkpoint race lost to a concurrent pass; rows it also read may repeat, none are lost', { blob: key });
    }
  }

  /** Stats per table, keyed by the container's lower-case table name until a row tells the real casing. */
  private tableStats(tableKey: string): TableStats {
    let stats = this.tables.get(tableKey);
    if (!stats) this.tables.set(tableKey, (stats = { name: tableKey, rows: 0, classes: {} }));
    return stats;
  }

  private pastDeadline(): boolean {
    if (this.lease && !this.lease.held) return true;
    return this.options.deadline !== undefined && Date.now() >= this.options.deadline;
  }
}

