import { FirehoseClient, PutRecordBatchCommand, type PutRecordBatchCommandOutput } from '@aws-sdk/client-firehose';
import type { DeadLetterEntry, DeadLetterSink } from '../dead-letter/dead-letter-entry.ts';
import { ConfigError, DeliveryError, errorMessage } from '../errors.ts';
import { billedBytesOf } from './firehose-limits.ts';
import { BatchPacker, RecordPacker, type PackedRecord } from './record-packer.ts';
import {
  errorCodeOf,
  isRetryableCallError,
  isRetryableRecordError,
  isThrottlingError,
  waitBeforeRetry,
} from './retry.ts';
import type { EncodedRecord, FlushResult, Sink } from './sink.ts';

/** Where the sink reports what it gives up on. Powertools' Logger and `console` both fit. */
export interface FirehoseSinkLog {
  warn(message: string, details: Record<string, unknown>): void;
}

export interface FirehoseSinkOptions {
  /** The delivery stream's name. */
  readonly streamName: string;
  /**
   * Defaults to a client the sink creates, and destroys on `close()`: region and endpoint from the
   * SDK's standard environment (`AWS_REGION`, `AWS_ENDPOINT_URL_FIREHOSE`), SDK retries off (see
   * the class comment), a 30 s request timeout.
   * A client passed in is left open; if it retries on its own, its retries are not counted in `stats`.
   */
  readonly client?: FirehoseClient;
  /** Receives objects that are too large for a Firehose record, or that Firehose rejects for good. */
  readonly deadLetter: DeadLetterSink;
  /** PutRecordBatch calls in flight at once; `write` waits while this many are. Default 4. */
  readonly maxInFlightCalls?: number;
  /** Sends of one record, the first included, before the sink gives up on it. Default 8. */
  readonly maxAttempts?: number;
  /** Backoff before the n-th resend is a random wait below min(maxDelayMs, baseDelayMs * 2^(n-1)). Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Default 5,000 ms. */
  readonly maxDelayMs?: number;
  readonly log?: FirehoseSinkLog;
}

/** Counters since the sink was created, for telemetry and the benchmark. */
export interface FirehoseSinkStats {
  /** PutRecordBatch calls made, retries included. */
  calls: number;
  /** Firehose records accepted (each counted once, however many sends it took). */
  firehoseRecords: number;
  /** OCSF objects inside the accepted records. */
  objects: number;
  /** Data bytes of the accepted records. */
  bytesSent: number;
  /** What Firehose bills for the accepted records: each rounded up to 5 KB (5,120 bytes). */
  billedBytes: number;
  /** Calls repeated after a failure: whole-call failures and resends of per-record failures. */
  retries: number;
  /** Whole calls refused with a throttling error (ServiceUnavailableException, 429, 503...). */
  throttles: number;
  /** Records a PutRecordBatch response reported failed (`ErrorCode` set). */
  failedPuts: number;
}

interface Failure {
  readonly code: string;
  readonly message: string;
  readonly attempts: number;
  readonly cause: unknown;
}

const DEFAULTS = { maxInFlightCalls: 4, maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5_000 } as const;

/** A call that hangs this long is abandoned and retried like a network failure (by default the SDK only logs a warning). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Delivers OCSF records through Amazon Data Firehose (`firehose://<stream>`). Objects are packed
 * newline-delimited, many per Firehose record, since Firehose bills each record as at least 5 KB
 * and its JSON multi-record deaggregation splits them again before dynamic partitioning.
 *
 * Retries are the sink's own: the default client has SDK retries off (`maxAttempts: 1`), so that
 * whole-call failures (throttling, 5xx, network) and per-record failures share one attempt budget,
 * one backoff (exponential, full jitter) and one set of counters, with no retry counted twice or
 * multiplied by the SDK's. Only the records a response reports failed are sent again.
 *
 * Once some records cannot be delivered (retries exhausted, or a non-retryable error such as
 * ResourceNotFoundException), the sink fails for good: `write` and `flush` reject with a
 * `DeliveryError` and nothing undelivered is ever reported delivered.
 */
export class FirehoseSink implements Sink {
  readonly uri: string;
  readonly #streamName: string;
  readonly #client: FirehoseClient;
  readonly #ownsClient: boolean;
  readonly #deadLetter: DeadLetterSink;
  readonly #maxInFlightCalls: number;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #log: FirehoseSinkLog | undefined;

