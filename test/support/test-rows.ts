import type { BlobServiceClient } from '@azure/storage-blob';
import { AppendBlobClient } from '@azure/storage-blob';

export const TENANT_A = '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c';
export const TENANT_B = 'a9d4e2f1-5b3c-4d8e-9f7a-1c2b3d4e5f6a';

export function containerFor(table: string): string {
  return `insights-logs-advancedhunting-${table.toLowerCase()}`;
}

export function blobFor(tenantId: string, hour: string): string {
  const [date, h] = hour.split('T');
  const [y, m, d] = date!.split('-');
  return `tenantId=${tenantId}/y=${y}/m=${m}/d=${d}/h=${h!.slice(0, 2)}/m=00/PT1H.json`;
}

/**
 * A small, readable export row whose `ReportId` is `id`, so a test can count every row it wrote in
 * the output (`metadata.original_event_uid`) and in the dead-letter store.
 */
export function testRow(id: number, options: { table?: string; tenantId?: string; time?: string } = {}): string {
  const table = options.table ?? 'DeviceProcessEvents';
  const time = options.time ?? '2026-11-20T10:15:00.1234567Z';
  return JSON.stringify({
    time,
    tenantId: options.tenantId ?? TENANT_A,
    operationName: 'Publish',
    category: `AdvancedHunting-${table}`,
    _TimeReceivedBySvc: time,
    properties: {
      Timestamp: time,
      DeviceId: 'a41f09c3be7d2a6e5f8c1b0d9e3a7f2c4b6d8e0f',
      DeviceName: 'wks-01.corp.example.com',
      ActionType: 'ProcessCreated',
      FileName: 'cmd.exe',
      FolderPath: 'C:\\Windows\\System32\\cmd.exe',
      ProcessId: 1000 + id,
      ProcessCommandLine: `cmd.exe /c echo row-${id} ©`,
      InitiatingProcessFileName: 'explorer.exe',
      InitiatingProcessId: 500,
      ReportId: id,
      MachineGroup: 'Test',
    },
    Tenant: 'DefaultTenant',
  });
}

/** Appends raw bytes to an append blob, creating the container and blob when missing. */
export async function append(service: BlobServiceClient, container: string, blob: string, data: string | Buffer): Promise<void> {
  const containerClient = service.getContainerClient(container);
  await containerClient.createIfNotExists();
  const client: AppendBlobClient = containerClient.getAppendBlobClient(blob);
  await client.createIfNotExists();
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  if (bytes.length) await client.appendBlock(bytes, bytes.length);
}

/** Rows as Defender writes them: each followed by CRLF. */
export function crlf(lines: readonly string[]): string {
  return lines.map((l) => l + '\r\n').join('');
}

export function ids(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}
