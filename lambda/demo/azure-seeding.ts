import type { BlobServiceClient } from '@azure/storage-blob';
import { SourceError } from '../errors.ts';
import { generateExport, type ExportOptions, type GeneratedBlob } from './export-generator.ts';

/**
 * Writes generated exports into Azure Storage (Azurite in the demo and tests) the way Defender
 * does: one append blob per table, tenant and hour, JSON lines ended by CRLF, appended in blocks.
 */

/** Azure's limit for one append block (newer API versions allow more; Defender-sized blocks stay under it). */
export const MAX_APPEND_BLOCK_BYTES = 4 * 1024 * 1024;

export interface LineOptions {
  /** Defender writes CRLF; `\n` exists for tests of readers that must cope with both. */
  readonly lineEnding?: '\r\n' | '\n';
}

/** Creates the container and the append blob when missing, then appends the lines. */
export async function writeBlob(
  service: BlobServiceClient,
  blob: Pick<GeneratedBlob, 'container' | 'blobName' | 'lines'>,
  options: LineOptions = {},
): Promise<void> {
  await appendLines(service, blob.container, blob.blobName, blob.lines, options);
}

/**
 * Appends lines (each followed by the line ending) to an append blob, existing or new, in blocks of
 * at most 4 MiB; a single line longer than that is split over blocks. Returns the bytes written.
 */
export async function appendLines(
  service: BlobServiceClient,
  container: string,
  blobName: string,
  lines: readonly string[],
  options: LineOptions = {},
): Promise<number> {
  const ending = options.lineEnding ?? '\r\n';
  let total = 0;
  for (const line of lines) total += Buffer.byteLength(line) + ending.length;
  const block = Buffer.allocUnsafe(Math.min(total, MAX_APPEND_BLOCK_BYTES));
  let used = 0;
  let written = 0;
  const flush = async () => {
    if (used === 0) return;
    // appendBlock sends the buffer as is, so the shared block is copied out before it is reused.
    await appendRaw(service, container, blobName, Buffer.from(block.subarray(0, used)));
    written += used;
    used = 0;
  };
  if (lines.length === 0) {
    await ensureAppendBlob(service, container, blobName);
    return 0;
  }
  for (const line of lines) {
    const bytes = Buffer.byteLength(line) + ending.length;
    if (used + bytes > MAX_APPEND_BLOCK_BYTES) await flush();
    if (bytes > MAX_APPEND_BLOCK_BYTES) {
      const whole = Buffer.from(line + ending);
      for (let at = 0; at < whole.length; at += MAX_APPEND_BLOCK_BYTES) {
        await appendRaw(service, container, blobName, whole.subarray(at, at + MAX_APPEND_BLOCK_BYTES));
      }
      written += whole.length;
      continue;
    }
    used += block.write(line, used);
    used += block.write(ending, used, 'latin1');
  }
  await flush();
  return written;
}

/** Appends raw bytes (partial lines, invalid UTF-8, ...) to an append blob, creating it when missing. */
export async function appendRaw(service: BlobServiceClient, container: string, blobName: string, data: Buffer): Promise<void> {
  if (data.length > MAX_APPEND_BLOCK_BYTES) {
    for (let at = 0; at < data.length; at += MAX_APPEND_BLOCK_BYTES) {
      await appendRaw(service, container, blobName, data.subarray(at, at + MAX_APPEND_BLOCK_BYTES));
    }
    return;
  }
  const blob = service.getContainerClient(container).getAppendBlobClient(blobName);
  try {
    // The blob usually exists already: try the append first, create only on 404 (one request per block).
    await blob.appendBlock(data, data.length);
  } catch (error) {
    if (statusOf(error) !== 404) throw new SourceError(`appending ${data.length} bytes to ${container}/${blobName} failed`, { cause: error });
    await ensureAppendBlob(service, container, blobName);
    try {
      await blob.appendBlock(data, data.length);
    } catch (retryError) {
      throw new SourceError(`appending ${data.length} bytes to ${container}/${blobName} failed`, { cause: retryError });
    }
  }
}

async function ensureAppendBlob(service: BlobServiceClient, container: string, blobName: string): Promise<void> {
  const containerClient = service.getContainerClient(container);
  try {
    await containerClient.createIfNotExists();
    await containerClient.getAppendBlobClient(blobName).createIfNotExists();
  } catch (error) {
    throw new SourceError(`creating the append blob ${container}/${blobName} failed`, { cause: error });
  }
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error ? (error as { statusCode?: number }).statusCode : undefined;
}

/** Generates an export and writes it, blob by blob. `bytes` counts line endings too: what a reader reads. */
export async function seedExport(service: BlobServiceClient, options: ExportOptions): Promise<{ blobs: number; rows: number; bytes: number }> {
  let blobs = 0;
  let rows = 0;
  let bytes = 0;
  for (const blob of generateExport(options)) {
    bytes += await appendLines(service, blob.container, blob.blobName, blob.lines);
    blobs++;
    rows += blob.lines.length;
  }
  return { blobs, rows, bytes };
}
