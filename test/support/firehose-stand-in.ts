/**
 * A STAND-IN for Amazon Data Firehose, for tests and the benchmark. It is not a mock and not an
 * emulator of the whole service: no Firehose emulator exists on npm or Debian (kinesalite speaks
 * only Kinesis; moto's Firehose ignores dynamic partitioning and compression), so this is a small
 * HTTP server that speaks Firehose's real wire protocol to the real `@aws-sdk/client-firehose`.
 *
 * Like Firehose, it:
 * - answers JSON 1.1 (`x-amz-target: Firehose_20150804.<Op>`) for PutRecordBatch, PutRecord,
 *   DescribeDeliveryStream (always ACTIVE) and ListDeliveryStreams; any other operation gets
 *   400 UnknownOperationException, an unknown stream 400 ResourceNotFoundException;
 * - enforces PutRecordBatch limits: 1..500 records, each record's data at most 1,000 KiB, at most
 *   4 MiB of data per call (400 InvalidArgumentException), counting every violation;
 * - reports per-record failures in `RequestResponses` with `FailedPutCount`, and throttles whole
 *   calls with HTTP 500 ServiceUnavailableException (which the SDK treats as retryable);
 * - delivers the way our stream is configured: JSON multi-record deaggregation, dynamic
 *   partitioning with the keys of `PARTITION_JQ_QUERY` (through its JS mirror `partitionKeysOf`),
 *   AppendDelimiterToRecord, per-partition buffering by size and interval, GZIP, and S3 keys
 *   `<prefix><stream>-1-YYYY-MM-DD-HH-MM-SS-<uuid>.gz`; records that fail deaggregation or partition
 *   key extraction go under the error prefix (`!{firehose:error-output-type}` = `processing-failed`
 *   or `partitioning-failed`) as JSON lines with the base64 `rawData`.
 *
 * Unlike Firehose, it does not: check signatures or credentials; apply per-second quotas, partition
 * count limits or the 24-hour retry of S3 writes (an S3 failure is reported by `flushToS3`); run a
 * real JQ engine (the partition keys come from the JS mirror); append the default `YYYY/MM/dd/HH/`
 * to static prefixes; encrypt. The error output type for a deaggregation failure and the error
 * codes in error records are this stand-in's best guess, not documented service behaviour.
 *
 * Faults (per-record failures, throttles, a stream that stays down, slow responses) come from a
 * seeded RNG, so a run is reproducible for the same order of requests.
 *
 * From another process: `node --import tsx test/support/firehose-stand-in.ts --stream ocsf
 * --bucket lake --s3-endpoint http://127.0.0.1:PORT` prints `FIREHOSE_STAND_IN <endpoint>` when
 * ready; `GET <endpoint>/_stand-in/stats`, `POST /_stand-in/faults` (JSON body) and
 * `POST /_stand-in/flush` control it; SIGTERM flushes to S3 and prints `FIREHOSE_STAND_IN_STATS {json}`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { constants as zlib, gzip } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FIREHOSE_LIMITS, billedBytesOf } from '../../lambda/batches/firehose-limits.ts';
import { FIREHOSE_PARTITIONED_PREFIX, partitionKeysOf } from '../../lambda/batches/partitioning.ts';

export interface StandInStream {
  readonly name: string;
  readonly bucket: string;
  /** Firehose `Prefix`; `!{partitionKeyFromQuery:k}`, `!{timestamp:…}` and `!{firehose:random-string}` are evaluated. Default: {@link FIREHOSE_PARTITIONED_PREFIX}. */
  readonly prefix?: string;
  /** Firehose `ErrorOutputPrefix`. Default `errors/!{firehose:error-output-type}/`. */
  readonly errorPrefix?: string;
}

export interface FirehoseFaults {
  /** Probability that each record of a call fails with `recordErrorCode` in `RequestResponses`. */
  readonly recordFailureRate?: number;
  /** Default `ServiceUnavailableException`. */
  readonly recordErrorCode?: string;
  /** Probability that a whole call is refused with HTTP 500 ServiceUnavailableException, nothing accepted. */
  readonly throttleRate?: number;
  /** Every call is refused with HTTP 500 ServiceUnavailableException. */
  readonly down?: boolean;
  /** Wait before answering each call. */
  readonly delayMs?: number;
}

