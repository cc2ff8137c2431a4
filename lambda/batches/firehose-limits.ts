/**
 * Amazon Data Firehose service limits the sink packs against (and the test stand-in enforces).
 * JSON multi-record deaggregation splits a record into at most 500 objects; PutRecordBatch takes at
 * most 500 records and 4 MiB of data per call; a record's data is at most 1,000 KiB.
 */
export interface FirehoseLimits {
  /** Largest `Data` of one Firehose record, in bytes. */
  readonly maxRecordBytes: number;
  /** Most JSON objects one record may hold for multi-record deaggregation. */
  readonly maxObjectsPerRecord: number;
  /** Most records in one PutRecordBatch call. */
  readonly maxRecordsPerCall: number;
  /** Most data bytes (sum of the records' `Data`) in one PutRecordBatch call. */
  readonly maxBytesPerCall: number;
}

export const FIREHOSE_LIMITS: FirehoseLimits = {
  maxRecordBytes: 1_000 * 1024,
  maxObjectsPerRecord: 500,
  maxRecordsPerCall: 500,
  maxBytesPerCall: 4 * 1024 * 1024,
};

/** Firehose bills ingestion per record, each rounded up to the next 5 KB. */
export const FIREHOSE_BILLING_INCREMENT_BYTES = 5 * 1024;

/** What Firehose bills for one record of `bytes` data bytes. */
export function billedBytesOf(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / FIREHOSE_BILLING_INCREMENT_BYTES)) * FIREHOSE_BILLING_INCREMENT_BYTES;
}
