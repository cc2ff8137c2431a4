/**
 * Every error the forwarder raises on purpose. Each carries a stable `code` for logs and
 * metrics and keeps the underlying failure as `cause`.
 */
export class ForwarderError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad options or settings: the message names the option and what was wrong with it. */
export class ConfigError extends ForwarderError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}

/** Azure Storage could not be listed or read (after retries). */
export class SourceError extends ForwarderError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('source', message, options);
  }
}

/** A conditional write lost to a concurrent writer (HTTP 412, or 409 ConditionalRequestConflict). */
export class PreconditionFailedError extends ForwarderError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('precondition_failed', message, options);
  }
}

/** Another pass advanced the same blob first; this pass's rows were delivered but its checkpoint was not written. */
export class CheckpointConflictError extends ForwarderError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('checkpoint_conflict', message, options);
  }
}

/** An object store (file or S3) failed for a reason other than a lost condition. */
export class StoreError extends ForwarderError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store', message, options);
  }
}

/** The sink could not deliver records, even after its retries. Checkpoints stay where they were. */
export class DeliveryError extends ForwarderError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('delivery', message, options);
  }
}

/** A normalize worker thread crashed, exited or failed a batch: the pass stops, and no checkpoint passes the rows it held. */
export class NormalizeWorkerError extends ForwarderError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('normalize_worker', message, options);
  }
}

/** Another pass holds the lease; this one exits without work. */
export class LeaseHeldError extends ForwarderError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('lease_held', message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
