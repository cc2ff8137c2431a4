/** Stable reason codes, one per way a row can fail. */
export type DeadLetterReason =
  | 'invalid_json'
  | 'invalid_envelope'
  | 'invalid_utf8'
  | 'category_mismatch'
  | 'oversized'
  | 'too_deep'
  | 'mapping_failed'
  | 'record_too_large'
  | 'rejected';

/** One failed row, as one line of a dead-letter object. */
export interface DeadLetterEntry {
  readonly reason: DeadLetterReason;
  readonly error: string;
  /** `<container>/<blob name>`. */
  readonly blob: string;
  /** Byte offset of the line's first byte in the blob. */
  readonly offset: number;
  /** Line length in bytes, without its terminator. */
  readonly length: number;
  /** When it failed (ISO). */
  readonly time: string;
  /** The line as text, when it is valid UTF-8. */
  readonly raw?: string;
  /** The line, base64, when it is not valid UTF-8. */
  readonly rawBase64?: string;
  /** True when `raw` holds only the start of an oversized line; the whole line is at `blob`/`offset`/`length`. */
  readonly rawTruncated?: boolean;
  readonly table?: string;
  readonly tenantId?: string;
}

/** Receives failed rows. `flush` persists everything added so far. */
export interface DeadLetterSink {
  add(entry: DeadLetterEntry): void;
  flush(): Promise<void>;
  readonly uri: string;
}
