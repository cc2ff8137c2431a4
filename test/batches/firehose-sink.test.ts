import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { FirehoseSink } from '../../lambda/batches/firehose-sink.ts';
import type { EncodedRecord } from '../../lambda/batches/sink.ts';
import type { DeadLetterEntry, DeadLetterSink } from '../../lambda/dead-letter/dead-letter-entry.ts';
import { DeliveryError } from '../../lambda/errors.ts';
import { downloadLake } from '../support/duckdb.ts';
import { startFirehoseStandIn, type FirehoseStandIn } from '../support/firehose-stand-in.ts';
import { startMotoServer, type MotoServer } from '../support/moto-server.ts';

const BUCKET = 'firehose-lake';
const STREAM = 'ocsf-events';

/** Class names spelled out here, not looked up, so the S3 layout is checked against an independent expectation. */
const SHAPES = [
  { classUid: 1007, className: 'process_activity', table: 'DeviceProcessEvents' },
  { classUid: 4001, className: 'network_activity', table: 'DeviceNetworkEvents' },
  { classUid: 1001, className: 'file_activity', table: 'DeviceFileEvents' },
  { classUid: 3002, className: 'authentication', table: 'DeviceLogonEvents' },
  { classUid: 3002, className: 'authentication', table: 'IdentityLogonEvents' },
] as const;
const DATES = ['2026-11-22', '2026-11-23', '2026-11-24'] as const;

interface Sent {
  readonly record: EncodedRecord;
  readonly uid: string;
  readonly className: string;
  readonly table: string;
  readonly dt: string;
}

/** OCSF-shaped records (class, time, metadata.log_name, padding to 1–3 KB), deterministic. */
function syntheticRecords(count: number, idPrefix: string): Sent[] {
  let seed = 17;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, (_, i) => {
    const shape = SHAPES[i % SHAPES.length]!;
    const dt = DATES[Math.floor(random() * DATES.length)]!;
    const time = Date.parse(`${dt}T00:00:00Z`) + Math.floor(random() * 86_400_000);
    const uid = `${idPrefix}-${i}`;
    const event = {
      class_uid: shape.classUid,
      class_name: shape.className,
      activity_id: 1,
      time,
      severity_id: 1,
      metadata: { uid, log_name: shape.table, product: { name: 'Microsoft Defender XDR', vendor_name: 'Microsoft' }, version: '1.8.0' },
      device: { hostname: `host-${i % 37}.contoso.com`, name: 'naïve-κόσμε' },
      unmapped: { padding: 'p'.repeat(800 + Math.floor(random() * 2_000)) },
    };
    const json = JSON.stringify(event);
    return {
      record: {
        json,
        partition: { class: shape.className, table: shape.table, dt },
        source: { blob: `insights-logs-advancedhunting-${shape.table.toLowerCase()}/PT1H.json`, offset: i * 4_096, length: 4_000 },
        raw: `{"raw":${i}}`,
      },
      uid,
      className: shape.className,
      table: shape.table,
      dt,
    };
  });
}

class MemoryDeadLetter implements DeadLetterSink {
  readonly uri = 'memory://dead-letter';
  readonly entries: DeadLetterEntry[] = [];
  add(entry: DeadLetterEntry): void {
    this.entries.push(entry);
  }
  async flush(): Promise<void> {}
}

const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 20 } as const;

let moto: MotoServer;
let standIn: FirehoseStandIn;
let firehose: FirehoseClient;

before(async () => {
  moto = await startMotoServer();
  await moto.createBucket(BUCKET);
  standIn = await startFirehoseStandIn({ streams: [{ name: STREAM, bucket: BUCKET }], s3: moto.s3(), seed: 2026 });
  process.env.AWS_ENDPOINT_URL_FIREHOSE = standIn.endpoint;
  firehose = new FirehoseClient({ maxAttempts: 1 });
});

after(async () => {
  delete process.env.AWS_ENDPOINT_URL_FIREHOSE;
  firehose?.destroy();
  await standIn?.close();
  await moto?.close();
});

