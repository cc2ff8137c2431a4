/**
 * `npm run bench -- [--json] [--quick] [--only normalize,end-to-end,azure] [--seed N]
 *   [--profile-dir DIR] [--save FILE] [--keep]`
 *
 * The benchmark suite (BENCHMARKS.md says what each figure means): the normalizer against the
 * JSON floor, end-to-end passes from Azurite through the pipeline into the Firehose stand-in, what
 * Firehose bills for them, and Azure requests per pass in window mode. A readable table goes to
 * stdout (progress to stderr); with `--json`, one JSON object is the last line of stdout.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { benchAzureRequests } from './azure-requests.ts';
import { buildPipelineChild, ratioToFloorOf, runEndToEnd, type BenchPass, type EndToEndRun } from './end-to-end.ts';
import { benchNormalize, measureFloor, type SampleLine } from './normalize.ts';
import type { BenchReport } from './report.ts';
import { startFirehoseStandIn, startMoto } from './processes.ts';
import { HOUR_MS, sampleLines, seedMultiTableExport, seedOneBlob } from './seeding.ts';

const TENANTS = ['3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c', 'a9d4e2f1-5b3c-4d8e-9f7a-1c2b3d4e5f6a'];
const SECTIONS = ['normalize', 'end-to-end', 'azure'] as const;
type Section = (typeof SECTIONS)[number];

/** Input sizes in bytes (MB = 10^6 bytes). The 1 GB run is one blob; the others are multi-table exports. */
const SIZES = {
  full: { sample: 40e6, small: 100e6, main: 500e6, large: 1_000e6 },
  quick: { sample: 10e6, small: 20e6, main: 50e6, large: 100e6 },
} as const;

/**
 * Normalize workers of the headline passes (into a file sink): one, beside the main thread, which is
 * what a 2-core machine has room for and what the construct gives a function of 3,538 MB or more
 * (two vCPUs' worth). Fixed, so that the figure and the RSS compare across machines.
 */
const HEADLINE_WORKERS = 1;
/** Passes of the headline configuration over the main export (and the backfill); the median one is reported. */
const HEADLINE_REPEATS = 3;
/**
 * The main export is one hour of two tenants (48 blobs, as a scheduled pass meets them); the
 * backfill is the same bytes spread over this many hours, six times the blobs, as a pass catching
 * up after an outage reads them.
 */
const BACKFILL_HOURS = 6;

const TARGETS = {
  normalizeRatio: 0.5,
  endToEndRatioToFloor: 0.3,
  peakRssMb: 512,
  billedBytesRatio: 1.05,
} as const;

