import type { BlobClient } from '@azure/storage-blob';
import { RestError } from '@azure/storage-blob';
import { SourceError } from '../errors.ts';
import type { RequestCounter } from './blob-listing.ts';
import { describeRestError } from './blob-listing.ts';

export interface RangedReadOptions {
  /** Bytes per ranged GET. */
  readonly rangeBytes: number;
  /** Attempts per range before the pass gives up on the blob. */
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  /**
   * The creation time the listing saw. A blob recreated between listing and read has another one:
   * its bytes at the old offsets belong to another blob, so nothing is read (the next pass starts it over).
   */
  readonly expectedCreatedOn?: string;
  /**
   * Ends the read: a GET in flight is cancelled and its connection dropped, and the read rejects
   * with the SDK's AbortError instead of retrying. A pass aborts its reads when it ends, so that
   * a GET begun ahead of a failure does not hold a socket open after it.
   */
  readonly abortSignal?: AbortSignal;
}

export const DEFAULT_RANGED_READ: RangedReadOptions = { rangeBytes: 8 * 1024 * 1024, maxAttempts: 5, retryDelayMs: 250 };

/**
 * Reads [from, to) of a blob as a stream of chunks, one ranged GET per `rangeBytes`. The SDK's own
 * body-resume is off (it resumes with an ETag precondition that fails with 412 on a growing append
 * blob); a broken range is retried here, from the first byte not yet received. A 416 (Azure) or an
 * empty 206 (Azurite) means nothing new. `beforeRange` lets the caller stop between ranges.
 */
export async function* readRange(
  blob: BlobClient,
  from: number,
  to: number,
  requests: RequestCounter,
  options: RangedReadOptions = DEFAULT_RANGED_READ,
  beforeRange: () => boolean = () => true,
): AsyncGenerator<Buffer> {
  let position = from;
  while (position < to) {
    if (!beforeRange()) return;
    const rangeEnd = Math.min(to, position + options.rangeBytes);
    let failures = 0;
    while (position < rangeEnd) {
      let received = 0;
      try {
        requests.read++;
        const response = await blob.download(position, rangeEnd - position, { maxRetryRequests: 0, abortSignal: options.abortSignal });
        if (options.expectedCreatedOn && response.createdOn && response.createdOn.getTime() !== Date.parse(options.expectedCreatedOn)) {
          (response.readableStreamBody as NodeJS.ReadableStream | undefined)?.resume();
          return;
        }
        const body = response.readableStreamBody as AsyncIterable<Buffer> | undefined;
        if (body) {
          for await (const chunk of body) {
            const room = rangeEnd - position;
            const bytes = chunk.length > room ? chunk.subarray(0, room) : chunk;
            position += bytes.length;
            received += bytes.length;
            yield bytes;
            if (position >= rangeEnd) break;
          }
        }
        if (received === 0) return;
      } catch (error) {
        if (options.abortSignal?.aborted) throw error;
        if (error instanceof RestError && error.statusCode === 416) return;
        // Bytes already yielded stay consumed: the retry resumes right after them.
        failures = received > 0 ? 1 : failures + 1;
        if (failures >= options.maxAttempts) {
          throw new SourceError(
            `Azure Storage: cannot read ${blob.containerName}/${blob.name} at byte ${position}: ${describeRestError(error)}`,
            { cause: error },
          );
        }
        await sleep(options.retryDelayMs * 2 ** Math.min(failures, 6) * (0.5 + Math.random() / 2));
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
