import { isMainThread, parentPort, Worker, workerData, type ResourceLimits } from 'node:worker_threads';
import { errorMessage, NormalizeWorkerError } from '../errors.ts';
import { movableBufferOf, transferablesOf, type LineBatch, type LineOutcomes } from './line-batch.ts';
import { normalizeBatch } from './normalize-batch.ts';

/**
 * Set in a normalize worker's `workerData`. This module is the workers' entry point as well: under
 * tsx it is loaded from its own `.ts` file; in the Lambda bundle `import.meta.url` is the bundle,
 * which loads whole in the worker and reaches this module's guard at the bottom.
 */
const WORKER_MARKER = 'defender-forwarder:normalize-worker';

interface WorkerConfig {
  readonly [WORKER_MARKER]: true;
  /** Lower case; undefined when every tenant is read. */
  readonly tenants: readonly string[] | undefined;
}

type WorkerReply = { readonly outcomes: LineOutcomes } | { readonly id: number; readonly error: string };

export interface NormalizePoolOptions {
  readonly size: number;
  /** Tenants whose rows are kept (any casing); rows of others come back as filtered. */
  readonly tenants?: readonly string[];
  /** Caps each worker's heap (tests use it to make one run out of memory). */
  readonly resourceLimits?: ResourceLimits;
}

interface Waiting {
  resolve(outcomes: LineOutcomes): void;
  reject(error: NormalizeWorkerError): void;
}

interface Lane {
  readonly index: number;
  readonly worker: Worker;
  readonly waiting: Map<number, Waiting>;
}

/**
 * Batches a worker holds before the main thread normalizes the next batch itself: one being worked
 * on and three queued. While the main thread normalizes a batch of its own, it posts nothing and
 * applies no outcomes; with one queued batch the worker often ran dry meanwhile (the 500 MB
 * benchmark pass with one worker: 52.6 MB/s with 2, 57.8 with 4, no gain with 6, at about 25 MB
 * more peak RSS).
 */
export const QUEUED_PER_WORKER = 4;

/**
 * Worker threads that normalize batches of lines. A batch goes to the worker with the fewest batches
 * outstanding, which queues it behind its own; when every worker already holds
 * {@link QUEUED_PER_WORKER}, the calling (main) thread normalizes it at once instead of waiting, so
 * the pass uses every core it has, the main thread's included. Once a worker crashes, exits or fails
 * a batch, every batch it held and every later call rejects with a {@link NormalizeWorkerError};
 * batches the other workers hold still complete.
 */
export class NormalizePool {
  private readonly lanes: Lane[];
  private nextId = 0;
  private failure: NormalizeWorkerError | undefined;
  private closed = false;
  private readonly tenants: ReadonlySet<string> | undefined;
  /** Batches the calling thread normalized itself. */
  normalizedInline = 0;

  constructor(options: NormalizePoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`a normalize pool needs at least one worker; got ${options.size}`);
    const config: WorkerConfig = { [WORKER_MARKER]: true, tenants: options.tenants?.map((t) => t.toLowerCase()) };
    this.tenants = config.tenants ? new Set(config.tenants) : undefined;
    this.lanes = Array.from({ length: options.size }, (_, index) => this.startLane(index, config, options.resourceLimits));
  }

  get size(): number {
    return this.lanes.length;
  }

  normalize(batch: Omit<LineBatch, 'id'>): Promise<LineOutcomes> {
    const outcome = new Promise<LineOutcomes>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (this.closed) return reject(new NormalizeWorkerError('the normalize pool is closed'));
      let lane = this.lanes[0]!;
      for (const candidate of this.lanes) if (candidate.waiting.size < lane.waiting.size) lane = candidate;
      const id = this.nextId++;
      if (lane.waiting.size >= QUEUED_PER_WORKER) return this.normalizeHere({ ...batch, id }, resolve, reject);
      lane.waiting.set(id, { resolve, reject });
      const request: LineBatch = { ...batch, id };
      const bytes = movableBufferOf(request.bytes);
      lane.worker.postMessage(request, bytes ? [bytes] : []);
    });
    // The caller awaits it; a batch dropped because the pass failed elsewhere must not raise an unhandled rejection.
    outcome.catch(() => undefined);
    return outcome;
  }

  private normalizeHere(batch: LineBatch, resolve: (outcomes: LineOutcomes) => void, reject: (error: NormalizeWorkerError) => void): void {
    this.normalizedInline++;
    try {
      resolve(normalizeBatch(batch, this.tenants));
    } catch (error) {
      reject(new NormalizeWorkerError(`the main thread failed batch ${batch.id}: ${errorMessage(error)}`, { cause: error }));
    }
  }

  /** Stops every worker; batches still outstanding reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.lanes.map(async (lane) => {
      await lane.worker.terminate();
      this.rejectWaiting(lane, new NormalizeWorkerError('the normalize pool was closed with batches outstanding'));
    }));
  }

  private startLane(index: number, config: WorkerConfig, resourceLimits: ResourceLimits | undefined): Lane {
    const worker = spawnWorker(config, resourceLimits);
    const lane: Lane = { index, worker, waiting: new Map() };
    worker.on('message', (reply: WorkerReply) => {
      if (!('outcomes' in reply)) return this.fail(lane, `failed batch ${reply.id}: ${reply.error}`, new Error(reply.error));
      const { id } = reply.outcomes;
      const waiting = lane.waiting.get(id);
      lane.waiting.delete(id);
      waiting?.resolve(reply.outcomes);
    });
    worker.on('messageerror', (error) => this.fail(lane, `sent a message that could not be read: ${errorMessage(error)}`, error));
    worker.on('error', (error) => this.fail(lane, `crashed: ${errorMessage(error)}`, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(lane, `exited with code ${code}`, undefined);
    });
    return lane;
  }

  private fail(lane: Lane, what: string, cause: unknown): void {
    if (this.closed) return;
    const error = new NormalizeWorkerError(`normalize worker ${lane.index} ${what}`, { cause });
    this.failure ??= error;
    this.rejectWaiting(lane, error);
  }

  private rejectWaiting(lane: Lane, error: NormalizeWorkerError): void {
    const waiting = [...lane.waiting.values()];
    lane.waiting.clear();
    for (const { reject } of waiting) reject(error);
  }
}

/**
 * A worker's young generation, in MB. V8's default (48 MB here) made each worker cost about 45 MB
 * more RSS at the same speed: a worker's garbage is a batch's rows and records, which die young.
 */
const WORKER_YOUNG_GENERATION_MB = 16;

function spawnWorker(config: WorkerConfig, limits: ResourceLimits | undefined): Worker {
  const resourceLimits: ResourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, ...limits };
  const options = { workerData: config, resourceLimits };
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL(self), options);
  // Node 20 does not apply loader hooks given in execArgv (`--import tsx`) to a worker's entry
  // module, and the CLI registers tsx through its API anyway: register it in the worker first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(self)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

function serveBatches(config: WorkerConfig): void {
  const port = parentPort!;
  const tenants = config.tenants ? new Set(config.tenants) : undefined;
  port.on('message', (batch: LineBatch) => {
    let reply: WorkerReply;
    try {
      reply = { outcomes: normalizeBatch(batch, tenants) };
    } catch (error) {
      port.postMessage({ id: batch.id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies WorkerReply);
      return;
    }
    port.postMessage(reply, transferablesOf(reply.outcomes));
  });
}

function isWorkerConfig(data: unknown): data is WorkerConfig {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[WORKER_MARKER] === true;
}

if (!isMainThread && isWorkerConfig(workerData)) serveBatches(workerData);