interface Options {
  json: boolean;
  quick: boolean;
  seed: number;
  sections: ReadonlySet<Section>;
  profileDir?: string;
  save?: string;
  keep: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      seed: { type: 'string' },
      only: { type: 'string' },
      'profile-dir': { type: 'string' },
      save: { type: 'string' },
      keep: { type: 'boolean' },
    },
  });
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? [...SECTIONS];
  for (const section of only) {
    if (!(SECTIONS as readonly string[]).includes(section)) throw new Error(`--only: unknown section "${section}" (expected ${SECTIONS.join(', ')})`);
  }
  return {
    json: values.json === true,
    quick: values.quick === true,
    seed: Number(values.seed ?? 42),
    sections: new Set(only as Section[]),
    ...(values['profile-dir'] !== undefined && { profileDir: resolve(values['profile-dir']) }),
    ...(values.save !== undefined && { save: values.save }),
    keep: values.keep === true,
  };
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const opts = options();
  const sizes = opts.quick ? SIZES.quick : SIZES.full;
  const cpu = cpus();
  const report: BenchReport = {
    machine: { cpu: cpu[0]?.model.trim() ?? 'unknown', cores: cpu.length, node: process.version, platform: `${process.platform}-${process.arch}` },
    targets: {},
    sectionSeconds: {},
    wallSeconds: 0,
    sizes: opts.quick ? 'quick' : 'full',
    seed: opts.seed,
  };
  const workDir = await mkdtemp(join(tmpdir(), 'defender-forwarder-bench-'));
  log(`work directory ${workDir}`);
  let bundled: Promise<string> | undefined;
  const childEntry = () => (bundled ??= buildPipelineChild(workDir, opts.profileDir !== undefined));
  try {
    const start = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 24 * HOUR_MS);
    const timed = async (section: Section, run: () => Promise<void>) => {
      if (!opts.sections.has(section)) return;
      const sectionStarted = performance.now();
      await run();
      report.sectionSeconds[section] = (performance.now() - sectionStarted) / 1000;
    };
    // The normalizer's sample, which the end-to-end section also times the floor on around each pass.
    let sample: SampleLine[] | undefined;
    const sampleOf = () => (sample ??= sampleLines(opts.seed, TENANTS[0]!, sizes.sample, start));
    await timed('normalize', async () => {
      log(`normalize: generating ${sizes.sample / 1e6} MB of rows in the table mix`);
      const lines = sampleOf();
      log(`normalize: timing ${lines.length} lines`);
      report.normalize = benchNormalize(lines);
      log(`normalize: ${report.normalize.mbPerSec.toFixed(1)} MB/s, floor ${report.normalize.floorMbPerSec.toFixed(1)} MB/s, ratio ${report.normalize.ratio.toFixed(2)}, ceiling ratio ${report.normalize.ceilingRatio.toFixed(2)}`);
    });
    await timed('end-to-end', () => endToEnd(report, opts, sizes, start, workDir, childEntry, sampleOf()));
    await timed('azure', async () => {
      report.azure = await benchAzureRequests({ workDir, childEntry: await childEntry(), tenants: TENANTS, seed: opts.seed, log });
    });
  } finally {
    if (!opts.keep) await rm(workDir, { recursive: true, force: true });
  }
  report.targets = targets(report);
  report.wallSeconds = (performance.now() - started) / 1000;
  process.stdout.write(table(report));
  if (opts.save) await writeFile(opts.save, `${JSON.stringify(report, null, 2)}\n`);
  if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function endToEnd(
  report: BenchReport, opts: Options, sizes: (typeof SIZES)['full' | 'quick'], start: Date, workDir: string, childEntry: () => Promise<string>,
  sample: readonly SampleLine[],
): Promise<void> {
  const moto = await startMoto();
  try {
    const s3 = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    s3.destroy();
    const standIn = await startFirehoseStandIn({ stream: 'ocsf', bucket: 'lake', s3Endpoint: moto.endpoint, bufferBytes: 32 * 1024 * 1024 });
    let smallRuns: EndToEndRun[];
    let mainRuns: EndToEndRun[];
    let backfillRuns: EndToEndRun[];
    let largeRuns: EndToEndRun[];
    try {
      const common = {
        workDir, log, childEntry: await childEntry(),
        firehose: { endpoint: standIn.endpoint, ...(standIn.child.pid !== undefined && { pid: standIn.child.pid }) },
        ...(opts.profileDir !== undefined && { cpuProfileDir: opts.profileDir }),
        floor: () => measureFloor(sample),
      };
      const mb = (bytes: number) => String(Math.round(bytes / 1e6));
      // Every export but the backfill goes into a file sink with the headline's worker, the pipeline
      // alone on the cores, and into the Firehose stand-in inline, the default deployment (the
      // Firehose figures and the cost model come from the main export's pass). The main export also
      // goes into a file sink inline; the backfill gets only the headline passes.
      const headline: BenchPass = { sink: 'file', workers: HEADLINE_WORKERS };
      const firehose: BenchPass = { sink: 'firehose', workers: 0 };
      smallRuns = await runEndToEnd({
        ...common, passes: [headline, firehose], label: `export-${mb(sizes.small)}MB`,
        seed: (service) => seedMultiTableExport(service, { seed: opts.seed, tenants: TENANTS, start, hours: 1, targetBytes: sizes.small }),
      });
      mainRuns = await runEndToEnd({
        ...common, passes: [...Array<BenchPass>(HEADLINE_REPEATS).fill(headline), firehose, { sink: 'file', workers: 0 }], label: `export-${mb(sizes.main)}MB`,
        seed: (service) => seedMultiTableExport(service, { seed: opts.seed + 1, tenants: TENANTS, start, hours: 1, targetBytes: sizes.main }),
      });
      backfillRuns = await runEndToEnd({
        ...common, passes: Array<BenchPass>(HEADLINE_REPEATS).fill(headline), label: `backfill-${mb(sizes.main)}MB`,
        seed: (service) => seedMultiTableExport(service, { seed: opts.seed + 1, tenants: TENANTS, start, hours: BACKFILL_HOURS, targetBytes: sizes.main }),
      });
      largeRuns = await runEndToEnd({
        ...common, passes: [headline, firehose], label: `one-blob-${mb(sizes.large)}MB`,
        seed: (service) => seedOneBlob(service, { seed: opts.seed + 2, table: 'DeviceNetworkEvents', tenantId: TENANTS[0]!, hour: start, targetBytes: sizes.large }),
      });
    } finally {
      await standIn.stop(60_000);
    }
    const runs = [...smallRuns, ...mainRuns, ...backfillRuns, ...largeRuns];
    const [small, smallToFirehose] = smallRuns as [EndToEndRun, EndToEndRun];
    const repeated = mainRuns.slice(0, HEADLINE_REPEATS);
    const [mainToFirehose, mainInline] = mainRuns.slice(HEADLINE_REPEATS) as [EndToEndRun, EndToEndRun];
    const [large, largeToFirehose] = largeRuns as [EndToEndRun, EndToEndRun];
    // A pass's ratio is to the floor measured around it: this machine's speed drifts by a third
    // within minutes, so the normalize section's floor, minutes earlier, may have run at another
    // speed (the ratio to it is reported too). The headline is the median pass by that ratio
    // (passes minutes apart on a shared machine differ by up to a fifth), with the highest peak
    // RSS of the repeats.
    const ratioOf = (run: EndToEndRun) => ratioToFloorOf(run) ?? run.mbPerSec;
    const medianOf = (passes: readonly EndToEndRun[]): EndToEndRun => {
      const median = [...passes].sort((a, b) => ratioOf(a) - ratioOf(b))[passes.length >> 1]!;
      return { ...median, peakRssMb: Math.max(...passes.map((run) => run.peakRssMb)) };
    };
    const repeatsOf = (passes: readonly EndToEndRun[]) => ({
      mbPerSec: passes.map((run) => run.mbPerSec),
      ratioToFloor: passes.map((run) => ratioOf(run)),
      peakRssMb: passes.map((run) => run.peakRssMb),
    });
    const main = medianOf(repeated);
    const backfill = medianOf(backfillRuns);
    const floor = report.normalize?.floorMbPerSec;
    const figures = (run: EndToEndRun) => ({
      mbPerSec: run.mbPerSec,
      ...(run.floor && { floorMbPerSec: run.floor.mbPerSec, ratioToFloor: ratioOf(run) }),
      ...(floor !== undefined && { ratioToNormalizeFloor: run.mbPerSec / floor }),
      peakRssMb: run.peakRssMb,
      mbPerCpuSecond: run.mbPerCpuSecond,
    });
    const rssByInputMb = (of: readonly EndToEndRun[]) => Object.fromEntries(of.map((run) => [String(Math.round(run.inputMb)), run.peakRssMb]));
    report.endToEnd = {
      sink: 'file',
      normalizeWorkers: HEADLINE_WORKERS,
      inputMb: main.inputMb,
      ...figures(main),
      repeats: repeatsOf(repeated),
      rssByInputMb: rssByInputMb([small, main, large]),
      firehose: { ...figures(mainToFirehose), rssByInputMb: rssByInputMb([smallToFirehose, mainToFirehose, largeToFirehose]) },
      fileInline: figures(mainInline),
      backfill: {
        inputMb: backfill.inputMb,
        blobs: backfill.seeded.blobs,
        ...figures(backfill),
        repeats: repeatsOf(backfillRuns),
      },
      runs,
    };
    const fh = mainToFirehose.firehose!;
    report.firehose = {
      billedBytesRatio: fh.billedBytes / fh.bytes,
      objectsPerRecord: fh.objects / fh.records,
      callsPer10kRows: (fh.calls / mainToFirehose.rowsRead) * 10_000,
      bytesPerRecord: fh.bytes / fh.records,
      sentBytesPerInputByte: fh.bytes / (mainToFirehose.inputMb * 1e6),
      limitViolations: runs.reduce((sum, run) => sum + (run.firehose?.limitViolations ?? 0), 0),
    };
  } finally {
    await moto.stop();
  }
}