export interface FirehoseStandInOptions {
  readonly streams: readonly StandInStream[];
  /** S3 to deliver to; or `s3Endpoint` (default `AWS_ENDPOINT_URL_S3`) for a client the stand-in creates. */
  readonly s3?: S3Client;
  readonly s3Endpoint?: string;
  readonly faults?: FirehoseFaults;
  /** Seed of the fault RNG. Default 1. */
  readonly seed?: number;
  /** A partition's buffer is written once it holds this many uncompressed bytes. Default 64 MiB. */
  readonly bufferBytes?: number;
  /** ...or once its oldest record is this old. Default 60 s. */
  readonly bufferIntervalMs?: number;
  /** Keep every accepted object for `acceptedObjects()`. Default true; turn off for long benchmarks. */
  readonly keepAcceptedObjects?: boolean;
  /** Default 0 (a free port). */
  readonly port?: number;
}

export interface FirehoseStandInStats {
  /** PutRecordBatch and PutRecord calls received. */
  calls: number;
  /** Firehose records accepted. */
  records: number;
  /** JSON objects delivered to a data partition, after deaggregation. */
  objects: number;
  /** Data bytes of the accepted records. */
  bytes: number;
  /** Accepted records' bytes, each rounded up to 5 KB as Firehose bills them. */
  billedBytes: number;
  /** Records answered with an `ErrorCode` (injected failures). */
  failedRecords: number;
  /** Calls answered HTTP 500 (throttles and "down"). */
  throttledCalls: number;
  /** Calls or records over a Firehose limit (batch size, record size, call size, objects per record). */
  limitViolations: number;
  /** Entries written under the error prefix (failed deaggregation or partition key extraction). */
  errorRecords: number;
  /** S3 objects written. */
  s3Objects: number;
  /** Most PutRecordBatch/PutRecord calls being answered at the same moment. */
  maxConcurrentCalls: number;
  maxRecordsPerCall: number;
  maxBytesPerCall: number;
  maxObjectsPerRecord: number;
  maxRecordBytes: number;
}

export interface FirehoseStandIn {
  readonly endpoint: string;
  /** A snapshot of the counters. */
  readonly stats: Readonly<FirehoseStandInStats>;
  /** Changes the faults; fields left out keep their value. */
  setFaults(faults: FirehoseFaults): void;
  /** Objects accepted into data partitions, parsed, in arrival order. */
  acceptedObjects(streamName?: string): readonly Record<string, unknown>[];
  /** Writes every buffered partition to S3 now and waits for all writes; returns the keys written so far. */
  flushToS3(): Promise<string[]>;
  close(): Promise<void>;
}

const gzipAsync = promisify(gzip);

const TARGET_PREFIX = 'Firehose_20150804.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
const ACCOUNT_ID = '000000000000';
const DEFAULT_ERROR_PREFIX = 'errors/!{firehose:error-output-type}/';

interface Partition {
  readonly stream: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly oldest: Date;
  chunks: Buffer[];
  bytes: number;
}

class ServiceError extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}

class DeliveryFailure extends Error {
  constructor(readonly outputType: 'processing-failed' | 'partitioning-failed', readonly errorCode: string, message: string) {
    super(message);
  }
}

