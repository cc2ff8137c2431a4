import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { RequestCounter } from '../../lambda/blobs/blob-listing.ts';
import { readRange } from '../../lambda/blobs/ranged-reader.ts';
import { AZURITE_ACCOUNT, AZURITE_KEY, startLocalAzurite, type LocalAzurite } from '../../lambda/demo/local-azurite.ts';
import { startFaultProxy, type FaultProxy } from '../support/http-fault-proxy.ts';
import { append } from '../support/test-rows.ts';

const OPTIONS = { rangeBytes: 1000, maxAttempts: 4, retryDelayMs: 1 };

async function readAll(iterable: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of iterable) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('ranged reads through a fault proxy in front of Azurite', () => {
  let azurite: LocalAzurite;
  let proxy: FaultProxy;
  let service: BlobServiceClient;
  const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''));

  before(async () => {
    azurite = await startLocalAzurite();
    proxy = await startFaultProxy(azurite.blobEndpoint.replace(`/${AZURITE_ACCOUNT}`, ''));
    service = BlobServiceClient.fromConnectionString(
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${proxy.url}/${AZURITE_ACCOUNT};`,
      { retryOptions: { maxTries: 1 } },
    );
    await append(BlobServiceClient.fromConnectionString(azurite.connectionString), 'ctr1', 'b.json', data);
  });
  after(async () => {
    await proxy.close();
    await azurite.close();
  });

  test('reads exactly [from, to) in ranges of the given size', async () => {
    proxy.setFault(() => ({ kind: 'pass' }));
    const requests = new RequestCounter();
    const bytes = await readAll(readRange(service.getContainerClient('ctr1').getBlobClient('b.json'), 1234, 4321, requests, OPTIONS));
    assert.deepEqual(bytes, data.subarray(1234, 4321));
    assert.equal(requests.read, 4);
  });

  test('a connection reset mid-body resumes after the bytes already received, without repeating them', async () => {
    let resets = 0;
    proxy.setFault((req) => (req.method === 'GET' && resets++ < 3 ? { kind: 'reset-mid-body', afterBytes: 300 } : { kind: 'pass' }));
    const requests = new RequestCounter();
    const bytes = await readAll(readRange(service.getContainerClient('ctr1').getBlobClient('b.json'), 0, 5000, requests, OPTIONS));
    assert.deepEqual(bytes, data);
    assert.ok(requests.read > 5);
  });

  test('503s are retried; a range that keeps failing raises a SourceError naming the blob and offset', async () => {
    let failures = 0;
    proxy.setFault(() => (failures++ < 2 ? { kind: 'respond', status: 503, body: '<Error><Code>ServerBusy</Code></Error>' } : { kind: 'pass' }));
    assert.deepEqual(await readAll(readRange(service.getContainerClient('ctr1').getBlobClient('b.json'), 0, 5000, new RequestCounter(), OPTIONS)), data);
    proxy.setFault(() => ({ kind: 'respond', status: 503, body: '<Error><Code>ServerBusy</Code></Error>' }));
    await assert.rejects(
      readAll(readRange(service.getContainerClient('ctr1').getBlobClient('b.json'), 2000, 5000, new RequestCounter(), OPTIONS)),
      (error: Error) => error.name === 'SourceError' && /ctr1\/b\.json at byte 2000: HTTP 503/.test(error.message),
    );
  });

  test('an aborted read rejects at once, without a retry, while its GET is still in flight', async () => {
    proxy.setFault(() => ({ kind: 'delay', ms: 5000 }));
    const requests = new RequestCounter();
    const reading = new AbortController();
    const read = readAll(readRange(service.getContainerClient('ctr1').getBlobClient('b.json'), 0, 5000, requests, { ...OPTIONS, abortSignal: reading.signal }));
    setTimeout(() => reading.abort(), 50);
    await assert.rejects(read, (error: Error) => error.name === 'AbortError');
    assert.equal(requests.read, 1);
    proxy.setFault(() => ({ kind: 'pass' }));
  });

  test("Azure's 416 for a range at the end of the blob means nothing new", async () => {
    proxy.setFault(() => ({ kind: 'pass' }));
    // Azurite answers 206 with no bytes where Azure answers 416 InvalidRange: make it answer like Azure.
    proxy.setRewrite((req, status, _headers, body) =>
      req.method === 'GET' && status === 206 && body.length === 0
        ? { status: 416, headers: { 'content-type': 'application/xml', 'x-ms-error-code': 'InvalidRange' }, body: Buffer.from('<?xml version="1.0"?><Error><Code>InvalidRange</Code></Error>') }
        : undefined,
    );
    const requests = new RequestCounter();
    const bytes = await readAll(readRange(service.getContainerClient('ctr1').getBlobClient('b.json'), 5000, 6000, requests, OPTIONS));
    assert.equal(bytes.length, 0);
    assert.equal(requests.read, 1);
    proxy.setRewrite(undefined);
  });
});