function targets(report: BenchReport): BenchReport['targets'] {
  const out: BenchReport['targets'] = {};
  if (report.normalize) {
    out.normalizeRatio = { value: report.normalize.ratio, limit: `>= ${TARGETS.normalizeRatio}`, met: report.normalize.ratio >= TARGETS.normalizeRatio };
  }
  if (report.endToEnd) {
    const e = report.endToEnd;
    if (e.ratioToFloor !== undefined) {
      out.endToEndRatioToFloor = { value: e.ratioToFloor, limit: `>= ${TARGETS.endToEndRatioToFloor}`, met: e.ratioToFloor >= TARGETS.endToEndRatioToFloor };
    }
    out.peakRssMb = { value: e.peakRssMb, limit: `<= ${TARGETS.peakRssMb}`, met: e.peakRssMb <= TARGETS.peakRssMb };
    const [small, , large] = Object.values(e.rssByInputMb);
    const growth = large! / small!;
    out.rssGrowth1GbOver100Mb = { value: growth, limit: '<= 1.25 (flat)', met: growth <= 1.25 };
  }
  if (report.firehose) {
    out.billedBytesRatio = { value: report.firehose.billedBytesRatio, limit: `<= ${TARGETS.billedBytesRatio}`, met: report.firehose.billedBytesRatio <= TARGETS.billedBytesRatio };
  }
  return out;
}