describe('FirehoseSink', () => {
  test('delivers 20,000 records exactly once under per-record failures and throttles, within every limit', async (t) => {
    standIn.setFaults({ recordFailureRate: 0.1, throttleRate: 0.15, delayMs: 3 });
    const sent = syntheticRecords(20_000, 'bulk');
    const deadLetter = new MemoryDeadLetter();
    const sink = new FirehoseSink({ streamName: STREAM, deadLetter, ...FAST_RETRIES }); // default client, endpoint from the env
    assert.equal(sink.uri, `firehose://${STREAM}`);
    for (const { record } of sent) await sink.write(record);
    const result = await sink.flush();
    await sink.close();
    standIn.setFaults({ recordFailureRate: 0, throttleRate: 0, delayMs: 0 });

    assert.deepEqual(result, { delivered: sent.length, deadLettered: 0 });
    assert.equal(deadLetter.entries.length, 0);

    const seen = new Map<string, number>();
    for (const object of standIn.acceptedObjects(STREAM)) {
      const uid = (object.metadata as { uid: string }).uid;
      seen.set(uid, (seen.get(uid) ?? 0) + 1);
    }
    assert.equal(seen.size, sent.length, 'every record arrived');
    assert.deepEqual([...seen.values()].filter((n) => n !== 1), [], 'none arrived twice');

    const firehoseStats = standIn.stats;
    const sinkStats = sink.stats;
    t.diagnostic(`sink ${JSON.stringify(sinkStats)}`);
    t.diagnostic(`stand-in ${JSON.stringify(firehoseStats)}`);
    assert.equal(firehoseStats.limitViolations, 0);
    assert.equal(firehoseStats.errorRecords, 0, 'every record deaggregated and partitioned');
    assert.ok(firehoseStats.maxRecordsPerCall <= 500 && firehoseStats.maxBytesPerCall <= 4 * 1024 * 1024);
    assert.ok(firehoseStats.maxObjectsPerRecord <= 500 && firehoseStats.maxRecordBytes <= 1_000 * 1024);
    assert.ok(firehoseStats.failedRecords > 0 && firehoseStats.throttledCalls > 0, 'the faults did happen');
    assert.ok(firehoseStats.maxConcurrentCalls > 1 && firehoseStats.maxConcurrentCalls <= 4, `${firehoseStats.maxConcurrentCalls} calls in flight`);
    assert.equal(sinkStats.objects, sent.length);
    assert.equal(sinkStats.firehoseRecords, firehoseStats.records);
    assert.equal(sinkStats.bytesSent, firehoseStats.bytes);
    assert.equal(sinkStats.calls, firehoseStats.calls);
    assert.equal(sinkStats.failedPuts, firehoseStats.failedRecords);
    assert.equal(sinkStats.throttles, firehoseStats.throttledCalls);
    assert.ok(sinkStats.retries >= firehoseStats.throttledCalls);
    assert.ok(sinkStats.billedBytes / sinkStats.bytesSent <= 1.05, `billed/sent ${sinkStats.billedBytes / sinkStats.bytesSent}`);

    await standIn.flushToS3();
    const lake = await downloadLake(moto.s3(), BUCKET, 'class=');
    try {
      const rows = await lake.query(
        `SELECT class, "table", dt, count(*) AS n, count(DISTINCT metadata.uid) AS uids
         FROM ${lake.ndjson('class=*/table=*/dt=*/*.gz')} GROUP BY ALL ORDER BY ALL`,
      );
      const expected = new Map<string, number>();
      for (const { className, table, dt } of sent) {
        const key = `${className}/${table}/${dt}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      assert.deepEqual(
        Object.fromEntries(rows.map((r) => [`${String(r.class)}/${String(r.table)}/${String(r.dt)}`, Number(r.n)])),
        Object.fromEntries([...expected].sort(([a], [b]) => (a < b ? -1 : 1))),
      );
      assert.ok(rows.every((r) => r.n === r.uids), 'no duplicate inside any partition');
      assert.equal(rows.length, SHAPES.length * DATES.length);
    } finally {
      await lake.close();
    }
  });

  test('a stream that stays down: flush rejects with a DeliveryError and nothing is counted delivered', async () => {
    standIn.setFaults({ down: true });
    const recordsBefore = standIn.stats.records;
    const sink = new FirehoseSink({ streamName: STREAM, client: firehose, deadLetter: new MemoryDeadLetter(), maxAttempts: 3, ...FAST_RETRIES });
    try {
      for (const { record } of syntheticRecords(1_000, 'down')) await sink.write(record);
      const error = await sink.flush().then(
        () => assert.fail('flush resolved while the stream was down'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof DeliveryError);
      assert.match(error.message, new RegExp(`"${STREAM}"`));
      assert.match(error.message, /ServiceUnavailableException/);
      assert.match(error.message, /1000 OCSF records/);
      assert.equal(sink.stats.objects, 0);
      assert.equal(sink.stats.calls, 3, 'three attempts, then it gave up');
      assert.equal(standIn.stats.records, recordsBefore);
      await assert.rejects(sink.write(syntheticRecords(1, 'after')[0]!.record), DeliveryError);
      await assert.rejects(sink.flush(), DeliveryError, 'a failed sink stays failed');
      await sink.close();
    } finally {
      standIn.setFaults({ down: false });
    }
  });

  test('fails fast on a non-retryable error', async () => {
    const sink = new FirehoseSink({ streamName: 'no-such-stream', client: firehose, deadLetter: new MemoryDeadLetter(), ...FAST_RETRIES });
    for (const { record } of syntheticRecords(10, 'missing')) await sink.write(record);
    await assert.rejects(sink.flush(), (error: Error) => error instanceof DeliveryError && /ResourceNotFoundException/.test(error.message) && /10 OCSF records/.test(error.message));
    assert.equal(sink.stats.calls, 1);
    assert.equal(sink.stats.retries, 0);
  });

  test('dead-letters an object too large for a Firehose record and delivers the rest', async () => {
    const deadLetter = new MemoryDeadLetter();
    const sink = new FirehoseSink({ streamName: STREAM, client: firehose, deadLetter, ...FAST_RETRIES });
    const [small1, small2] = syntheticRecords(2, 'beside-huge');
    const huge: EncodedRecord = {
      ...small1!.record,
      json: JSON.stringify({ class_uid: 1007, time: 0, metadata: { log_name: 'DeviceProcessEvents' }, p: 'x'.repeat(1_100_000) }),
      source: { blob: 'insights-logs-advancedhunting-deviceprocessevents/PT1H.json', offset: 123, length: 1_100_100 },
      // As the pipeline hands over a line a worker normalized: its bytes, decoded only to dead-letter it.
      raw: new Uint8Array(Buffer.from('the raw line, é')),
    };
    await sink.write(small1!.record);
    await sink.write(huge);
    await sink.write(small2!.record);
    assert.deepEqual(await sink.flush(), { delivered: 2, deadLettered: 1 });
    assert.equal(deadLetter.entries.length, 1);
    const [entry] = deadLetter.entries;
    assert.equal(entry!.reason, 'record_too_large');
    assert.match(entry!.error, new RegExp(`${Buffer.byteLength(huge.json) + 1} bytes`));
    assert.match(entry!.error, /1024000/);
    assert.deepEqual(
      { blob: entry!.blob, offset: entry!.offset, length: entry!.length, raw: entry!.raw },
      { ...huge.source, raw: 'the raw line, é' },
    );
    assert.deepEqual(await sink.flush(), { delivered: 0, deadLettered: 0 }, 'counts restart at each flush');
    await sink.close();
  });

  test('dead-letters the objects of records Firehose rejects for good', async () => {
    standIn.setFaults({ recordFailureRate: 1, recordErrorCode: 'InvalidArgumentException' });
    const deadLetter = new MemoryDeadLetter();
    const sink = new FirehoseSink({ streamName: STREAM, client: firehose, deadLetter, ...FAST_RETRIES });
    try {
      const sent = syntheticRecords(5, 'rejected');
      for (const { record } of sent) await sink.write(record);
      assert.deepEqual(await sink.flush(), { delivered: 0, deadLettered: 5 });
      assert.deepEqual(deadLetter.entries.map((e) => e.reason), Array(5).fill('rejected'));
      assert.deepEqual(deadLetter.entries.map((e) => e.offset), sent.map((s) => s.record.source.offset));
      assert.match(deadLetter.entries[0]!.error, /InvalidArgumentException/);
      assert.equal(sink.stats.calls, 1, 'a rejection is not retried');
    } finally {
      standIn.setFaults({ recordFailureRate: 0, recordErrorCode: 'ServiceUnavailableException' });
      await sink.close();
    }
  });

  test('gives up after maxAttempts sends of records that keep failing', async () => {
    standIn.setFaults({ recordFailureRate: 1 });
    const sink = new FirehoseSink({ streamName: STREAM, client: firehose, deadLetter: new MemoryDeadLetter(), maxAttempts: 4, ...FAST_RETRIES });
    try {
      for (const { record } of syntheticRecords(3, 'flaky')) await sink.write(record);
      await assert.rejects(sink.flush(), (error: Error) => error instanceof DeliveryError && /ServiceUnavailableException after 4 attempt/.test(error.message));
      assert.deepEqual({ calls: sink.stats.calls, retries: sink.stats.retries, failedPuts: sink.stats.failedPuts, objects: sink.stats.objects }, { calls: 4, retries: 3, failedPuts: 4, objects: 0 });
    } finally {
      standIn.setFaults({ recordFailureRate: 0 });
    }
  });
});
