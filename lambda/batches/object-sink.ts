import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { mapLimited } from '../concurrency.ts';
import { DeliveryError, errorMessage } from '../errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { ChunkPool } from './chunk-pool.ts';
import { NdjsonBuffer } from './ndjson-buffer.ts';
import { partitionPath } from './partitioning.ts';
import type { EncodedRecord, FlushResult, Sink } from './sink.ts';

const gzipAsync = promisify(gzip);

/** Partition objects written at once: each is a few file operations, mostly waiting. */
export const WRITES_IN_FLIGHT = 8;

/**
 * Writes records into a folder or S3 prefix with the shared layout
 * `class=…/table=…/dt=…/<object>.ndjson[.gz]`, one OCSF record per line. Records are buffered per
 * partition, as bytes, and written on `flush`: an object written is an object acknowledged.
 */
export class ObjectSink implements Sink {
  /** `flush` swaps the buffers before it writes anything. */
  readonly acceptsWritesWhileFlushing = true;
  private buffers = new Map<string, NdjsonBuffer>();
  private buffered = 0;
  private readonly chunks = new ChunkPool();
  private sequence = 0;
  private readonly runId = `${new Date().toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: { readonly gzip: boolean },
  ) {}

  get uri(): string {
    return this.store.uri;
  }

  async write(record: EncodedRecord): Promise<void> {
    const path = partitionPath(record.partition);
    let lines = this.buffers.get(path);
    if (!lines) this.buffers.set(path, (lines = new NdjsonBuffer(this.chunks)));
    lines.append(record.json);
    this.buffered++;
  }

  async flush(): Promise<FlushResult> {
    const buffers = this.buffers;
    const delivered = this.buffered;
    this.buffers = new Map();
    this.buffered = 0;
    const suffix = this.options.gzip ? '.ndjson.gz' : '.ndjson';
    // A few partitions at a time, each one's bytes released once written. No write starts after
    // one has failed, and the flush fails only once the started ones have settled.
    try {
      await mapLimited([...buffers.keys()], WRITES_IN_FLIGHT, async (path) => {
        const chunks = buffers.get(path)!.take();
        buffers.delete(path);
        const body = this.options.gzip ? await gzipAsync(Buffer.concat(chunks)) : chunks;
        await this.store.put(`${path}part-${this.runId}-${String(++this.sequence).padStart(6, '0')}${suffix}`, body);
        this.chunks.release(chunks);
      });
    } catch (error) {
      throw new DeliveryError(`cannot write records to ${this.store.uri}: ${errorMessage(error)}`, { cause: error });
    }
    return { delivered, deadLettered: 0 };
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
