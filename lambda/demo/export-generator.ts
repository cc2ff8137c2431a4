import { readFileSync } from 'node:fs';
import { STREAMED_TABLES } from '../ocsf/streamed-tables.ts';
import { ACTION_TYPES, UNLISTED_ACTION_TYPE_SHARE } from './action-types.ts';
import { columnValue, createTenantWorld, isoTime7, RowContext, type TenantWorld } from './column-values.ts';
import { deriveSeed, Random } from './random.ts';

export { STREAMED_TABLES };

interface TableColumns {
  readonly streamed: boolean;
  readonly container: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/** Column facts of every Advanced Hunting table, carried by the project (from Microsoft's table reference). */
const TABLES: Readonly<Record<string, TableColumns>> = JSON.parse(
  readFileSync(new URL('./table-columns.json', import.meta.url), 'utf8'),
);

/**
 * Row shares of a real tenant's export: mostly network and process events, then file, registry,
 * logon and the other device tables; mail, identity and alerts are a small part of the volume.
 */
export const TABLE_MIX: Readonly<Record<string, number>> = {
  DeviceNetworkEvents: 30,
  DeviceProcessEvents: 18,
  DeviceFileEvents: 14,
  DeviceRegistryEvents: 9,
  DeviceEvents: 8,
  DeviceLogonEvents: 5,
  DeviceImageLoadEvents: 5,
  DeviceNetworkInfo: 1,
  DeviceInfo: 1,
  DeviceFileCertificateInfo: 1,
  EmailEvents: 1.5,
  EmailUrlInfo: 1,
  EmailAttachmentInfo: 0.5,
  EmailPostDeliveryEvents: 0.2,
  UrlClickEvents: 0.3,
  CloudAppEvents: 2,
  IdentityLogonEvents: 1,
  IdentityQueryEvents: 1,
  IdentityDirectoryEvents: 0.3,
  IdentityInfo: 0.1,
  AlertInfo: 0.05,
  AlertEvidence: 0.15,
  BehaviorInfo: 0.05,
  BehaviorEntities: 0.1,
};

export interface RowOptions {
  readonly table: string;
  readonly tenantId: string;
  readonly eventTime: Date;
  /** Include Defender's wire quirks (odd timestamp precision, booleans as 0/"true", big ReportIds, …). Default true. */
  readonly quirks?: boolean;
}

export interface RowGenerator {
  /** One export line (the envelope around every column of the table), without its line terminator. */
  row(options: RowOptions): string;
}

const BIG_INTEGER = '__big_integer__';

/** A deterministic source of realistic rows: the same seed gives the same bytes. */
export function createRowGenerator(seed: number): RowGenerator {
  const random = new Random(deriveSeed(seed, 'rows'));
  const worlds = new Map<string, TenantWorld>();
  const valueFns = new Map<string, readonly [string, string, ((c: RowContext) => unknown) | undefined][]>();
  const valuesOf = (table: string) => {
    let fns = valueFns.get(table);
    if (!fns) {
      const columns = TABLES[table]?.columns ?? [];
      fns = columns.map(({ name, type }) => [name, type, columnValue(table, name, type)] as const);
      valueFns.set(table, fns);
    }
    return fns;
  };
  return {
    row({ table, tenantId, eventTime, quirks = true }: RowOptions): string {
      let world = worlds.get(tenantId);
      if (!world) worlds.set(tenantId, (world = createTenantWorld(seed, tenantId)));
      const eventMs = eventTime.getTime();
      const actionType = actionTypeOf(random, table, quirks);
      const context = new RowContext(random, world, table, actionType, eventMs, quirks);
      const properties: Record<string, unknown> = {};
      let bigReportId: string | undefined;
      for (const [name, type, value] of valuesOf(table)) {
        if (name === 'Timestamp') properties.Timestamp = context.time(eventMs);
        else if (name === 'ActionType') properties.ActionType = actionType;
        else if (name === 'ReportId') {
          if (type === 'string') properties.ReportId = random.guid();
          else if (table === 'DeviceInfo' && quirks && random.chance(0.3)) {
            bigReportId = `${random.int(1, 9)}${random.digits(17)}`;
            properties.ReportId = BIG_INTEGER;
          } else properties.ReportId = context.nextReportId();
        } else {
          const v = value?.(context);
          properties[name] = v === undefined ? null : v;
        }
      }
      const exportedMs = eventMs + random.int(2_000, 240_000);
      const envelope = {
        time: isoTime7(exportedMs, random.int(0, 9999)),
        tenantId,
        operationName: 'Publish',
        category: `AdvancedHunting-${table}`,
        _TimeReceivedBySvc: isoTime7(exportedMs - random.int(500, 60_000), random.int(0, 9999)),
        properties,
        Tenant: 'DefaultTenant',
      };
      const line = JSON.stringify(envelope);
      // JavaScript numbers cannot hold an 18-digit ReportId: write its digits into the text itself.
      return bigReportId ? line.replace(`"${BIG_INTEGER}"`, bigReportId) : line;
    },
  };
}

function actionTypeOf(random: Random, table: string, quirks: boolean): string {
  const types = ACTION_TYPES[table];
  if (!types) return '';
  if (quirks && types.unlisted.length && random.chance(UNLISTED_ACTION_TYPE_SHARE)) return random.pick(types.unlisted);
  return random.weighted(types.listed);
}

export function containerOf(table: string): string {
  return `insights-logs-advancedhunting-${table.toLowerCase()}`;
}

export function blobNameOf(tenantId: string, hour: Date): string {
  const iso = hour.toISOString();
  return `tenantId=${tenantId}/y=${iso.slice(0, 4)}/m=${iso.slice(5, 7)}/d=${iso.slice(8, 10)}/h=${iso.slice(11, 13)}/m=00/PT1H.json`;
}

export interface ExportOptions {
  readonly seed: number;
  readonly tenants: readonly string[];
  /** Tables to generate; default every streamed table, by {@link TABLE_MIX}. */
  readonly tables?: readonly string[];
  /** The first hour (UTC). */
  readonly start: Date;
  readonly hours: number;
  /** Rows per tenant and hour, spread over the tables by their mix (uniformly over `tables` when given). */
  readonly rowsPerHour: number;
  readonly quirks?: boolean;
}

export interface GeneratedBlob {
  readonly container: string;
  readonly blobName: string;
  readonly table: string;
  readonly tenantId: string;
  readonly hour: Date;
  readonly lines: string[];
}

/** An export, blob by blob (one per table, tenant and hour), rows in time order within each blob. */
export function* generateExport(options: ExportOptions): Generator<GeneratedBlob> {
  const rows = createRowGenerator(options.seed);
  const weights = options.tables ? Object.fromEntries(options.tables.map((t) => [t, 1])) : TABLE_MIX;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const firstHour = Math.floor(options.start.getTime() / 3_600_000) * 3_600_000;
  for (let h = 0; h < options.hours; h++) {
    const hour = new Date(firstHour + h * 3_600_000);
    for (const tenantId of options.tenants) {
      for (const [table, weight] of Object.entries(weights)) {
        const count = Math.round((options.rowsPerHour * weight) / total);
        if (count === 0) continue;
        const lines: string[] = [];
        for (let i = 0; i < count; i++) {
          const eventTime = new Date(hour.getTime() + Math.floor(((i + 0.5) * 3_600_000) / count));
          lines.push(rows.row({ table, tenantId, eventTime, quirks: options.quirks }));
        }
        yield { container: containerOf(table), blobName: blobNameOf(tenantId, hour), table, tenantId, hour, lines };
      }
    }
  }
}
