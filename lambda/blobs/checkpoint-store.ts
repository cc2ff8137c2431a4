import { CheckpointConflictError, PreconditionFailedError, StoreError } from '../errors.ts';
import type { ObjectStore } from '../storage/object-store.ts';

/** How far a blob has been forwarded. */
export interface BlobCheckpoint {
  /** Every byte before this offset was delivered (or dead-lettered) and acknowledged. */
  readonly offset: number;
  /** The blob length this pass examined; a blob still this long has nothing new (even with a partial last line). */
  readonly length: number;
  /** Blob creation time; a different one means the blob was recreated and is read again from byte 0. */
  readonly createdOn: string;
  readonly updatedAt: string;
}

export interface LoadedCheckpoint {
  readonly checkpoint: BlobCheckpoint | undefined;
  /** The stored object's version, to update it conditionally; undefined when none exists yet. */
  readonly version: string | undefined;
}

/**
 * One checkpoint object per blob (`checkpoints/<container>/<blob name>.json`), written with S3
 * conditional writes: `If-None-Match: *` to create, `If-Match: <etag>` to update. Two overlapping
 * passes can never both advance one blob: the second write fails and that pass drops the blob.
 */
export class CheckpointStore {
  /** Blobs known unchanged since a checkpoint this process read or wrote (warm Lambda containers reuse it). */
  private readonly seen = new Map<string, { length: number; createdOn: string }>();

  constructor(private readonly store: ObjectStore) {}

  get uri(): string {
    return this.store.uri;
  }

  /** True when this process already knows the blob has nothing beyond its checkpoint: no read needed. */
  isKnownUnchanged(container: string, name: string, length: number, createdOn: string): boolean {
    const seen = this.seen.get(keyOf(container, name));
    return seen !== undefined && seen.length === length && seen.createdOn === createdOn;
  }

  async load(container: string, name: string): Promise<LoadedCheckpoint> {
    const stored = await this.store.get(keyOf(container, name));
    if (!stored) return { checkpoint: undefined, version: undefined };
    let checkpoint: BlobCheckpoint;
    try {
      checkpoint = JSON.parse(stored.body.toString('utf8')) as BlobCheckpoint;
    } catch (error) {
      throw new StoreError(`checkpoint ${this.store.uri}/${keyOf(container, name)} is not valid JSON`, { cause: error });
    }
    if (!Number.isSafeInteger(checkpoint.offset) || checkpoint.offset < 0) {
      throw new StoreError(`checkpoint ${this.store.uri}/${keyOf(container, name)} has no valid offset`);
    }
    this.remember(container, name, checkpoint);
    return { checkpoint, version: stored.etag };
  }

  /** Writes the checkpoint only if the stored one is still `version`; returns the new version. */
  async save(container: string, name: string, checkpoint: BlobCheckpoint, version: string | undefined): Promise<string> {
    const key = keyOf(container, name);
    try {
      const { etag } = await this.store.put(key, JSON.stringify(checkpoint), version ? { ifMatch: version } : { ifNoneMatch: '*' });
      this.remember(container, name, checkpoint);
      return etag;
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        this.seen.delete(key);
        throw new CheckpointConflictError(`another pass advanced ${container}/${name} first; this pass leaves it to that one`, { cause: error });
      }
      throw error;
    }
  }

  private remember(container: string, name: string, checkpoint: BlobCheckpoint): void {
    this.seen.set(keyOf(container, name), { length: checkpoint.length, createdOn: checkpoint.createdOn });
  }
}

function keyOf(container: string, name: string): string {
  return `checkpoints/${container}/${name}.cursor.json`;
}
