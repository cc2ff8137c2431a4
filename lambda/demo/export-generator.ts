import { ConfigError } from '../errors.ts';
import { STREAMED_TABLES as OCSF_STREAMED_TABLES } from '../ocsf/streamed-tables.ts';
import { ACTION_TYPES, UNLISTED_ACTION_TYPE_SHARE } from './action-types.ts';
import { columnValue, createTenantWorld, isoTime7, RowContext, type TenantWorld } from './column-values.ts';
import { deriveSeed, Random } from './random.ts';
import tableColumns from './table-columns.json' with { type: 'json' };

/**
 * Seeded generator of Defender Streaming API exports: envelope lines exactly as Azure writes them
 * (key order, 7-digit UTC times, nested properties with every column), one append blob per table, tenant and hour.
 */

const TABLES: Readonly<Record<string, { streamed: boolean; container: string; columns: readonly { name: string; type: string }[] }>> = tableColumns;

/** The 21 GA tables of the Streaming API plus IdentityInfo, BehaviorInfo and BehaviorEntities. */
export const STREAMED_TABLES: readonly string[] = OCSF_STREAMED_TABLES;

/** Relative row counts of a real tenant: endpoint network and process telemetry dominate. */
export const TABLE_MIX: Readonly<Record<string, number>> = {
  DeviceNetworkEvents: 30,
  DeviceProcessEvents: 22,
  DeviceFileEvents: 12,
  DeviceEvents: 8,
  DeviceRegistryEvents: 7,
  DeviceLogonEvents: 6,
  DeviceImageLoadEvents: 5,
  CloudAppEvents: 2.5,
  DeviceFileCertificateInfo: 1,
  EmailEvents: 1,
  IdentityLogonEvents: 1,
  DeviceInfo: 0.8,
  DeviceNetworkInfo: 0.8,
  IdentityQueryEvents: 0.8,
  EmailUrlInfo: 0.6,
  EmailAttachmentInfo: 0.3,
  AlertEvidence: 0.2,
  IdentityDirectoryEvents: 0.2,
  UrlClickEvents: 0.2,
  EmailPostDeliveryEvents: 0.1,
  IdentityInfo: 0.1,
  AlertInfo: 0.05,
  BehaviorEntities: 0.05,
  BehaviorInfo: 0.02,
};

export interface RowOptions {
  table: string;
  tenantId: string;
  eventTime: Date;
  /** Odd-but-real variants (timestamp precision, booleans as 0/"true", dynamic columns as strings, ...). Default true. */
  quirks?: boolean;
}

export interface RowGenerator {
  /** One envelope line, without a line terminator. */
  row(options: RowOptions): string;
}

export interface ExportOptions {
  seed: number;
  tenants: readonly string[];
  /** Default: every streamed table, mixed by TABLE_MIX. Given: rows spread evenly over these. */
  tables?: readonly string[];
  /** The first hour (UTC); minutes and below are dropped. */
  start: Date;
  hours: number;
  /** Rows per tenant and hour, over all tables. */
  rowsPerHour: number;
  /** As {@link RowOptions.quirks}; default true. */
  quirks?: boolean;
}

export interface GeneratedBlob {
  container: string;
  /** `tenantId=<guid>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json` */
  blobName: string;
  table: string;
  tenantId: string;
  hour: Date;
  lines: string[];
}

export function containerOf(table: string): string {
  return `insights-logs-advancedhunting-${table.toLowerCase()}`;
}

export function blobNameOf(tenantId: string, hour: Date): string {
  const iso = hour.toISOString();
  return `tenantId=${tenantId}/y=${iso.slice(0, 4)}/m=${iso.slice(5, 7)}/d=${iso.slice(8, 10)}/h=${iso.slice(11, 13)}/m=00/PT1H.json`;
}

interface TablePlan {
  readonly category: string;
  readonly columns: readonly (readonly [string, ReturnType<typeof columnValue>])[];
  readonly hasActionType: boolean;
  readonly reportId: 'device' | 'device-long' | 'text' | 'none';
  readonly machineGroup: boolean;
}

