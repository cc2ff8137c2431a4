import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { ObjectSink } from '../../lambda/batches/object-sink.ts';
import { DeliveryError } from '../../lambda/errors.ts';
import { mapperRegistry } from '../../lambda/ocsf/registry.ts';
import type { TableMapper } from '../../lambda/ocsf/types.ts';
import { replayDeadLetters } from '../../lambda/replay/replay.ts';
import { FileObjectStore } from '../../lambda/storage/file-object-store.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';
import { downloadLake } from '../support/duckdb.ts';
import { startFirehoseStandIn, type FirehoseStandIn } from '../support/firehose-stand-in.ts';
import { filesUnder, startLocalRun, type LocalRun } from '../support/local-run.ts';
import { startMotoServer, type MotoServer } from '../support/moto-server.ts';
import { append, blobFor, containerFor, crlf, ids as idRange, TENANT_A, TENANT_B, testRow } from '../support/test-rows.ts';

const STREAM = 'defender-ocsf';
const NEW_TABLE = 'DeviceTvmSoftwareInventory';

describe('a pass delivering through Firehose (stand-in over moto S3)', () => {
  let moto: MotoServer;
  let firehose: FirehoseStandIn;
  let run: LocalRun;
  const sink = { sinkUri: `firehose://${STREAM}` };

  before(async () => {
    moto = await startMotoServer();
    await moto.createBucket('lake');
    firehose = await startFirehoseStandIn({ streams: [{ name: STREAM, bucket: 'lake', prefix: 'ocsf/class=!{partitionKeyFromQuery:class}/table=!{partitionKeyFromQuery:table}/dt=!{partitionKeyFromQuery:dt}/' }] });
    process.env.AWS_ENDPOINT_URL_FIREHOSE = firehose.endpoint;
    run = await startLocalRun();
    let id = 1;
    for (const tenantId of [TENANT_A, TENANT_B]) {
      for (const hour of ['2026-11-20T10', '2026-11-20T11', '2026-11-21T09', '2026-11-21T10', '2026-11-22T00']) {
        const time = `${hour}:30:00.1234567Z`;
        await append(run.service, containerFor('DeviceProcessEvents'), blobFor(tenantId, hour), crlf(idRange(id, 1800).map((i) => testRow(i, { tenantId, time }))));
        id += 1800;
        await append(run.service, containerFor(NEW_TABLE), blobFor(tenantId, hour), crlf(idRange(id, 200).map((i) => testRow(i, { tenantId, time, table: NEW_TABLE }))));
        id += 200;
      }
    }
  });
  after(async () => {
    delete process.env.AWS_ENDPOINT_URL_FIREHOSE;
    await run.close();
    await firehose.close();
    await moto.close();
  });

  test('a stream that stays down fails the pass and moves no checkpoint', async () => {
    firehose.setFaults({ down: true });
    await assert.rejects(run.pass({ ...sink, tables: ['DeviceProcessEvents'], from: new Date('2026-11-20T10:00Z'), to: new Date('2026-11-20T11:00Z') }), DeliveryError);
    assert.equal(firehose.acceptedObjects(STREAM).length, 0);
    firehose.setFaults({ down: false });
  });

  test('under per-record failures and throttles, 20,000 rows arrive exactly once, within every limit', async () => {
    firehose.setFaults({ recordFailureRate: 0.05, throttleRate: 0.1 });
    const summary = await run.pass(sink);
    firehose.setFaults({ recordFailureRate: 0, throttleRate: 0 });
    assert.equal(summary.rowsRead, 20_000);
    assert.equal(summary.recordsDelivered, 20_000);
    assert.deepEqual(summary.newTables, [NEW_TABLE]);
    const delivered = firehose.acceptedObjects(STREAM).map((o) => Number((o as any).metadata.original_event_uid));
    assert.equal(delivered.length, 20_000);
    assert.equal(new Set(delivered).size, 20_000, 'no row was delivered twice');
    const stats = firehose.stats;
    assert.equal(stats.limitViolations, 0);
    assert.equal(stats.errorRecords, 0, 'every record was valid for JSON deaggregation');
    assert.ok(stats.failedRecords > 0 && stats.throttledCalls > 0, 'faults were injected');
    assert.ok(stats.maxRecordsPerCall <= 500 && stats.maxBytesPerCall <= 4 * 1024 * 1024 && stats.maxObjectsPerRecord <= 500);
    assert.ok(stats.billedBytes / stats.bytes <= 1.05, `billed/sent ${stats.billedBytes / stats.bytes}`);
  });

  test('Athena stand-in: DuckDB over the delivered objects counts per class and table what was read', async () => {
    await firehose.flushToS3();
    const lake = await downloadLake(moto.s3(), 'lake', 'ocsf/');
    const rows = await lake.query(
      `select class, "table", count(*)::INTEGER as n, count(distinct metadata.uid)::INTEGER as uids from read_ndjson('${lake.dir}/ocsf/*/*/*/*.gz', hive_partitioning=true, hive_types_autocast=false, union_by_name=true) group by all order by all`,
    );
    assert.deepEqual(rows, [
      { class: 'base_event', table: NEW_TABLE, n: 2000, uids: 2000 },
      { class: 'process_activity', table: 'DeviceProcessEvents', n: 18000, uids: 18000 },
    ]);
    await lake.close();
  });

  test('a row a mapper throws on is dead-lettered as mapping_failed; a replay after the fix delivers it once', async () => {
    const registry = mapperRegistry as Map<string, TableMapper>;
    const original = registry.get('DeviceProcessEvents')!;
    registry.set('DeviceProcessEvents', { ...original, map: () => { throw new TypeError('unexpected value in ProcessId'); } });
    await append(run.service, containerFor('DeviceProcessEvents'), blobFor(TENANT_A, '2026-11-22T01'), crlf(idRange(30_001, 5).map((i) => testRow(i, { time: '2026-11-22T01:00:00Z' }))));
    let summary;
    try {
      summary = await run.pass(sink);
    } finally {
      registry.set('DeviceProcessEvents', original);
    }
    assert.equal(summary.deadLettered, 5);
    assert.equal((await run.deadLetters()).filter((d) => d.reason === 'mapping_failed').length, 5);

    const deadLetters = new FileObjectStore(join(run.dir, 'state', 'dead-letter'));
    const out = new ObjectSink(new FileObjectStore(join(run.dir, 'replayed')), { gzip: false });
    const first = await replayDeadLetters(deadLetters, out, silentLog);
    assert.equal(first.replayed, 5);
    const second = await replayDeadLetters(deadLetters, out, silentLog);
    assert.equal(second.replayed, 0);
    assert.equal(second.alreadyReplayed, 5);
    const files = await filesUnder(join(run.dir, 'replayed'));
    const ids = (await Promise.all(files.map((f) => readFile(f, 'utf8'))))
      .flatMap((text) => text.split('\n').filter(Boolean))
      .map((line) => Number(JSON.parse(line).metadata.original_event_uid))
      .sort((a, b) => a - b);
    assert.deepEqual(ids, [30_001, 30_002, 30_003, 30_004, 30_005]);
  });
});
