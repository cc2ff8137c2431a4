import type { BlobServiceClient } from '@azure/storage-blob';
import { generateExport, type ExportOptions, type GeneratedBlob } from './export-generator.ts';

/** Azure's limit for one append block. */
const MAX_APPEND_BLOCK = 4 * 1024 * 1024;

export interface LineOptions {
  /** Defender writes CRLF. */
  readonly lineEnding?: '\r\n' | '\n';
}

/** Writes a generated blob the way Defender does: an append blob, rows appended in blocks of at most 4 MiB. */
export async function writeBlob(
  service: BlobServiceClient,
  blob: Pick<GeneratedBlob, 'container' | 'blobName' | 'lines'>,
  options: LineOptions = {},
): Promise<void> {
  await appendLines(service, blob.container, blob.blobName, blob.lines, options);
}

/** Appends rows (each followed by the line ending) to an append blob, creating it and its container when missing. */
export async function appendLines(
  service: BlobServiceClient,
  container: string,
  blobName: string,
  lines: readonly string[],
  options: LineOptions = {},
): Promise<number> {
  const ending = options.lineEnding ?? '\r\n';
  let written = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    await appendRaw(service, container, blobName, Buffer.concat(pending, pendingBytes));
    written += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  for (const line of lines) {
    const bytes = Buffer.from(line + ending);
    if (pendingBytes + bytes.length > MAX_APPEND_BLOCK) await flush();
    if (bytes.length > MAX_APPEND_BLOCK) {
      for (let at = 0; at < bytes.length; at += MAX_APPEND_BLOCK) {
        await appendRaw(service, container, blobName, bytes.subarray(at, at + MAX_APPEND_BLOCK));
      }
      written += bytes.length;
      continue;
    }
    pending.push(bytes);
    pendingBytes += bytes.length;
  }
  await flush();
  return written;
}

/** Appends raw bytes (partial lines, invalid UTF-8, …) to an append blob, creating it when missing. */
export async function appendRaw(service: BlobServiceClient, container: string, blobName: string, data: Buffer): Promise<void> {
  const containerClient = service.getContainerClient(container);
  const blob = containerClient.getAppendBlobClient(blobName);
  try {
    await blob.appendBlock(data, data.length);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    await containerClient.createIfNotExists();
    await blob.createIfNotExists();
    await blob.appendBlock(data, data.length);
  }
}

/** Generates an export and writes it into the account. */
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
