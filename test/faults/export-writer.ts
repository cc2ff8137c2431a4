import type { BlobServiceClient } from '@azure/storage-blob';
import { containerOfTable } from '../../lambda/blobs/export-layout.ts';
import { createRowGenerator, TABLE_MIX as GENERATED_TABLES } from '../../lambda/demo/export-generator.ts';
import { testRow } from '../support/test-rows.ts';
import { rowKey, type SourceRow } from './invariant.ts';
import { seededRandom, type Random } from './seeded-random.ts';

/** Makes one export line whose `ReportId` the writer can read back. */
export interface RowFactory {
  row(id: number, table: string, tenantId: string, eventTime: Date): { line: string; reportId: string };
}

/** Small readable rows (test/support/test-rows.ts) whose ReportId is the id the writer hands out. */
export const simpleRows: RowFactory = {
  row: (id, table, tenantId, eventTime) => ({ line: testRow(id, { table, tenantId, time: iso7(eventTime) }), reportId: String(id) }),
};

const REPORT_ID = /"ReportId":(?:"((?:[^"\\]|\\.)*)"|(-?\d+))/;

/**
 * Realistic rows from the project's export generator (every column, Defender's quirks). A device
 * ReportId counts per device, so it repeats across devices: the id the writer hands out replaces it,
 * which makes (table, tenant, ReportId) unique. GUID and 18-digit ReportIds are kept as generated.
 * A table the generator does not know (one Microsoft adds) gets the small rows of {@link simpleRows}.
 */
export function generatedRows(seed: number): RowFactory {
  const generator = createRowGenerator(seed);
  return {
    row(id, table, tenantId, eventTime) {
      if (!Object.hasOwn(GENERATED_TABLES, table)) return simpleRows.row(id, table, tenantId, eventTime);
      const line = generator.row({ table, tenantId, eventTime });
      const match = REPORT_ID.exec(line);
      if (!match) throw new Error(`generated ${table} rows carry no ReportId: the fault suite cannot tell them apart`);
      const [whole, text, digits] = match;
      if (digits !== undefined && digits.length < 16) return { line: line.replace(whole, `"ReportId":${id}`), reportId: String(id) };
      return { line, reportId: text !== undefined ? (JSON.parse(`"${text}"`) as string) : digits! };
    },
  };
}

export interface ExportPlan {
  readonly tenants: readonly string[];
  /** Table name → weight of its share of the rows. */
  readonly tables: Readonly<Record<string, number>>;
  /** First hour (UTC). */
  readonly start: Date;
  readonly hours: number;
  readonly rows: number;
  /** One broken line (invalid JSON, truncated, invalid UTF-8, wrong category, in turn) per this many rows; none when undefined. */
  readonly brokenEvery?: number;
  readonly seed: number;
}

export interface BlobRef {
  readonly table: string;
  readonly tenantId: string;
  readonly hour: Date;
}

const MAX_APPEND_BLOCK = 4 * 1024 * 1024;
const CRLF = Buffer.from('\r\n');

/**
 * Writes an export into Azure Storage the way Defender does (append blobs per table, tenant and
 * hour, CRLF lines) and remembers every line it wrote, with its blob and byte offset, for the
 * invariant check. It is the only writer of the blobs it touches, so it tracks their lengths itself.
 */
export class ExportWriter {
  readonly source = new Map<string, SourceRow>();
  /** Rows of blobs that were deleted and recreated: a pass may never have seen them. */
  readonly mayBeAbsent = new Set<string>();
  private readonly lengths = new Map<string, number>();
  private readonly keysByBlob = new Map<string, string[]>();
  /** Keys handed out by goodLine and not written yet. */
  private readonly pendingKeys = new Set<string>();
  private nextId: number;
  private brokenCount = 0;

  constructor(
    private readonly service: BlobServiceClient,
    private readonly rows: RowFactory = simpleRows,
    firstId = 1,
  ) {
    this.nextId = firstId;
  }

  /** Every blob the writer has written, as `<container>/<name>`. */
  get blobs(): string[] {
    return [...this.lengths.keys()];
  }

  /** Rows × tables × tenants × hours, the table shares following the weights; returns what was written. */
  async seed(plan: ExportPlan): Promise<{ blobs: number; rows: number; bytes: number }> {
    const random = seededRandom(plan.seed, 'export');
    const refs: { ref: BlobRef; count: number }[] = [];
    const totalWeight = Object.values(plan.tables).reduce((a, b) => a + b, 0);
    const perTenantHour = plan.rows / (plan.tenants.length * plan.hours);
    let planned = 0;
    for (let h = 0; h < plan.hours; h++) {
      for (const tenantId of plan.tenants) {
        for (const [table, weight] of Object.entries(plan.tables)) {
          const count = Math.max(1, Math.round((perTenantHour * weight) / totalWeight));
          refs.push({ ref: { table, tenantId, hour: new Date(plan.start.getTime() + h * 3_600_000) }, count });
          planned += count;
        }
      }
    }
    // Rounding drift goes to the last blob, so the export holds exactly `plan.rows` rows.
    refs[refs.length - 1]!.count += plan.rows - planned;
    let bytes = 0;
    let rows = 0;
    await inBatches(refs, 8, async ({ ref, count }) => {
      const lines = this.makeLines(ref, count, plan.brokenEvery, random);
      rows += lines.length;
      bytes += await this.write(ref, lines);
    });
    return { blobs: refs.length, rows, bytes };
  }

