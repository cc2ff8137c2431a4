import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CheckpointStore } from '../../lambda/blobs/checkpoint-store.ts';
import { CheckpointConflictError, LeaseHeldError } from '../../lambda/errors.ts';
import { openObjectStore } from '../../lambda/storage/store-uri.ts';
import { startLocalRun, type LocalRun } from '../support/local-run.ts';
import { startMotoServer, type MotoServer } from '../support/moto-server.ts';
import { append, blobFor, containerFor, crlf, ids, TENANT_A, TENANT_B, testRow } from '../support/test-rows.ts';

const PROCESS = containerFor('DeviceProcessEvents');

function uidsById(records: { record: Record<string, any> }[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const { record } of records) {
    const id = Number(record.metadata.original_event_uid);
    if (!out.has(id)) out.set(id, new Set());
    out.get(id)!.add(record.metadata.uid);
  }
  return out;
}

describe('checkpoints in S3 (moto_server) and overlapping passes', () => {
  let moto: MotoServer;
  let run: LocalRun;
  before(async () => {
    moto = await startMotoServer();
    await moto.createBucket('forwarder-state');
    run = await startLocalRun();
  });
  after(async () => {
    await run.close();
    await moto.close();
  });

  test('S3 refuses a second create and a stale update of one checkpoint', async () => {
    const a = new CheckpointStore(openObjectStore('s3://forwarder-state/race-unit', '--state'));
    const b = new CheckpointStore(openObjectStore('s3://forwarder-state/race-unit', '--state'));
    const cp = { offset: 10, length: 10, createdOn: '2026-11-20T10:00:00.000Z', updatedAt: '' };
    const v1 = await a.save('c', 'blob.json', cp, undefined);
    await assert.rejects(b.save('c', 'blob.json', { ...cp, offset: 20 }, undefined), CheckpointConflictError);
    const loaded = await b.load('c', 'blob.json');
    assert.equal(loaded.checkpoint?.offset, 10);
    await a.save('c', 'blob.json', { ...cp, offset: 30 }, v1);
    await assert.rejects(b.save('c', 'blob.json', { ...cp, offset: 40 }, loaded.version), CheckpointConflictError);
    assert.equal((await a.load('c', 'blob.json')).checkpoint?.offset, 30);
  });

  test('two concurrent passes on one S3 checkpoint store lose no row, and duplicates share their uid', async () => {
    for (const [tenant, base] of [[TENANT_A, 0], [TENANT_B, 1000]] as const) {
      for (const hour of ['2026-11-20T10', '2026-11-20T11', '2026-11-20T12']) {
        await append(run.service, PROCESS, blobFor(tenant, hour), crlf(ids(base + Number(hour.slice(-2)) * 10, 10).map((i) => testRow(i, { tenantId: tenant }))));
      }
    }
    const state = { stateUri: 's3://forwarder-state/concurrent' };
    const [one, two] = await Promise.all([run.pass(state), run.pass(state)]);
    const third = await run.pass(state);
    assert.equal(third.bytesRead, 0, 'checkpoints cover everything either pass delivered');
    const byId = uidsById(await run.records());
    assert.equal(byId.size, 60);
    for (const [id, uids] of byId) assert.equal(uids.size, 1, `row ${id} was delivered with different uids`);
    assert.ok(one.recordsDelivered + two.recordsDelivered >= 60);
  });

  test('the lease lets one pass run and turns the overlapping one away', async () => {
    const state = openObjectStore('s3://forwarder-state/leased', '--state');
    await state.put('lease.json', JSON.stringify({ holder: 'someone-else', expiresAt: Date.now() + 60_000 }));
    await assert.rejects(run.pass({ stateUri: 's3://forwarder-state/leased', lease: true }), LeaseHeldError);
    await state.put('lease.json', JSON.stringify({ holder: 'someone-else', expiresAt: Date.now() - 1 }));
    const summary = await run.pass({ stateUri: 's3://forwarder-state/leased', lease: true, sinkUri: `file://${run.dir}/leased-out` });
    assert.equal(summary.rowsRead, 60, 'a lapsed lease is taken over');
  });
});

describe('a crash between delivery and checkpoint', () => {
  let run: LocalRun;
  before(async () => {
    run = await startLocalRun();
  });
  after(async () => {
    await run.close();
  });

  test('rows may repeat, never vanish', async () => {
    await append(run.service, PROCESS, blobFor(TENANT_A, '2026-11-20T10'), crlf(ids(1, 20).map((i) => testRow(i))));
    // Block the checkpoint folder so the write after delivery fails, as if the process died there.
    const blocker = join(run.dir, 'state', 'checkpoints');
    await mkdir(join(run.dir, 'state'), { recursive: true });
    await writeFile(blocker, 'not a folder');
    await assert.rejects(run.pass());
    assert.equal(uidsById(await run.records()).size, 20, 'delivered before the failure');
    await rm(blocker);
    await append(run.service, PROCESS, blobFor(TENANT_A, '2026-11-20T10'), crlf(ids(21, 5).map((i) => testRow(i))));
    const again = await run.pass();
    assert.equal(again.rowsRead, 25, 'nothing was checkpointed, so everything is read again');
    const byId = uidsById(await run.records());
    assert.deepEqual([...byId.keys()].sort((a, b) => a - b), ids(1, 25));
    for (const uids of byId.values()) assert.equal(uids.size, 1);
    assert.equal((await run.pass()).bytesRead, 0);
  });
});
