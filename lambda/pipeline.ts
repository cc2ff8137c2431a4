import { isUtf8 } from 'node:buffer';
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
import { partitionKeysOf } from './batches/partitioning.ts';
import type { EncodedRecord, Sink } from './batches/sink.ts';
import type { DeadLetterEntry, DeadLetterReason } from './dead-letter/dead-letter-entry.ts';
import { DeadLetterStore } from './dead-letter/dead-letter-store.ts';
import { mapLimited } from './concurrency.ts';
import { CheckpointConflictError, errorMessage } from './errors.ts';
import { normalizeRow } from './ocsf/normalize.ts';
import { PASS_DEFAULTS, type PassOptions } from './pass-options.ts';
import { emptySummary, type PassSummary } from './pass-summary.ts';
import { parseEnvelope } from './rows/envelope.ts';
import { openObjectStore } from './storage/store-uri.ts';
import type { Log } from './telemetry/log.ts';

export interface PassDependencies {
  readonly log: Log;
  /** Injected by tests and the benchmark; built from `options.source` otherwise. */
  readonly service?: BlobServiceClient;
  readonly now?: () => Date;
}

const CHECKPOINT_PREFETCH = 16;
/** Tables listed at once. */
const LISTINGS_IN_FLIGHT = 8;
/** Source bytes fetched ahead of the rows being processed: one ranged GET's worth. */
const READ_AHEAD_BYTES = DEFAULT_RANGED_READ.rangeBytes;
/** Records (serialized and raw) held while a commit is in flight, before processing waits for it. */
const HELD_BYTES = 16 * 1024 * 1024;

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

/**
 * One forwarding pass: list the export blobs in scope, read each one's new complete lines from
 * its checkpoint, parse and normalize every row to OCSF, hand the records to the sink, and, only
 * once the sink has acknowledged them, move the checkpoints. Broken rows go to the dead-letter
 * store; rows of tables without a mapper flow as `base_event`.
 */
