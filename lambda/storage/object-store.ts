/**
 * The small key/value surface that checkpoints, the lease, the dead-letter store, the replay
 * ledger and the file/S3 sinks are built on. Two implementations: a local folder and S3.
 */
export interface StoredObject {
  readonly body: Buffer;
  /** Opaque version tag; pass it back as `ifMatch` to update only this version. */
  readonly etag: string;
}

export interface WriteCondition {
  /** `'*'`: create only; fails if the key exists. */
  readonly ifNoneMatch?: '*';
  /** Update only if the stored version still has this etag. */
  readonly ifMatch?: string;
}

/**
 * What `put` writes. An array is the object's bytes in pieces, in order: a large body built in
 * pieces (a sink's partition) is written without being copied into one buffer first.
 */
export type ObjectBody = Buffer | string | readonly Buffer[];

export interface ObjectStore {
  /** The location this store writes under, e.g. `file:///tmp/state` or `s3://bucket/prefix`. */
  readonly uri: string;
  get(key: string): Promise<StoredObject | undefined>;
  /** Throws {@link PreconditionFailedError} when the condition does not hold. */
  put(key: string, body: ObjectBody, condition?: WriteCondition): Promise<{ etag: string }>;
  /** Keys (relative to the store) that start with `prefix`, in lexical order. */
  list(prefix: string): AsyncIterable<string>;
  delete(key: string): Promise<void>;
  /** A view of this store whose keys all sit under `prefix`. */
  child(prefix: string): ObjectStore;
}

export function joinKey(prefix: string, key: string): string {
  if (!prefix) return key;
  return prefix.endsWith('/') ? prefix + key : `${prefix}/${key}`;
}