function table(report: BenchReport): string {
  const rows: [string, string][] = [];
  const n = (value: number, digits = 1) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const { machine } = report;
  rows.push(['machine', `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`]);
  if (report.normalize) {
    const r = report.normalize;
    rows.push(['normalize (parse + map + serialize)', `${n(r.mbPerSec)} MB/s`]);
    rows.push(['JSON floor (parse + stringify)', `${n(r.floorMbPerSec)} MB/s`]);
    rows.push(['normalize / floor', `${n(r.ratio, 2)}  (${r.lines.toLocaleString('en-US')} lines, ${n(r.inputMb)} MB, median of ${r.rounds})`]);
    rows.push(['ceiling: parse + stringify(OCSF record)', `${n(r.ceilingMbPerSec)} MB/s = ${n(r.ceilingRatio, 2)} of the floor (no mapping at all)`]);
  }
  if (report.endToEnd) {
    for (const run of report.endToEnd.runs) {
      const floor = run.floor ? `, floor ${n(run.floor.mbPerSec)} MB/s` : '';
      rows.push([`end to end: ${run.label} -> ${run.sink}, ${run.workers} workers`, `${n(run.inputMb)} MB in ${n(run.passSeconds)} s = ${n(run.mbPerSec)} MB/s, peak RSS ${n(run.peakRssMb, 0)} MB, ${n(run.cpuPerWallSecond, 2)} CPU s/s${floor}`]);
    }
    const e = report.endToEnd;
    const ratio = (value: number | undefined) => (value === undefined ? 'n/a' : n(value, 2));
    const ratios = (values: readonly number[]) => values.map((v) => n(v, 3)).join(', ');
    rows.push([`headline passes (the median reported)`, `${e.repeats.mbPerSec.map((v) => n(v)).join(', ')} MB/s = ${ratios(e.repeats.ratioToFloor)} of the floor around each; peak RSS ${e.repeats.peakRssMb.map((v) => n(v, 0)).join(', ')} MB`]);
    rows.push(['end to end / floor around the pass', `${ratio(e.ratioToFloor)} into a file sink with ${e.normalizeWorkers} worker, ${ratio(e.fileInline.ratioToFloor)} inline; ${ratio(e.firehose.ratioToFloor)} into the Firehose stand-in inline`]);
    rows.push(['end to end / normalize section floor', `${ratio(e.ratioToNormalizeFloor)} into a file sink with ${e.normalizeWorkers} worker (the floor measured minutes before)`]);
    rows.push([`backfill (${e.backfill.blobs} blobs) / floor`, `${ratio(e.backfill.ratioToFloor)} into a file sink with ${e.normalizeWorkers} worker (passes ${e.backfill.repeats.mbPerSec.map((v) => n(v)).join(', ')} MB/s = ${ratios(e.backfill.repeats.ratioToFloor)}; peak RSS ${n(e.backfill.peakRssMb, 0)} MB)`]);
    rows.push(['pipeline MB per CPU second', `${n(e.mbPerCpuSecond)} (file, ${e.normalizeWorkers} worker), ${n(e.fileInline.mbPerCpuSecond)} (file, inline), ${n(e.firehose.mbPerCpuSecond)} (Firehose, inline)`]);
  }
  if (report.firehose) {
    const f = report.firehose;
    rows.push(['Firehose billed / sent bytes', n(f.billedBytesRatio, 4)]);
    rows.push(['OCSF objects per Firehose record', n(f.objectsPerRecord)]);
    rows.push(['PutRecordBatch calls per 10k rows', n(f.callsPer10kRows, 2)]);
  }
  if (report.azure) {
    const a = report.azure;
    rows.push(['Azure requests, pass after appends', `${a.requestsPerPass} (${a.passes.afterAppends.list} list + ${a.passes.afterAppends.read} read)`]);
    rows.push(['Azure requests, unchanged pass', `${a.requestsPerUnchangedPass} (${a.passes.unchanged.list} list + ${a.passes.unchanged.read} read)`]);
    rows.push(['  account', `${a.account.tables} tables x ${a.account.tenants} tenants x ${a.account.hoursPerTenant} hours = ${a.account.blobs} blobs, window 48 h`]);
  }
  for (const [name, t] of Object.entries(report.targets)) rows.push([`target ${name}`, `${t.met ? 'met' : 'MISSED'}: ${n(t.value, 2)} (${t.limit})`]);
  rows.push(['wall time', `${n(report.wallSeconds)} s`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
