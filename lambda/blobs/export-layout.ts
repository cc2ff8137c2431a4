/**
 * Where Defender's Streaming API puts rows: one container per table
 * (`insights-logs-advancedhunting-<table in lower case>`) and one append blob per tenant and hour
 * (`tenantId=<guid>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`, UTC, zero-padded).
 */
export const CONTAINER_PREFIX = 'insights-logs-advancedhunting-';

const BLOB_NAME = /^tenantId=([^/]+)\/y=(\d{4})\/m=(\d{2})\/d=(\d{2})\/h=(\d{2})\/m=\d{2}\/[^/]+\.json$/;

export const HOUR_MS = 3_600_000;

/** The container's table, in lower case (container names are lower case; `category` gives the real casing). */
export function tableKeyOfContainer(container: string): string | undefined {
  return container.startsWith(CONTAINER_PREFIX) && container.length > CONTAINER_PREFIX.length
    ? container.slice(CONTAINER_PREFIX.length)
    : undefined;
}

export function containerOfTable(table: string): string {
  return CONTAINER_PREFIX + table.toLowerCase();
}

export interface ExportBlobName {
  readonly tenantId: string;
  /** Start of the blob's hour (UTC). */
  readonly hour: Date;
}

export function parseBlobName(name: string): ExportBlobName | undefined {
  const match = BLOB_NAME.exec(name);
  if (!match) return undefined;
  const [, tenantId, y, m, d, h] = match;
  const hour = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(h)));
  return Number.isNaN(hour.getTime()) ? undefined : { tenantId: tenantId!, hour };
}

export function tenantPrefix(tenantId: string): string {
  return `tenantId=${tenantId}/`;
}

export function dayPrefix(tenantId: string, day: Date): string {
  const iso = day.toISOString();
  return `${tenantPrefix(tenantId)}y=${iso.slice(0, 4)}/m=${iso.slice(5, 7)}/d=${iso.slice(8, 10)}/`;
}

/** Each UTC day that overlaps [from, to), as its midnight. */
export function daysCovering(from: Date, to: Date): Date[] {
  const days: Date[] = [];
  const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let t = first; t < to.getTime(); t += 24 * HOUR_MS) days.push(new Date(t));
  return days;
}