  /** Appends `count` well-formed rows to one blob; returns their keys. */
  async appendRows(ref: BlobRef, count: number, eventTime?: (i: number) => Date): Promise<string[]> {
    const lines = Array.from({ length: count }, (_, i) => this.goodLine(ref, eventTime?.(i) ?? new Date(ref.hour.getTime() + ((i + 1) * 3_600_000) / (count + 1))));
    await this.write(ref, lines);
    return lines.map((l) => l.key);
  }

  /** Appends hand-made lines (broken or hostile), each with the key the test knows it by. */
  async appendLines(ref: BlobRef, lines: readonly { key: string; line: string | Buffer }[]): Promise<void> {
    await this.write(ref, lines);
  }

  /** A well-formed row for `ref` with a fresh ReportId, not written: for tests that build lines around it. */
  goodLine(ref: BlobRef, eventTime: Date, tenantId = ref.tenantId): { key: string; line: string } {
    for (let attempt = 0; ; attempt++) {
      const { line, reportId } = this.rows.row(this.nextId++, ref.table, tenantId, eventTime);
      const key = rowKey(ref.table, tenantId, reportId);
      // A generated GUID or 18-digit ReportId could repeat, however unlikely: draw another row.
      if (!this.source.has(key) && !this.pendingKeys.has(key)) {
        this.pendingKeys.add(key);
        return { key, line };
      }
      if (attempt > 10) throw new Error(`cannot make a row with a new key for ${ref.table}`);
    }
  }

  /** Deletes the blob and writes `count` new rows into a new one of the same name: its old rows may never be read. */
  async recreate(ref: BlobRef, count: number): Promise<string[]> {
    const path = blobPathOf(ref);
    await this.blobClient(ref).delete();
    for (const key of this.keysByBlob.get(path) ?? []) this.mayBeAbsent.add(key);
    this.keysByBlob.set(path, []);
    this.lengths.set(path, 0);
    return this.appendRows(ref, count);
  }

  private makeLines(ref: BlobRef, count: number, brokenEvery: number | undefined, random: Random): { key: string; line: string | Buffer }[] {
    const lines: { key: string; line: string | Buffer }[] = [];
    const start = ref.hour.getTime();
    for (let i = 0; i < count; i++) {
      const time = new Date(start + Math.floor(((i + random.next()) * 3_600_000) / count));
      lines.push(brokenEvery && (this.nextId % brokenEvery === 0) ? this.brokenLine(ref, time) : this.goodLine(ref, time));
    }
    return lines;
  }

  private brokenLine(ref: BlobRef, time: Date): { key: string; line: string | Buffer } {
    const { key: drawn, line } = this.goodLine(ref, time);
    this.pendingKeys.delete(drawn);
    const kind = this.brokenCount++ % 4;
    const key = `broken:${this.brokenCount}`;
    if (kind === 0) return { key, line: line.slice(0, line.length - 1) + ',}' };
    if (kind === 1) return { key, line: line.slice(0, Math.floor(line.length / 2)) };
    if (kind === 2) {
      const at = line.indexOf('cmd.exe') >= 0 ? line.indexOf('cmd.exe') : Math.floor(line.length / 2);
      return { key, line: Buffer.concat([Buffer.from(line.slice(0, at)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(line.slice(at))]) };
    }
    const wrongTable = ref.table === 'DeviceNetworkEvents' ? 'DeviceFileEvents' : 'DeviceNetworkEvents';
    return { key, line: line.replace(/"category":"AdvancedHunting-[A-Za-z]+"/, `"category":"AdvancedHunting-${wrongTable}"`) };
  }

  private async write(ref: BlobRef, lines: readonly { key: string; line: string | Buffer }[]): Promise<number> {
    const path = blobPathOf(ref);
    const blobKeys = this.keysByBlob.get(path) ?? [];
    this.keysByBlob.set(path, blobKeys);
    let offset = this.lengths.get(path) ?? 0;
    const parts: Buffer[] = [];
    for (const { key, line } of lines) {
      if (this.source.has(key)) throw new Error(`the export already holds a row with key ${key}`);
      this.pendingKeys.delete(key);
      const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
      this.source.set(key, { line, blob: path, offset });
      blobKeys.push(key);
      parts.push(bytes, CRLF);
      offset += bytes.length + CRLF.length;
    }
    const data = Buffer.concat(parts);
    const container = this.service.getContainerClient(containerOfTable(ref.table));
    await container.createIfNotExists();
    const client = this.blobClient(ref);
    await client.createIfNotExists();
    for (let at = 0; at < data.length; at += MAX_APPEND_BLOCK) {
      const block = data.subarray(at, Math.min(data.length, at + MAX_APPEND_BLOCK));
      await client.appendBlock(block, block.length);
    }
    this.lengths.set(path, offset);
    return data.length;
  }

  private blobClient(ref: BlobRef) {
    return this.service.getContainerClient(containerOfTable(ref.table)).getAppendBlobClient(blobNameOf(ref.tenantId, ref.hour));
  }
}

export function blobNameOf(tenantId: string, hour: Date): string {
  const iso = hour.toISOString();
  return `tenantId=${tenantId}/y=${iso.slice(0, 4)}/m=${iso.slice(5, 7)}/d=${iso.slice(8, 10)}/h=${iso.slice(11, 13)}/m=00/PT1H.json`;
}

export function blobPathOf(ref: BlobRef): string {
  return `${containerOfTable(ref.table)}/${blobNameOf(ref.tenantId, ref.hour)}`;
}

/** An ISO time with 7 fractional digits, as Defender writes them. */
export function iso7(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

async function inBatches<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}
