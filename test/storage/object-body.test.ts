import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { ObjectStore } from '../../lambda/storage/object-store.ts';
import { openObjectStore } from '../../lambda/storage/store-uri.ts';
import { startMotoServer, type MotoServer } from '../support/moto-server.ts';

const pieces = [Buffer.from('{"a":1}\n'), Buffer.alloc(0), Buffer.from('{"b":"Zoë ✓"}\n'), Buffer.from('x'.repeat(70_000) + '\n')];
const whole = Buffer.concat(pieces);

/** Every store takes a body in pieces (how the sinks hand over a partition) as the pieces' bytes in order. */
async function checkPieces(store: ObjectStore): Promise<void> {
  await store.put('class=x/part-1.ndjson', pieces);
  const stored = await store.get('class=x/part-1.ndjson');
  assert.ok(stored?.body.equals(whole), 'the pieces, in order, as one object');

  const created = await store.put('created.ndjson', pieces, { ifNoneMatch: '*' });
  assert.equal(created.etag, (await store.get('created.ndjson'))?.etag, 'a conditional write reports the etag that a read then gives');
  await store.put('created.ndjson', [Buffer.from('next\n')], { ifMatch: created.etag });
  assert.equal((await store.get('created.ndjson'))?.body.toString(), 'next\n');
}

describe('object bodies in pieces', () => {
  let moto: MotoServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'object-body-'));
    moto = await startMotoServer();
    await moto.createBucket('bodies');
  });
  after(async () => {
    await moto.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a local folder writes them in order, and its etag covers every piece', async () => {
    await checkPieces(openObjectStore(pathToFileURL(dir).href, '--sink'));
  });

  test('S3 (moto_server) stores them in order as one object', async () => {
    await checkPieces(openObjectStore('s3://bodies/prefix', '--sink'));
  });
});