export async function runPass(options: PassOptions, deps: PassDependencies): Promise<PassSummary> {
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
  try {
    const service = deps.service ?? createBlobServiceClient(options.source);
    const pass = new Pass(options, log, summary, requests, checkpoints, deadLetter, sink, now, lease, service);
    await pass.run(new BlobLister(service, requests), new SweepSchedule(state, options.fullSweepHours ?? PASS_DEFAULTS.fullSweepHours));
  } finally {
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
  ) {
    this.tenantAllowList = options.tenants?.length ? new Set(options.tenants.map((t) => t.toLowerCase())) : undefined;
    this.maxLineBytes = options.maxLineBytes ?? PASS_DEFAULTS.maxLineBytes;
    this.segmentBytes = options.segmentBytes ?? PASS_DEFAULTS.segmentBytes;
  }

  async run(lister: BlobLister, sweeps: SweepSchedule): Promise<void> {
    const scope = await this.scope(sweeps);
    const blobs = await this.list(lister, scope);
    this.summary.blobsListed = blobs.length;
    let forward: BlobForward | undefined;
    try {
      for await (const item of readAhead(this.reads(blobs), (item) => item.bytes?.length ?? 0, READ_AHEAD_BYTES)) {
        if (forward?.read !== item.read) forward = this.begin(item.read);
        if (item.bytes && !forward.dropped) await this.consume(forward, item.bytes);
      }
      await this.settleCommit();
    } catch (error) {
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

  /** Tables are listed a few at a time: a pass over an unchanged account is nothing but listings. */
  private async list(lister: BlobLister, scope: ListingScope): Promise<ListedBlob[]> {
    const perTable = await mapLimited(await lister.listTables(scope), LISTINGS_IN_FLIGHT, async ({ container, tableKey }) => {
      const blobs: ListedBlob[] = [];
      for (const tenantId of await lister.listTenants(container)) {
        if (scope.tenants && !scope.tenants.has(tenantId.toLowerCase())) continue;
        blobs.push(...(await lister.listBlobs(container, tableKey, tenantId, scope)));
      }
      return blobs;
    });
    const blobs = perTable.flat();
    // Oldest hours first across tables: a backfill then keeps few Firehose partitions active at once.
    return blobs.sort((a, b) => a.hour.getTime() - b.hour.getTime() || a.container.localeCompare(b.container) || a.name.localeCompare(b.name));
  }

  /** Checkpoint reads for the next blobs run ahead of the one being read, so a pass over many blobs is not a queue of S3 GETs. */
  private prefetchCheckpoints(blobs: readonly ListedBlob[], from: number, loads: Map<ListedBlob, Promise<LoadedCheckpoint>>): void {
    for (let j = from; j < Math.min(blobs.length, from + CHECKPOINT_PREFETCH); j++) {
      const blob = blobs[j]!;
      if (loads.has(blob) || this.checkpoints.isKnownUnchanged(blob.container, blob.name, blob.length, blob.createdOn)) continue;
      const load = this.checkpoints.load(blob.container, blob.name);
      load.catch(() => undefined); // awaited (and its error raised) when its blob's turn comes
      loads.set(blob, load);
    }
  }

  /**
   * The new bytes of every blob in scope, in turn, each blob's run of items starting with one
   * without bytes. Pulled ahead of the rows' processing (see `readAhead`), so ranged GETs, the next
   * blob's first one included, are in flight while the current bytes are parsed and delivered.
   */
  private async *reads(blobs: readonly ListedBlob[]): AsyncGenerator<ReadItem> {
    const loads = new Map<ListedBlob, Promise<LoadedCheckpoint>>();
    for (let i = 0; i < blobs.length; i++) {
      if (this.pastDeadline()) {
        this.summary.stoppedAtDeadline = true;
        return;
      }
      this.prefetchCheckpoints(blobs, i, loads);
      const blob = blobs[i]!;
      const loaded = loads.get(blob);
      loads.delete(blob);
      if (!loaded) continue;
      const read = this.planRead(blob, await loaded);
      if (!read) continue;
      yield { read };
      let readTo = read.start;
      const options = { ...DEFAULT_RANGED_READ, expectedCreatedOn: blob.creationTimeListed ? blob.createdOn : undefined };
      const goOn = () => !this.pastDeadline() && !this.abandoned.has(read.key);
      for await (const bytes of readRange(this.serviceBlob(blob), read.start, blob.length, this.requests, options, goOn)) {
        readTo += bytes.length;
        yield { read, bytes };
      }
      if (readTo < blob.length && this.pastDeadline()) this.summary.stoppedAtDeadline = true;
    }
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
    this.pending.set(key, pending);
    this.summary.blobsRead++;
    return { read, pending, splitter: new LineSplitter(start, this.maxLineBytes), readTo: start, dropped: false };
  }

  private async consume(forward: BlobForward, chunk: Buffer): Promise<void> {
    const { read: { blob, key }, pending, splitter } = forward;
    if (this.abandoned.has(key)) {
      // A commit found the checkpoint race lost: the rest of this blob is left to the pass that won it.
      forward.dropped = true;
      return;
    }
    forward.readTo += chunk.length;
    this.summary.bytesRead += chunk.length;
    this.bytesSinceCommit += chunk.length;
    for (const line of splitter.push(chunk)) await this.handleLine(line, blob);
    pending.checkpoint = { offset: splitter.consumedUpTo, length: forward.readTo, createdOn: blob.createdOn, updatedAt: '' };
    if (this.bytesSinceCommit >= this.segmentBytes) {
      await this.settleCommit();
      this.startCommit();
      this.pending.set(key, pending);
    }
  }

  private serviceBlob(blob: ListedBlob) {
    return this.service.getContainerClient(blob.container).getBlobClient(blob.name);
  }

  private async handleLine(line: Line | OversizedLine, blob: ListedBlob): Promise<void> {
    const blobPath = `${blob.container}/${blob.name}`;
    if (isOversized(line)) {
      this.summary.rowsRead++;
      this.deadLetterRow('oversized', `line of ${line.length} bytes exceeds the ${this.maxLineBytes}-byte limit`, blobPath, line.offset, line.length, line.head, true);
      return;
    }
    const bytes = line.bytes;
    if (isBlank(bytes)) return;
    this.summary.rowsRead++;
    const stats = this.tableStats(blob.tableKey);
    stats.rows++;
    if (!isUtf8(bytes)) {
      this.deadLetterRow('invalid_utf8', 'the line is not valid UTF-8', blobPath, line.offset, bytes.length, bytes);
      return;
    }
    const text = bytes.toString('utf8');
    const parsed = parseEnvelope(text, blob.tableKey, bytes);
    if (!parsed.ok) {
      this.deadLetterRow(parsed.reason, parsed.error, blobPath, line.offset, bytes.length, text, false, parsed.table, parsed.tenantId);
      return;
    }
    const row = parsed.row;
    stats.name = row.table;
    if (this.tenantAllowList && !this.tenantAllowList.has(row.tenantId.toLowerCase())) {
      this.summary.filtered++;
      return;
    }
    let json: string;
    let record;
    try {
      const normalized = normalizeRow(row);
      record = normalized.record;
      if (!normalized.mapped && !this.newTables.has(row.table)) {
        this.newTables.add(row.table);
        this.log.warn('table has no OCSF mapper yet; its rows flow as base_event', { table: row.table });
      }
      json = JSON.stringify(record);
    } catch (error) {
      this.deadLetterRow('mapping_failed', `mapper for ${row.table} failed: ${errorMessage(error)}`, blobPath, line.offset, bytes.length, text, false, row.table, row.tenantId);
      return;
    }
    const partition = partitionKeysOf(record);
    this.rowsSinceCommit.push({ stats, klass: partition.class, time: record.time });
    await this.deliver({ json, partition, source: { blob: blobPath, offset: line.offset, length: bytes.length }, raw: text });
  }

  /** Hands a record to the sink, or, while the previous segment's commit is in flight, holds it until that commit has settled. */
  private async deliver(record: EncodedRecord): Promise<void> {
    if (this.committing) {
      if (!this.committing.settled && this.heldBytes < HELD_BYTES) {
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
   * the next segment's records and dead letters are held (see `deliver`) until `settleCommit`, so
   * the sink and the dead-letter store are never written while they flush, and the commit covers
   * exactly the rows before the checkpoints it moves.
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

function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