const plans = new Map<string, TablePlan>();

function planOf(table: string): TablePlan {
  const cached = plans.get(table);
  if (cached) return cached;
  const spec = TABLES[table];
  if (!spec) throw new ConfigError(`the generator knows no table "${table}" (known: ${Object.keys(TABLES).join(', ')})`);
  const names = spec.columns.map((c) => c.name);
  const reportIdType = spec.columns.find((c) => c.name === 'ReportId')?.type;
  const plan: TablePlan = {
    category: `AdvancedHunting-${table}`,
    columns: spec.columns.map((c) => [c.name, columnValue(table, c.name, c.type)] as const),
    hasActionType: names.includes('ActionType'),
    reportId: reportIdType === undefined ? 'none' : reportIdType !== 'long' ? 'text' : table === 'DeviceInfo' ? 'device-long' : 'device',
    // Every Device* event is decorated with DeviceInfo's MachineGroup, after the documented columns.
    machineGroup: table.startsWith('Device') && !names.includes('MachineGroup'),
  };
  plans.set(table, plan);
  return plan;
}

function actionTypeOf(r: Random, table: string): string {
  const types = ACTION_TYPES[table];
  if (!types) return 'Unknown';
  if (types.unlisted.length > 0 && r.chance(UNLISTED_ACTION_TYPE_SHARE)) return r.pick(types.unlisted);
  return r.weighted(types.listed);
}

/** String ReportIds as the non-device tables carry them. */
function textReportId(c: RowContext, properties: Record<string, unknown>): string {
  const r = c.r;
  if (c.table.startsWith('Email')) return `${properties.NetworkMessageId ?? r.guid()}-${r.digits(19)}-${r.int(1, 3)}`;
  if (c.table.startsWith('Identity')) return `${r.guid()}_${r.digits(8)}_${c.eventMs}_${r.int(1000, 9999)}`;
  return r.guid();
}

/** Delay from the event to Defender receiving it: mostly seconds, a tail of minutes (up to ~40). */
function receiveDelayMs(r: Random): number {
  const roll = r.next();
  if (roll < 0.7) return r.int(200, 15_000);
  if (roll < 0.95) return r.int(15_000, 300_000);
  return r.int(300_000, 2_400_000);
}

/**
 * Rows for one generator: deterministic for a seed and the sequence of calls. Each tenant's world
 * (devices, users, binaries) depends only on the seed and the tenant id.
 */
export function createRowGenerator(seed: number): RowGenerator {
  const r = new Random(seed);
  const worlds = new Map<string, TenantWorld>();
  return {
    row({ table, tenantId, eventTime, quirks = true }: RowOptions): string {
      const plan = planOf(table);
      let world = worlds.get(tenantId);
      if (!world) worlds.set(tenantId, (world = createTenantWorld(seed, tenantId)));
      const eventMs = eventTime.getTime();
      if (!Number.isFinite(eventMs)) throw new ConfigError('eventTime is not a valid date');
      const c = new RowContext(r, world, table, plan.hasActionType ? actionTypeOf(r, table) : '', eventMs, quirks);
      const properties: Record<string, unknown> = {};
      let longReportId: string | undefined;
      for (const [name, value] of plan.columns) {
        if (name !== 'ReportId') {
          properties[name] = value(c);
        } else if (plan.reportId === 'text') {
          properties[name] = textReportId(c, properties);
        } else if (plan.reportId === 'device-long' && quirks && r.chance(0.5)) {
          // DeviceInfo's ReportId can exceed 2^53 (a trap for float parsers, so it counts as a quirk):
          // it is written into the text below, digit for digit.
          longReportId = r.digits(r.int(17, 19));
          properties[name] = longReportId;
        } else {
          properties[name] = c.nextReportId();
        }
      }
      if (plan.machineGroup) properties.MachineGroup = c.device.machineGroup;
      if (quirks && table === 'IdentityQueryEvents' && r.chance(0.1)) properties.IsAdminOperation = r.pick([0, '0', false, '']);
      let propertiesText = JSON.stringify(properties);
      if (longReportId !== undefined) propertiesText = propertiesText.replace(`"ReportId":"${longReportId}"`, `"ReportId":${longReportId}`);
      const receivedMs = eventMs + receiveDelayMs(r);
      let received = isoTime7(receivedMs, r.int(0, 9999));
      if (quirks && r.chance(0.03)) received = received.slice(0, 20) + '0000000';
      const time = isoTime7(receivedMs + r.int(300, 180_000), r.int(0, 9999));
      return `{"time":"${time}","tenantId":${JSON.stringify(tenantId)},"operationName":"Publish","category":"${plan.category}","_TimeReceivedBySvc":"${received}","properties":${propertiesText},"Tenant":"DefaultTenant"}`;
    },
  };
}

