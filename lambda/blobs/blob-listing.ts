import type { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import { RestError } from '@azure/storage-blob';
import { SourceError } from '../errors.ts';
import {
  CONTAINER_PREFIX,
  dayPrefix,
  daysCovering,
  HOUR_MS,
  parseBlobName,
  tableKeyOfContainer,
  tenantPrefix,
} from './export-layout.ts';

/** A blob as the listing saw it: the length and creation time are what a pass reads up to and checks against. */
export interface ListedBlob {
  readonly container: string;
  /** Lower-cased table name from the container. */
  readonly tableKey: string;
  readonly name: string;
  readonly tenantId: string;
  readonly hour: Date;
  readonly length: number;
  readonly createdOn: string;
  readonly etag: string;
}

export interface ListingScope {
  /** Lower-cased table names to read; all tables when undefined. */
  readonly tables?: ReadonlySet<string>;
  /** Tenant ids to read; all tenants when undefined. */
  readonly tenants?: ReadonlySet<string>;
  /** Hours [from, to) to list. Undefined `from`: list every hour (a full sweep). */
  readonly from?: Date;
  readonly to: Date;
}

/** Counts the Azure requests a pass makes, by kind. */
export class RequestCounter {
  list = 0;
  read = 0;
  get total(): number {
    return this.list + this.read;
  }
}

/**
 * Lists export blobs at the cost of the window, not of the history: containers by prefix, tenants
 * by a delimiter listing, then only the day prefixes that cover [from, to). A missing container or
 * an empty account means no data yet. Results come in hour order within each table and tenant.
 */
export class BlobLister {
  constructor(
    private readonly service: BlobServiceClient,
    private readonly requests: RequestCounter,
  ) {}

  async listTables(scope: ListingScope): Promise<{ container: string; tableKey: string }[]> {
    const out: { container: string; tableKey: string }[] = [];
    await this.guard('list containers', async () => {
      for await (const page of this.service.listContainers({ prefix: CONTAINER_PREFIX }).byPage({ maxPageSize: 5000 })) {
        this.requests.list++;
        for (const item of page.containerItems) {
          const tableKey = tableKeyOfContainer(item.name);
          if (tableKey && (!scope.tables || scope.tables.has(tableKey))) out.push({ container: item.name, tableKey });
        }
      }
    });
    return out;
  }

  async listTenants(container: string): Promise<string[]> {
    const tenants: string[] = [];
    const client = this.service.getContainerClient(container);
    await this.guard(`list tenants in ${container}`, async () => {
      for await (const page of client.listBlobsByHierarchy('/', { prefix: 'tenantId=' }).byPage({ maxPageSize: 5000 })) {
        this.requests.list++;
        for (const prefix of page.segment.blobPrefixes ?? []) {
          const match = /^tenantId=([^/]+)\/$/.exec(prefix.name);
          if (match) tenants.push(match[1]!);
        }
      }
    }, true);
    return tenants;
  }

  async listBlobs(container: string, tableKey: string, tenantId: string, scope: ListingScope): Promise<ListedBlob[]> {
    const client = this.service.getContainerClient(container);
    const prefixes = scope.from ? daysCovering(scope.from, scope.to).map((d) => dayPrefix(tenantId, d)) : [tenantPrefix(tenantId)];
    const blobs: ListedBlob[] = [];
    for (const prefix of prefixes) {
      await this.guard(`list ${container}/${prefix}`, () => this.collect(client, container, tableKey, prefix, scope, blobs), true);
    }
    return blobs.sort((a, b) => a.hour.getTime() - b.hour.getTime() || a.name.localeCompare(b.name));
  }

  private async collect(
    client: ContainerClient,
    container: string,
    tableKey: string,
    prefix: string,
    scope: ListingScope,
    into: ListedBlob[],
  ): Promise<void> {
    for await (const page of client.listBlobsFlat({ prefix }).byPage({ maxPageSize: 5000 })) {
      this.requests.list++;
      for (const item of page.segment.blobItems) {
        const parsed = parseBlobName(item.name);
        if (!parsed) continue;
        const hour = parsed.hour.getTime();
        if (scope.from && hour < scope.from.getTime()) continue;
        if (hour >= scope.to.getTime()) continue;
        into.push({
          container,
          tableKey,
          name: item.name,
          tenantId: parsed.tenantId,
          hour: parsed.hour,
          length: item.properties.contentLength ?? 0,
          createdOn: (item.properties.createdOn ?? item.properties.lastModified).toISOString(),
          etag: item.properties.etag,
        });
      }
    }
  }

  private async guard(what: string, action: () => Promise<void>, missingIsEmpty = false): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (missingIsEmpty && error instanceof RestError && error.statusCode === 404) return;
      throw new SourceError(`Azure Storage: cannot ${what}: ${describeRestError(error)}`, { cause: error });
    }
  }
}

export function describeRestError(error: unknown): string {
  if (error instanceof RestError) {
    const code = error.code ?? (error.details as { errorCode?: string } | undefined)?.errorCode;
    if (error.statusCode === 403) return `access denied (HTTP 403${code ? ` ${code}` : ''}): the identity needs "Storage Blob Data Reader" on the account, or the SAS needs read and list`;
    if (error.statusCode) return `HTTP ${error.statusCode}${code ? ` ${code}` : ''}`;
    return `${code ?? 'network error'}: ${error.message.split('\n')[0]}`;
  }
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** The hours a normal pass lists: the open hour back to the late-growth window. */
export function windowScope(now: Date, lateWindowHours: number): { from: Date; to: Date } {
  const openHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return { from: new Date(openHour - lateWindowHours * HOUR_MS), to: new Date(openHour + HOUR_MS) };
}
