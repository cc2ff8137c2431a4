import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { startMotoServer, type MotoServer } from '../support/moto-server.ts';
import { splitJsonObjects, startFirehoseStandIn, type FirehoseStandIn } from '../support/firehose-stand-in.ts';
import { FIREHOSE_PARTITIONED_PREFIX } from '../../lambda/batches/partitioning.ts';

const BUCKET = 'stand-in-lake';
const STREAM = 'ocsf';
const KIB = 1024;
const NOV_24 = Date.UTC(2026, 10, 24, 18, 30);
/** The layout the deployed stream uses (lib/delivery/ocsf-delivery-stream.ts). */
const DATA_PREFIX = `ocsf/${FIREHOSE_PARTITIONED_PREFIX}`;
const ERROR_PREFIX = 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/';

const processEvent = (id: number, time = NOV_24) => ({
  class_uid: 1007, time, id, metadata: { log_name: 'DeviceProcessEvents' },
});
const data = (text: string) => ({ Data: Buffer.from(text) });

let moto: MotoServer;
let s3: S3Client;
let standIn: FirehoseStandIn;
let firehose: FirehoseClient;

async function objectsUnder(prefix: string): Promise<{ key: string; text: string }[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return Promise.all((listed.Contents ?? []).map(async ({ Key }) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: Key! }));
    return { key: Key!, text: gunzipSync(await object.Body!.transformToByteArray()).toString('utf8') };
  }));
}

before(async () => {
  moto = await startMotoServer();
  await moto.createBucket(BUCKET);
  s3 = moto.s3();
  standIn = await startFirehoseStandIn({ streams: [{ name: STREAM, bucket: BUCKET, prefix: DATA_PREFIX, errorPrefix: ERROR_PREFIX }], s3, seed: 3 });
  firehose = new FirehoseClient({ endpoint: standIn.endpoint, maxAttempts: 1 });
});

after(async () => {
  firehose?.destroy();
  await standIn?.close();
  await moto?.close();
});

describe('Firehose stand-in: protocol and limits, through the real SDK', () => {
  test('describes and lists its streams', async () => {
    const described = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: STREAM }));
    assert.equal(described.DeliveryStreamDescription?.DeliveryStreamStatus, 'ACTIVE');
    assert.ok(described.DeliveryStreamDescription?.CreateTimestamp instanceof Date);
    const listed = await firehose.send(new ListDeliveryStreamsCommand({}));
    assert.deepEqual(listed.DeliveryStreamNames, [STREAM]);
  });

  test('refuses unknown streams and operations the way Firehose does', async () => {
    await assert.rejects(
      firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'nope', Records: [data('{}')] })),
      (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
        error.name === 'ResourceNotFoundException' && error.$metadata?.httpStatusCode === 400,
    );
    await assert.rejects(
      firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'x' })),
      { name: 'UnknownOperationException' },
    );
  });

  test('enforces 500 records, 1,000 KiB per record and 4 MiB per call, and counts each violation', async () => {
    const before = standIn.stats;
    const put = (Records: { Data: Uint8Array }[]) => firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records }));
    const event = JSON.stringify(processEvent(1));
    await assert.rejects(put(Array.from({ length: 501 }, () => data(event))), { name: 'InvalidArgumentException' });
    await assert.rejects(put([{ Data: Buffer.alloc(1_000 * KIB + 1, 0x20) }]), { name: 'InvalidArgumentException' });
    await assert.rejects(put(Array.from({ length: 5 }, () => ({ Data: Buffer.alloc(1_000 * KIB, 0x20) }))), { name: 'InvalidArgumentException' });
    await assert.rejects(put([]), { name: 'InvalidArgumentException' });
    const after = standIn.stats;
    assert.equal(after.limitViolations - before.limitViolations, 4);
    assert.equal(after.records, before.records, 'nothing from a refused call is accepted');
    assert.equal(after.maxRecordsPerCall, 501);
    assert.equal(after.maxRecordBytes, 1_000 * KIB + 1);
  });

  test('reports per-record failures with FailedPutCount, and throttles whole calls with a 500 the SDK retries', async () => {
    standIn.setFaults({ recordFailureRate: 1 });
    const partial = await firehose.send(new PutRecordBatchCommand({
      DeliveryStreamName: STREAM, Records: [data(JSON.stringify(processEvent(2))), data(JSON.stringify(processEvent(3)))],
    }));
    assert.equal(partial.FailedPutCount, 2);
    assert.deepEqual(partial.RequestResponses?.map((r) => r.ErrorCode), ['ServiceUnavailableException', 'ServiceUnavailableException']);

    standIn.setFaults({ recordFailureRate: 0, throttleRate: 1 });
    const retrying = new FirehoseClient({ endpoint: standIn.endpoint, maxAttempts: 3, retryMode: 'standard' });
    const throttledBefore = standIn.stats.throttledCalls;
    await assert.rejects(
      retrying.send(new PutRecordCommand({ DeliveryStreamName: STREAM, Record: data(JSON.stringify(processEvent(4))) })),
      (error: Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }) =>
        error.name === 'ServiceUnavailableException' && error.$metadata?.httpStatusCode === 500 && error.$metadata.attempts === 3,
    );
    assert.equal(standIn.stats.throttledCalls - throttledBefore, 3);
    retrying.destroy();

    standIn.setFaults({ throttleRate: 0, down: true });
    await assert.rejects(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: STREAM })), { name: 'ServiceUnavailableException' });
    standIn.setFaults({ down: false });
  });

  test('decides faults from its seed: same seed, same failures', async () => {
    const pattern = async (seed: number) => {
      const other = await startFirehoseStandIn({ streams: [{ name: STREAM, bucket: BUCKET }], s3, seed, faults: { recordFailureRate: 0.5 } });
      const client = new FirehoseClient({ endpoint: other.endpoint, maxAttempts: 1 });
      try {
        const response = await client.send(new PutRecordBatchCommand({
          DeliveryStreamName: STREAM, Records: Array.from({ length: 40 }, (_, i) => data(JSON.stringify(processEvent(i)))),
        }));
        return response.RequestResponses!.map((r) => (r.ErrorCode ? 'x' : '.')).join('');
      } finally {
        client.destroy();
        await other.close();
      }
    };
    const first = await pattern(11);
    assert.equal(await pattern(11), first);
    assert.notEqual(await pattern(12), first);
    assert.match(first, /x/);
    assert.match(first, /\./);
  });
});

