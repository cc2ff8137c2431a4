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
  /** False when the listing gave no creation time and `createdOn` holds the last-modified time instead. */
  readonly creationTimeListed: boolean;
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

const LISTING_ATTEMPTS = 3;

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
    return this.guard('list containers', async () => {
      const out: { container: string; tableKey: string }[] = [];
      for await (const page of this.service.listContainers({ prefix: CONTAINER_PREFIX }).byPage({ maxPageSize: 5000 })) {
        this.requests.list++;
        for (const item of page.containerItems) {
          const tableKey = tableKeyOfContainer(item.name);
          if (tableKey && (!scope.tables || scope.tables.has(tableKey))) out.push({ container: item.name, tableKey });
        }
      }
      return out;
    });
  }

  async listTenants(container: string): Promise<string[]> {
    const client = this.service.getContainerClient(container);
    return this.guard(`list tenants in ${container}`, async () => {
      const tenants: string[] = [];
      for await (const page of client.listBlobsByHierarchy('/', { prefix: 'tenantId=' }).byPage({ maxPageSize: 5000 })) {
        this.requests.list++;
        for (const prefix of page.segment.blobPrefixes ?? []) {
          const match = /^tenantId=([^/]+)\/$/.exec(prefix.name);
          if (match) tenants.push(match[1]!);
        }
      }
      return tenants;
    }, []);
  }

  async listBlobs(container: string, tableKey: string, tenantId: string, scope: ListingScope): Promise<ListedBlob[]> {
    const client = this.service.getContainerClient(container);
    const prefixes = scope.from ? daysCovering(scope.from, scope.to).map((d) => dayPrefix(tenantId, d)) : [tenantPrefix(tenantId)];
    const blobs: ListedBlob[] = [];
    for (const prefix of prefixes) {
      blobs.push(...(await this.guard(`list ${container}/${prefix}`, () => this.collect(client, container, tableKey, prefix, scope), [])));
    }
    return blobs.sort((a, b) => a.hour.getTime() - b.hour.getTime() || a.name.localeCompare(b.name));
  }

  private async collect(
    client: ContainerClient,
    container: string,
    tableKey: string,
    prefix: string,
    scope: ListingScope,
  ): Promise<ListedBlob[]> {
    const into: ListedBlob[] = [];
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
          creationTimeListed: item.properties.createdOn !== undefined,
          etag: item.properties.etag,
        });
      }
    }
    return into;
  }

  /**
   * Runs one listing with its own retries on top of the SDK's: a page cut off mid-body surfaces as a
   * parse error that the SDK does not retry. A missing container (404) is `missing`, when given.
   */
  private async guard<T>(what: string, action: () => Promise<T>, missing?: T): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await action();
      } catch (error) {
        const status = error instanceof RestError ? error.statusCode : undefined;
        if (missing !== undefined && status === 404) return missing;
        const retryable = status === undefined || status >= 500 || status === 408 || status === 429;
        if (!retryable || attempt >= LISTING_ATTEMPTS) {
          throw new SourceError(`Azure Storage: cannot ${what}: ${describeRestError(error)}`, { cause: error });
        }
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt * (0.5 + Math.random() / 2)));
      }
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