export async function startFirehoseStandIn(options: FirehoseStandInOptions): Promise<FirehoseStandIn> {
  const streams = new Map(options.streams.map((stream) => [stream.name, stream]));
  const ownsS3 = options.s3 === undefined;
  const s3 = options.s3 ?? new S3Client({
    endpoint: options.s3Endpoint ?? process.env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bufferBytes = options.bufferBytes ?? 64 * 1024 * 1024;
  const bufferIntervalMs = options.bufferIntervalMs ?? 60_000;
  const keepObjects = options.keepAcceptedObjects ?? true;
  const random = seededRandom(options.seed ?? 1);
  let faults: FirehoseFaults = { ...options.faults };
  const stats: FirehoseStandInStats = {
    calls: 0, records: 0, objects: 0, bytes: 0, billedBytes: 0, failedRecords: 0, throttledCalls: 0,
    limitViolations: 0, errorRecords: 0, s3Objects: 0, maxConcurrentCalls: 0,
    maxRecordsPerCall: 0, maxBytesPerCall: 0, maxObjectsPerRecord: 0, maxRecordBytes: 0,
  };
  const accepted = new Map<string, Record<string, unknown>[]>();
  const allAccepted: Record<string, unknown>[] = [];
  const partitions = new Map<string, Partition>();
  const writes = new Set<Promise<void>>();
  const writeErrors: unknown[] = [];
  const keysWritten: string[] = [];
  const createdAt = new Date();

  function streamNamed(name: unknown): StandInStream {
    const stream = typeof name === 'string' ? streams.get(name) : undefined;
    if (!stream) {
      throw new ServiceError(400, 'ResourceNotFoundException', `Firehose ${String(name)} under account ${ACCOUNT_ID} not found.`);
    }
    return stream;
  }

  function throttleSometimes(): void {
    if (random() < (faults.throttleRate ?? 0)) {
      stats.throttledCalls++;
      throw new ServiceError(500, 'ServiceUnavailableException', 'Slow down.');
    }
  }

  function limitViolation(message: string): ServiceError {
    stats.limitViolations++;
    return new ServiceError(400, 'InvalidArgumentException', message);
  }

  /** Checks one call's records against the limits; returns their decoded data. */
  function decodeRecords(records: unknown): Buffer[] {
    const list = Array.isArray(records) ? (records as { Data?: unknown }[]) : [];
    const data = list.map((record) => Buffer.from(typeof record?.Data === 'string' ? record.Data : '', 'base64'));
    const callBytes = data.reduce((sum, d) => sum + d.byteLength, 0);
    stats.maxRecordsPerCall = Math.max(stats.maxRecordsPerCall, data.length);
    stats.maxBytesPerCall = Math.max(stats.maxBytesPerCall, callBytes);
    if (data.length < 1 || data.length > FIREHOSE_LIMITS.maxRecordsPerCall) {
      throw limitViolation(`1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length between 1 and ${FIREHOSE_LIMITS.maxRecordsPerCall} (got ${data.length})`);
    }
    for (const d of data) {
      stats.maxRecordBytes = Math.max(stats.maxRecordBytes, d.byteLength);
      if (d.byteLength > FIREHOSE_LIMITS.maxRecordBytes) {
        throw limitViolation(`1 validation error detected: Value at 'records.member.data' failed to satisfy constraint: Member must have length less than or equal to ${FIREHOSE_LIMITS.maxRecordBytes} (got ${d.byteLength})`);
      }
    }
    if (callBytes > FIREHOSE_LIMITS.maxBytesPerCall) {
      throw limitViolation(`Records size ${callBytes} exceeds the limit of ${FIREHOSE_LIMITS.maxBytesPerCall} bytes per call`);
    }
    return data;
  }

  function accept(stream: StandInStream, data: Buffer, arrival: Date): void {
    stats.records++;
    stats.bytes += data.byteLength;
    stats.billedBytes += billedBytesOf(data.byteLength);
    let objects: JsonObjectText[];
    try {
      objects = splitJsonObjects(data.toString('utf8'));
      stats.maxObjectsPerRecord = Math.max(stats.maxObjectsPerRecord, objects.length);
      if (objects.length > FIREHOSE_LIMITS.maxObjectsPerRecord) {
        stats.limitViolations++;
        throw new DeliveryFailure('processing-failed', 'Deaggregation.TooManyRecords',
          `${objects.length} JSON objects in one record, over ${FIREHOSE_LIMITS.maxObjectsPerRecord}`);
      }
    } catch (error) {
      const failure = error instanceof DeliveryFailure ? error
        : new DeliveryFailure('processing-failed', 'Deaggregation.InvalidJson', String((error as Error).message));
      bufferError(stream, data, arrival, failure);
      return;
    }
    for (const object of objects) {
      let prefix: string;
      try {
        prefix = renderPrefix(stream.prefix ?? FIREHOSE_PARTITIONED_PREFIX, arrival, { keys: extractKeys(object.value) });
      } catch (error) {
        bufferError(stream, Buffer.from(object.text), arrival,
          new DeliveryFailure('partitioning-failed', 'DynamicPartitioning.MetadataExtractionFailed', String((error as Error).message)));
        continue;
      }
      stats.objects++;
      bufferData(stream, prefix, Buffer.from(`${object.text}\n`), arrival);
      if (keepObjects) {
        allAccepted.push(object.value);
        let list = accepted.get(stream.name);
        if (!list) accepted.set(stream.name, (list = []));
        list.push(object.value);
      }
    }
  }

  function bufferError(stream: StandInStream, raw: Buffer, arrival: Date, failure: DeliveryFailure): void {
    stats.errorRecords++;
    const line = JSON.stringify({
      attemptsMade: 1,
      arrivalTimestamp: arrival.getTime(),
      errorCode: failure.errorCode,
      errorMessage: failure.message,
      attemptEndingTimestamp: Date.now(),
      rawData: raw.toString('base64'),
    });
    const prefix = renderPrefix(stream.errorPrefix ?? DEFAULT_ERROR_PREFIX, arrival, { errorType: failure.outputType });
    bufferData(stream, prefix, Buffer.from(`${line}\n`), arrival);
  }

  function bufferData(stream: StandInStream, prefix: string, chunk: Buffer, arrival: Date): void {
    const id = `${stream.name}\u0000${prefix}`;
    let partition = partitions.get(id);
    if (!partition) {
      partition = { stream: stream.name, bucket: stream.bucket, prefix, oldest: arrival, chunks: [], bytes: 0 };
      partitions.set(id, partition);
    }
    partition.chunks.push(chunk);
    partition.bytes += chunk.byteLength;
    if (partition.bytes >= bufferBytes) writePartition(id, partition);
  }

  function writePartition(id: string, partition: Partition): void {
    partitions.delete(id);
    const key = `${partition.prefix}${partition.stream}-1-${objectTimestamp(partition.oldest)}-${randomUUID()}.gz`;
    // Off the event loop, so calls keep being answered meanwhile; the fastest level, since in the
    // benchmark this runs on the cores the pipeline needs (Firehose compresses on AWS's side).
    const write: Promise<void> = gzipAsync(Buffer.concat(partition.chunks, partition.bytes), { level: zlib.Z_BEST_SPEED })
      .then((body) => s3.send(new PutObjectCommand({ Bucket: partition.bucket, Key: key, Body: body })))
      .then(() => {
        stats.s3Objects++;
        keysWritten.push(key);
      })
      .catch((error: unknown) => {
        writeErrors.push(error);
      })
      .finally(() => writes.delete(write));
    writes.add(write);
  }

  const intervalTimer = setInterval(() => {
    const now = Date.now();
    for (const [id, partition] of partitions) {
      if (now - partition.oldest.getTime() >= bufferIntervalMs) writePartition(id, partition);
    }
  }, Math.min(bufferIntervalMs, 1_000));
  intervalTimer.unref();

  function putRecordBatch(body: Record<string, unknown>): unknown {
    const stream = streamNamed(body.DeliveryStreamName);
    const records = decodeRecords(body.Records);
    throttleSometimes();
    const arrival = new Date();
    let failed = 0;
    const RequestResponses = records.map((data) => {
      if (random() < (faults.recordFailureRate ?? 0)) {
        failed++;
        stats.failedRecords++;
        return { ErrorCode: faults.recordErrorCode ?? 'ServiceUnavailableException', ErrorMessage: 'Slow down.' };
      }
      accept(stream, data, arrival);
      return { RecordId: randomRecordId() };
    });
    return { FailedPutCount: failed, Encrypted: false, RequestResponses };
  }

  function putRecord(body: Record<string, unknown>): unknown {
    const stream = streamNamed(body.DeliveryStreamName);
    const [data] = decodeRecords([body.Record]);
    throttleSometimes();
    if (random() < (faults.recordFailureRate ?? 0)) {
      stats.failedRecords++;
      throw new ServiceError(500, faults.recordErrorCode ?? 'ServiceUnavailableException', 'Slow down.');
    }
    accept(stream, data!, new Date());
    return { RecordId: randomRecordId(), Encrypted: false };
  }

  function describeDeliveryStream(body: Record<string, unknown>): unknown {
    const stream = streamNamed(body.DeliveryStreamName);
    return {
      DeliveryStreamDescription: {
        DeliveryStreamName: stream.name,
        DeliveryStreamARN: `arn:aws:firehose:${process.env.AWS_REGION ?? 'us-east-1'}:${ACCOUNT_ID}:deliverystream/${stream.name}`,
        DeliveryStreamStatus: 'ACTIVE',
        DeliveryStreamType: 'DirectPut',
        VersionId: '1',
        CreateTimestamp: createdAt.getTime() / 1000,
        HasMoreDestinations: false,
        Destinations: [{
          DestinationId: 'destinationId-000000000001',
          ExtendedS3DestinationDescription: {
            BucketARN: `arn:aws:s3:::${stream.bucket}`,
            RoleARN: `arn:aws:iam::${ACCOUNT_ID}:role/firehose-stand-in`,
            Prefix: stream.prefix ?? FIREHOSE_PARTITIONED_PREFIX,
            ErrorOutputPrefix: stream.errorPrefix ?? DEFAULT_ERROR_PREFIX,
            CompressionFormat: 'GZIP',
            BufferingHints: { SizeInMBs: Math.max(1, Math.round(bufferBytes / 1024 / 1024)), IntervalInSeconds: Math.round(bufferIntervalMs / 1000) },
            DynamicPartitioningConfiguration: { Enabled: true },
          },
        }],
      },
    };
  }

  function listDeliveryStreams(): unknown {
    return { DeliveryStreamNames: [...streams.keys()].sort(), HasMoreDeliveryStreams: false };
  }

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    PutRecordBatch: putRecordBatch,
    PutRecord: putRecord,
    DescribeDeliveryStream: describeDeliveryStream,
    ListDeliveryStreams: listDeliveryStreams,
  };

  async function flushToS3(): Promise<string[]> {
    for (const [id, partition] of partitions) writePartition(id, partition);
    while (writes.size > 0) await Promise.all(writes);
    if (writeErrors.length > 0) {
      const errors = writeErrors.splice(0);
      throw new AggregateError(errors, `Firehose stand-in: ${errors.length} S3 write(s) failed`);
    }
    return [...keysWritten];
  }

  async function handleAdmin(req: IncomingMessage, body: string): Promise<unknown> {
    const path = req.url ?? '';
    if (path === '/_stand-in/stats') return { ...stats };
    if (path === '/_stand-in/faults' && req.method === 'POST') {
      faults = { ...faults, ...(JSON.parse(body || '{}') as FirehoseFaults) };
      return faults;
    }
    if (path === '/_stand-in/flush' && req.method === 'POST') return { keys: await flushToS3() };
    throw new ServiceError(404, 'NotFound', `no stand-in admin path ${path}`);
  }

  let concurrentCalls = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const isPut = name === 'PutRecordBatch' || name === 'PutRecord';
    if (isPut) {
      stats.calls++;
      stats.maxConcurrentCalls = Math.max(stats.maxConcurrentCalls, ++concurrentCalls);
      res.once('close', () => concurrentCalls--);
    }
    const body = await readBody(req);
    if (req.url?.startsWith('/_stand-in/')) {
      send(res, 200, await handleAdmin(req, body));
      return;
    }
    if (faults.delayMs) await sleep(faults.delayMs);
    const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
    if (!operation) throw new ServiceError(400, 'UnknownOperationException', `Unknown operation ${target}`);
    if (faults.down) {
      stats.throttledCalls++;
      throw new ServiceError(500, 'ServiceUnavailableException', 'Service is unavailable.');
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body || '{}') as Record<string, unknown>;
    } catch {
      throw new ServiceError(400, 'SerializationException', 'Request body is not valid JSON');
    }
    send(res, 200, operation(input));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const failure = error instanceof ServiceError ? error : new ServiceError(500, 'InternalFailure', String(error));
      send(res, failure.status, { __type: failure.type, message: failure.message }, failure.type);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    get stats() {
      return { ...stats };
    },
    setFaults(patch) {
      faults = { ...faults, ...patch };
    },
    acceptedObjects(streamName) {
      return streamName === undefined ? allAccepted : accepted.get(streamName) ?? [];
    },
    flushToS3,
    async close() {
      clearInterval(intervalTimer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      while (writes.size > 0) await Promise.all(writes);
      if (ownsS3) s3.destroy();
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': JSON_CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function randomRecordId(): string {
  return randomBytes(56).toString('base64');
}

interface JsonObjectText {
  readonly text: string;
  readonly value: Record<string, unknown>;
}

/**
 * JSON multi-record deaggregation: the record must be one or more JSON objects, separated by
 * optional whitespace (newline-delimited or simply concatenated). Throws when it is not.
 */
export function splitJsonObjects(text: string): JsonObjectText[] {
  return splitJsonLines(text) ?? scanJsonObjects(text);
}

/**
 * The common case, newline-delimited objects, without scanning every character in JavaScript: a
 * JSON text holds no raw LF inside its strings, so a line that trims to `{…}` and parses is exactly
 * the object the scan would find. Undefined when any line is not one whole object (several objects
 * on a line, an object over several lines, an error): the scan then decides, with its own errors.
 */
function splitJsonLines(text: string): JsonObjectText[] | undefined {
  const objects: JsonObjectText[] = [];
  for (let lineStart = 0; lineStart < text.length;) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let start = lineStart;
    let end = lineEnd;
    lineStart = lineEnd + 1;
    while (start < end && isJsonWhitespace(text.charCodeAt(start))) start++;
    while (end > start && isJsonWhitespace(text.charCodeAt(end - 1))) end--;
    if (start === end) continue;
    if (text.charCodeAt(start) !== 0x7b /* { */ || text.charCodeAt(end - 1) !== 0x7d /* } */) return undefined;
    const objectText = text.slice(start, end);
    let value: unknown;
    try {
      value = JSON.parse(objectText);
    } catch {
      return undefined;
    }
    objects.push({ text: objectText, value: value as Record<string, unknown> });
  }
  return objects.length > 0 ? objects : undefined;
}

function scanJsonObjects(text: string): JsonObjectText[] {
  const objects: JsonObjectText[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    if (text.charCodeAt(i) !== 0x7b /* { */) throw new Error(`expected a JSON object at character ${i}`);
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 0x5c /* \ */) i++;
        else if (c === 0x22 /* " */) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b /* [ */) depth++;
      else if (c === 0x7d || c === 0x5d /* ] */) {
        if (--depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0) throw new Error(`unterminated JSON object at character ${start}`);
    const objectText = text.slice(start, i);
    let value: unknown;
    try {
      value = JSON.parse(objectText);
    } catch (error) {
      throw new Error(`invalid JSON object at character ${start}: ${(error as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`expected a JSON object at character ${start}`);
    }
    objects.push({ text: objectText, value: value as Record<string, unknown> });
  }
  if (objects.length === 0) throw new Error('record holds no JSON object');
  return objects;
}

function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The partition keys Firehose's JQ query would extract; it fails the way Firehose does on null or empty keys. */
function extractKeys(value: Record<string, unknown>): Record<string, string> {
  const keys = partitionKeysOf(value as unknown as Parameters<typeof partitionKeysOf>[0]);
  for (const [name, key] of Object.entries(keys)) {
    if (typeof key !== 'string' || key === '') throw new Error(`partitionKeys values must not be null or empty (${name})`);
  }
  return keys as unknown as Record<string, string>;
}

/** Evaluates a Firehose S3 prefix: `!{partitionKeyFromQuery:k}`, `!{firehose:error-output-type}`, `!{firehose:random-string}`, `!{timestamp:pattern}`. */
function renderPrefix(template: string, time: Date, context: { keys?: Record<string, string>; errorType?: string }): string {
  return template.replace(/!\{([^:}]+):([^}]*)\}/g, (_, namespace: string, value: string) => {
    if (namespace === 'partitionKeyFromQuery') {
      const key = context.keys?.[value];
      if (key === undefined) throw new Error(`partition key ${value} was not extracted`);
      return key;
    }
    if (namespace === 'firehose' && value === 'error-output-type' && context.errorType) return context.errorType;
    if (namespace === 'firehose' && value === 'random-string') return randomBytes(8).toString('base64url').slice(0, 11);
    if (namespace === 'timestamp') return formatTimestamp(time, value);
    throw new Error(`cannot evaluate !{${namespace}:${value}} here`);
  });
}

/** The subset of Java's DateTimeFormatter that S3 prefixes use: yyyy, MM, dd, HH, mm, ss (UTC). */
function formatTimestamp(time: Date, pattern: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const fields: Record<string, string> = {
    yyyy: String(time.getUTCFullYear()),
    MM: pad(time.getUTCMonth() + 1),
    dd: pad(time.getUTCDate()),
    HH: pad(time.getUTCHours()),
    mm: pad(time.getUTCMinutes()),
    ss: pad(time.getUTCSeconds()),
  };
  return pattern.replace(/yyyy|MM|dd|HH|mm|ss/g, (token) => fields[token]!);
}

function objectTimestamp(time: Date): string {
  return formatTimestamp(time, 'yyyy-MM-dd-HH-mm-ss');
}

/** mulberry32: small, fast, and good enough to decide faults reproducibly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the stand-in as its own process (for the benchmark); see the header comment. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stream: { type: 'string', multiple: true },
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      'error-prefix': { type: 'string' },
      's3-endpoint': { type: 'string' },
      port: { type: 'string' },
      seed: { type: 'string' },
      'record-failure-rate': { type: 'string' },
      'throttle-rate': { type: 'string' },
      'delay-ms': { type: 'string' },
      'buffer-bytes': { type: 'string' },
      'buffer-interval-ms': { type: 'string' },
      'discard-objects': { type: 'boolean' },
    },
  });
  if (!values.stream?.length || !values.bucket) {
    throw new Error('usage: firehose-stand-in.ts --stream NAME [--stream NAME...] --bucket BUCKET [--s3-endpoint URL] [--prefix P] [--error-prefix P] [--seed N] [--record-failure-rate R] [--throttle-rate R] [--delay-ms N] [--buffer-bytes N] [--buffer-interval-ms N] [--discard-objects] [--port N]');
  }
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  const bucket = values.bucket;
  const standIn = await startFirehoseStandIn({
    streams: values.stream.map((name) => ({
      name,
      bucket,
      ...(values.prefix !== undefined && { prefix: values.prefix }),
      ...(values['error-prefix'] !== undefined && { errorPrefix: values['error-prefix'] }),
    })),
    ...(values['s3-endpoint'] !== undefined && { s3Endpoint: values['s3-endpoint'] }),
    ...(values.port !== undefined && { port: Number(values.port) }),
    ...(values.seed !== undefined && { seed: Number(values.seed) }),
    ...(values['buffer-bytes'] !== undefined && { bufferBytes: Number(values['buffer-bytes']) }),
    ...(values['buffer-interval-ms'] !== undefined && { bufferIntervalMs: Number(values['buffer-interval-ms']) }),
    keepAcceptedObjects: !values['discard-objects'],
    faults: {
      recordFailureRate: number(values['record-failure-rate']) ?? 0,
      throttleRate: number(values['throttle-rate']) ?? 0,
      delayMs: number(values['delay-ms']) ?? 0,
    },
  });
  const stop = async () => {
    let exitCode = 0;
    try {
      await standIn.flushToS3();
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      exitCode = 1;
    }
    await standIn.close();
    process.stdout.write(`FIREHOSE_STAND_IN_STATS ${JSON.stringify(standIn.stats)}\n`);
    process.exit(exitCode);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.stdout.write(`FIREHOSE_STAND_IN ${standIn.endpoint}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