  readonly #records = new RecordPacker();
  readonly #batches = new BatchPacker();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stats: FirehoseSinkStats = {
    calls: 0, firehoseRecords: 0, objects: 0, bytesSent: 0, billedBytes: 0, retries: 0, throttles: 0, failedPuts: 0,
  };
  #delivered = 0;
  #deadLettered = 0;
  #failure: Failure | undefined;
  #failureReported = false;
  #undeliveredObjects = 0;
  #undeliveredRecords = 0;

  constructor(options: FirehoseSinkOptions) {
    if (!options.streamName) throw new ConfigError('FirehoseSink: streamName must not be empty');
    this.#streamName = options.streamName;
    this.uri = `firehose://${options.streamName}`;
    this.#ownsClient = options.client === undefined;
    this.#client = options.client ?? new FirehoseClient({
      maxAttempts: 1,
      requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
    });
    this.#deadLetter = options.deadLetter;
    this.#maxInFlightCalls = positiveInteger('maxInFlightCalls', options.maxInFlightCalls ?? DEFAULTS.maxInFlightCalls);
    this.#maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? DEFAULTS.maxAttempts);
    this.#baseDelayMs = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
    this.#maxDelayMs = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
    this.#log = options.log;
  }

  get stats(): Readonly<FirehoseSinkStats> {
    return { ...this.#stats };
  }

  async write(record: EncodedRecord): Promise<void> {
    if (this.#failure) throw this.#deliveryError();
    const outcome = this.#records.add(record);
    if (outcome.kind === 'too_large') {
      this.#deadLetterObject(
        record,
        'record_too_large',
        `OCSF record is ${outcome.bytes} bytes with its newline delimiter, over Firehose's record limit of ${outcome.limit} bytes`,
      );
      return;
    }
    if (outcome.completed) await this.#addToBatch(outcome.completed);
  }

  async flush(): Promise<FlushResult> {
    const lastRecord = this.#records.drain();
    if (lastRecord) await this.#addToBatch(lastRecord);
    const lastBatch = this.#batches.drain();
    if (lastBatch) await this.#send(lastBatch);
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
    if (this.#failure) {
      this.#failureReported = true;
      throw this.#deliveryError();
    }
    const result = { delivered: this.#delivered, deadLettered: this.#deadLettered };
    this.#delivered = 0;
    this.#deadLettered = 0;
    return result;
  }

  /** Flushes, then destroys the client if the sink created it. A failure `flush` already reported is not raised again. */
  async close(): Promise<void> {
    try {
      if (!this.#failureReported) await this.flush();
    } finally {
      if (this.#ownsClient) this.#client.destroy();
    }
  }

  async #addToBatch(record: PackedRecord): Promise<void> {
    const completed = this.#batches.add(record);
    if (completed) await this.#send(completed);
  }

  /** Starts a PutRecordBatch call, first waiting while `maxInFlightCalls` are in flight. */
  async #send(batch: PackedRecord[]): Promise<void> {
    while (this.#inFlight.size >= this.#maxInFlightCalls) await Promise.race(this.#inFlight);
    if (this.#failure) {
      this.#countUndelivered(batch);
      return;
    }
    const call: Promise<void> = this.#deliver(batch)
      .catch((error: unknown) => this.#fail(batch, errorCodeOf(error), errorMessage(error), 1, error))
      .finally(() => this.#inFlight.delete(call));
    this.#inFlight.add(call);
  }

  /** Sends `batch` until every record is accepted, dead-lettered, or given up on. Never rejects on a delivery failure. */
  async #deliver(batch: PackedRecord[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      let response: PutRecordBatchCommandOutput;
      try {
        this.#stats.calls++;
        response = await this.#client.send(
          new PutRecordBatchCommand({
            DeliveryStreamName: this.#streamName,
            Records: pending.map((record) => ({ Data: record.data })),
          }),
        );
      } catch (error) {
        if (isThrottlingError(error)) this.#stats.throttles++;
        if (!isRetryableCallError(error) || attempt >= this.#maxAttempts) {
          this.#fail(pending, errorCodeOf(error), errorMessage(error), attempt, error);
          return;
        }
        if (!(await this.#backOff(attempt, pending))) return;
        continue;
      }
      const failed = this.#settle(pending, response);
      if (failed.records.length === 0) return;
      if (attempt >= this.#maxAttempts) {
        this.#fail(failed.records, failed.code, failed.message, attempt, undefined);
        return;
      }
      if (!(await this.#backOff(attempt, failed.records))) return;
      pending = failed.records;
    }
  }

  /** Waits before resending; false when the sink failed meanwhile, so `pending` is not sent again. */
  async #backOff(attempt: number, pending: PackedRecord[]): Promise<boolean> {
    await waitBeforeRetry(attempt, this.#baseDelayMs, this.#maxDelayMs);
    if (this.#failure) {
      this.#countUndelivered(pending);
      return false;
    }
    this.#stats.retries++;
    return true;
  }

  /** Counts accepted records, dead-letters rejected ones, and returns those worth sending again. */
  #settle(
    pending: PackedRecord[],
    response: PutRecordBatchCommandOutput,
  ): { records: PackedRecord[]; code: string; message: string } {
    const entries = response.RequestResponses;
    if (!entries || entries.length !== pending.length) {
      // Without one entry per record there is no telling which were accepted.
      if ((response.FailedPutCount ?? 0) === 0) {
        for (const record of pending) this.#countAccepted(record);
        return { records: [], code: '', message: '' };
      }
      this.#stats.failedPuts += pending.length;
      return { records: pending, code: 'MalformedResponse', message: `${entries?.length ?? 0} entries for ${pending.length} records` };
    }
    const retry: PackedRecord[] = [];
    let code = '';
    let message = '';
    entries.forEach((entry, i) => {
      const record = pending[i]!;
      if (!entry.ErrorCode) {
        this.#countAccepted(record);
        return;
      }
      this.#stats.failedPuts++;
      if (isRetryableRecordError(entry.ErrorCode)) {
        retry.push(record);
        code = entry.ErrorCode;
        message = entry.ErrorMessage ?? '';
        return;
      }
      this.#log?.warn('Firehose rejected a record; dead-lettering its objects', {
        stream: this.#streamName, errorCode: entry.ErrorCode, errorMessage: entry.ErrorMessage, objects: record.objects.length,
      });
      for (const object of record.objects) {
        this.#deadLetterObject(object, 'rejected', `Firehose rejected the record: ${entry.ErrorCode}: ${entry.ErrorMessage ?? ''}`);
      }
    });
    return { records: retry, code, message };
  }

  #countAccepted(record: PackedRecord): void {
    const bytes = record.data.byteLength;
    this.#stats.firehoseRecords++;
    this.#stats.objects += record.objects.length;
    this.#stats.bytesSent += bytes;
    this.#stats.billedBytes += billedBytesOf(bytes);
    this.#delivered += record.objects.length;
  }

  #countUndelivered(records: readonly PackedRecord[]): void {
    this.#undeliveredRecords += records.length;
    for (const record of records) this.#undeliveredObjects += record.objects.length;
  }

  #fail(records: readonly PackedRecord[], code: string, message: string, attempts: number, cause: unknown): void {
    this.#failure ??= { code, message, attempts, cause };
    this.#countUndelivered(records);
    this.#log?.warn('Firehose delivery failed', {
      stream: this.#streamName, errorCode: code, errorMessage: message, attempts, firehoseRecords: records.length,
    });
  }

  #deliveryError(): DeliveryError {
    const { code, message, attempts, cause } = this.#failure!;
    return new DeliveryError(
      `Firehose stream "${this.#streamName}": ${this.#undeliveredObjects} OCSF records ` +
        `(${this.#undeliveredRecords} Firehose records) not delivered; ${code} after ${attempts} attempt(s): ${message}`,
      { cause },
    );
  }

  #deadLetterObject(record: EncodedRecord, reason: 'record_too_large' | 'rejected', error: string): void {
    const entry: DeadLetterEntry = {
      reason,
      error,
      blob: record.source.blob,
      offset: record.source.offset,
      length: record.source.length,
      time: new Date().toISOString(),
      raw: typeof record.raw === 'string' ? record.raw : Buffer.from(record.raw.buffer, record.raw.byteOffset, record.raw.byteLength).toString('utf8'),
      table: record.partition.table,
    };
    this.#deadLetter.add(entry);
    this.#deadLettered++;
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`FirehoseSink: ${name} must be a positive integer, got ${value}`);
  return value;
}