/**
 * Splits `total` rows over tables by weight (largest remainder, so the mix is exact, not sampled).
 * When there are rows enough, every table gets at least one, so small exports still show every table.
 */
export function apportionRows(total: number, weights: readonly (readonly [string, number])[]): Map<string, number> {
  const counts = new Map<string, number>(weights.map(([table]) => [table, 0]));
  let remaining = total;
  if (total >= 4 * weights.length) {
    for (const [table] of weights) counts.set(table, 1);
    remaining -= weights.length;
  }
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  const shares = weights.map(([table, w]) => ({ table, exact: (remaining * w) / sum }));
  let given = 0;
  for (const s of shares) {
    const whole = Math.floor(s.exact);
    counts.set(s.table, counts.get(s.table)! + whole);
    given += whole;
  }
  const byRemainder = [...shares].sort((a, b) => (b.exact - Math.floor(b.exact)) - (a.exact - Math.floor(a.exact)));
  for (let i = 0; i < remaining - given; i++) {
    const t = byRemainder[i % byRemainder.length]!.table;
    counts.set(t, counts.get(t)! + 1);
  }
  return counts;
}

/** Blobs hour by hour, tenant by tenant, table by table; rows within a blob in event-time order. */
export function* generateExport(options: ExportOptions): Generator<GeneratedBlob> {
  const { seed, tenants, hours, rowsPerHour } = options;
  if (!Number.isInteger(hours) || hours < 0) throw new ConfigError(`hours must be a whole number ≥ 0, got ${hours}`);
  if (!Number.isInteger(rowsPerHour) || rowsPerHour < 0) throw new ConfigError(`rowsPerHour must be a whole number ≥ 0, got ${rowsPerHour}`);
  const tables = options.tables ?? STREAMED_TABLES;
  for (const table of tables) planOf(table);
  const weights = tables.map((t) => [t, options.tables ? 1 : (TABLE_MIX[t] ?? 0.05)] as const);
  const counts = apportionRows(rowsPerHour, weights);
  const rows = createRowGenerator(seed);
  const spread = new Random(deriveSeed(seed, 'event-times'));
  const firstHourMs = Math.floor(options.start.getTime() / 3_600_000) * 3_600_000;
  if (!Number.isFinite(firstHourMs)) throw new ConfigError('start is not a valid date');
  for (let h = 0; h < hours; h++) {
    const hourMs = firstHourMs + h * 3_600_000;
    const hour = new Date(hourMs);
    for (const tenantId of tenants) {
      const blobName = blobNameOf(tenantId, hour);
      for (const table of tables) {
        const n = counts.get(table)!;
        if (n === 0) continue;
        const lines = new Array<string>(n);
        for (let i = 0; i < n; i++) {
          // Stratified over the hour: sorted without a sort, and no two rows bunch up by chance.
          const eventMs = hourMs + Math.floor(((i + spread.next()) * 3_600_000) / n);
          lines[i] = rows.row({ table, tenantId, eventTime: new Date(eventMs), quirks: options.quirks });
        }
        yield { container: containerOf(table), blobName, table, tenantId, hour, lines };
      }
    }
  }
}