describe('Firehose stand-in: delivery to S3', () => {
  test('deaggregates, partitions, appends newlines, gzips, and sends bad records to the error prefix', async () => {
    await moto.reset();
    await moto.createBucket(BUCKET);
    const concatenated = [processEvent(10), processEvent(11, NOV_24 + 86_400_000)].map((e) => JSON.stringify(e)).join('');
    const newlineDelimited = `${JSON.stringify(processEvent(12))}\n  ${JSON.stringify({ ...processEvent(13), class_uid: 4001, metadata: { log_name: 'DeviceNetworkEvents' } })}\n`;
    const noTable = JSON.stringify({ class_uid: 1007, time: NOV_24, id: 14, metadata: {} });
    const response = await firehose.send(new PutRecordBatchCommand({
      DeliveryStreamName: STREAM,
      Records: [data(concatenated), data(newlineDelimited), data('not json at all'), data(`${noTable}\n${JSON.stringify(processEvent(15))}`)],
    }));
    assert.equal(response.FailedPutCount, 0);
    assert.deepEqual(standIn.acceptedObjects(STREAM).slice(-5).map((o) => o.id), [10, 11, 12, 13, 15]);

    const keys = await standIn.flushToS3();
    const data_ = await objectsUnder('ocsf/');
    const byPrefix = Object.fromEntries(data_.map(({ key, text }) => [key.slice(0, key.lastIndexOf('/') + 1), text]));
    assert.deepEqual(Object.keys(byPrefix).sort(), [
      'ocsf/class=network_activity/table=DeviceNetworkEvents/dt=2026-11-24/',
      'ocsf/class=process_activity/table=DeviceProcessEvents/dt=2026-11-24/',
      'ocsf/class=process_activity/table=DeviceProcessEvents/dt=2026-11-25/',
    ]);
    assert.equal(
      byPrefix['ocsf/class=process_activity/table=DeviceProcessEvents/dt=2026-11-24/'],
      [10, 12, 15].map((id) => `${JSON.stringify(processEvent(id))}\n`).join(''),
    );
    for (const { key } of data_) {
      assert.match(key.slice(key.lastIndexOf('/') + 1), new RegExp(`^${STREAM}-1-\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d-[0-9a-f-]{36}\\.gz$`));
    }

    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    const processingFailed = await objectsUnder(`errors/processing-failed/${today}/`);
    const partitioningFailed = await objectsUnder(`errors/partitioning-failed/${today}/`);
    assert.equal(processingFailed.length, 1);
    assert.equal(partitioningFailed.length, 1);
    const rawOf = (text: string) => Buffer.from((JSON.parse(text) as { rawData: string }).rawData, 'base64').toString('utf8');
    assert.equal(rawOf(processingFailed[0]!.text), 'not json at all');
    assert.equal(rawOf(partitioningFailed[0]!.text), noTable);
    assert.equal(keys.length, data_.length + 2);
    assert.equal(standIn.stats.errorRecords, 2);
  });

  test('writes a partition as soon as its buffer is full', async () => {
    const small = await startFirehoseStandIn({ streams: [{ name: 'small', bucket: BUCKET, prefix: 'small/' }], s3, bufferBytes: 1 });
    const client = new FirehoseClient({ endpoint: small.endpoint, maxAttempts: 1 });
    try {
      await client.send(new PutRecordCommand({ DeliveryStreamName: 'small', Record: data(JSON.stringify(processEvent(20))) }));
      await client.send(new PutRecordCommand({ DeliveryStreamName: 'small', Record: data(JSON.stringify(processEvent(21))) }));
      assert.equal((await small.flushToS3()).length, 2, 'one object per record, since each filled the buffer');
      assert.equal((await objectsUnder('small/')).length, 2);
    } finally {
      client.destroy();
      await small.close();
    }
  });

  test('runs as its own process and is controlled over HTTP', async () => {
    const script = fileURLToPath(new URL('../support/firehose-stand-in.ts', import.meta.url));
    const child = spawn(process.execPath, [
      '--import', 'tsx', script,
      '--stream', 'child', '--bucket', BUCKET, '--s3-endpoint', moto.endpoint, '--prefix', 'child/',
    ], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const ready = (await lines.next()).value as string;
    const endpoint = /^FIREHOSE_STAND_IN (http:\/\/127\.0\.0\.1:\d+)$/.exec(ready)?.[1];
    assert.ok(endpoint, ready);
    const client = new FirehoseClient({ endpoint, maxAttempts: 1 });
    try {
      await client.send(new PutRecordCommand({ DeliveryStreamName: 'child', Record: data(JSON.stringify(processEvent(30))) }));
      const stats = (await (await fetch(`${endpoint}/_stand-in/stats`)).json()) as { objects: number };
      assert.equal(stats.objects, 1);
      const flushed = (await (await fetch(`${endpoint}/_stand-in/flush`, { method: 'POST' })).json()) as { keys: string[] };
      assert.equal(flushed.keys.length, 1);
      assert.match(flushed.keys[0]!, /^child\/child-1-/);
    } finally {
      client.destroy();
      child.kill('SIGTERM');
    }
    const last = (await lines.next()).value as string;
    assert.match(last, /^FIREHOSE_STAND_IN_STATS \{.*"records":1/);
    if (child.exitCode === null) await once(child, 'exit');
    assert.equal(child.exitCode, 0);
  });
});

describe('Firehose stand-in: JSON multi-record deaggregation', () => {
  const texts = (record: string) => splitJsonObjects(record).map((o) => o.text);

  test('newline-delimited objects, with whitespace, CRLF and blank lines around them', () => {
    assert.deepEqual(texts('{"a":1}\r\n  {"b":"x\\n}"}\t\n\n{"c":[{"d":"\\"}"}]}\n'), ['{"a":1}', '{"b":"x\\n}"}', '{"c":[{"d":"\\"}"}]}']);
    assert.deepEqual(splitJsonObjects('{"a":{"b":2}}').map((o) => o.value), [{ a: { b: 2 } }]);
  });

  test('objects concatenated on a line, or one object over several lines, split the same way', () => {
    assert.deepEqual(texts('{"a":1}{"b":2} {"c":3}\n{"d":4}'), ['{"a":1}', '{"b":2}', '{"c":3}', '{"d":4}']);
    assert.deepEqual(texts('{\n  "a": 1\n}\n{"b":2}'), ['{\n  "a": 1\n}', '{"b":2}']);
  });

  test('anything else is refused', () => {
    assert.throws(() => splitJsonObjects('{"a":1}\n{"b":'), /unterminated JSON object at character 8/);
    assert.throws(() => splitJsonObjects('{"a":1}\n[1]'), /expected a JSON object at character 8/);
    assert.throws(() => splitJsonObjects('{"a":1}\n{"b":x}'), /invalid JSON object at character 8/);
    assert.throws(() => splitJsonObjects('\u00a0{"a":1}'), /expected a JSON object at character 0/);
    assert.throws(() => splitJsonObjects(' \n\r\n'), /record holds no JSON object/);
  });
});
