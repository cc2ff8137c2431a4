import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BlobServiceClient } from '@azure/storage-blob';
import { build } from 'esbuild';
import { lambdaBundleOptions } from '../lib/function/lambda-bundle.ts';
import { AZURITE_ACCOUNT, AZURITE_KEY } from '../lambda/demo/local-azurite.ts';
import { RESULT_MARKER, type ChildRequest, type ChildResult } from './child-protocol.ts';
import { childEnv, cpuSecondsOf, runToEnd, startAzurite } from './processes.ts';
import type { SeededExport } from './seeding.ts';

export interface FirehoseCounters {
  calls: number;
  records: number;
  objects: number;
  bytes: number;
  billedBytes: number;
  limitViolations: number;
  errorRecords: number;
}

export type BenchSink = 'firehose' | 'file';

/** One pass of a seeded export: its sink, and how many normalize worker threads it runs (0: inline). */
export interface BenchPass {
  readonly sink: BenchSink;
  readonly workers: number;
}

export interface EndToEndRun {
  readonly label: string;
  /** `firehose`: the Firehose stand-in (its own process); `file`: a file sink (no stand-in competing for the cores). */
  readonly sink: BenchSink;
  /** Normalize worker threads of the pass (0: on the main thread, the default). */
  readonly workers: number;
  readonly seeded: SeededExport;
  readonly seedSeconds: number;
  /** Bytes the pass read, in MB (10^6 bytes). */
  readonly inputMb: number;
  readonly passSeconds: number;
  readonly mbPerSec: number;
  /** Input MB per CPU second of the pipeline process: its speed when it has a core to itself and never waits. */
  readonly mbPerCpuSecond: number;
  readonly peakRssMb: number;
  /** CPU seconds of the pipeline process (user + system) per wall second of the pass. */
  readonly cpuPerWallSecond: number;
  readonly rowsRead: number;
  readonly recordsDelivered: number;
  readonly deadLettered: number;
  readonly azureRequests: { list: number; read: number; total: number };
  /** (table, OCSF class) pairs delivered: the Firehose partitions per event date. */
  readonly partitions: number;
  /** CPU seconds each process used during the pass (Linux only for the services): they share the machine's cores. */
  readonly cpuSeconds: { pipeline: number; pipelineUser: number; pipelineSystem: number; azurite?: number; firehoseStandIn?: number };
  /** Pages of fresh memory the pipeline process faulted in during the pass (4 KiB each). */
  readonly minorPageFaults: number;
  /** What the Firehose stand-in counted during this pass (absent for a file sink). */
  readonly firehose?: FirehoseCounters;
  /** The JSON floor measured just before and just after the pass (see `measureFloor`), and their mean. */
  readonly floor?: { readonly before: number; readonly after: number; readonly mbPerSec: number };
}

/** A pass's MB/s over the JSON floor measured around it; undefined when no floor was measured. */
export function ratioToFloorOf(run: Pick<EndToEndRun, 'mbPerSec' | 'floor'>): number | undefined {
  return run.floor ? run.mbPerSec / run.floor.mbPerSec : undefined;
}

export function azuriteConnectionString(blobEndpoint: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint}/${AZURITE_ACCOUNT};`;
}

/**
 * `bench/pipeline-child.ts` built as the Lambda is (lib/function/lambda-bundle.ts), into `dir`; returns
 * the bundle's path. Under tsx the child cost about 10 % more CPU and 60 MB more peak RSS with one
 * normalize worker: tsx's loader runs in a thread of its own, and each worker compiles every module
 * again when it starts. `forProfiles`: not minified, so that a CPU profile names the functions.
 */
export async function buildPipelineChild(dir: string, forProfiles = false): Promise<string> {
  const outfile = join(dir, 'pipeline-child.mjs');
  const options = lambdaBundleOptions(fileURLToPath(new URL('pipeline-child.ts', import.meta.url)), outfile);
  await build(forProfiles ? { ...options, minify: false } : options);
  return outfile;
}

/**
 * One pass in the bundled pipeline child (`entry`, from {@link buildPipelineChild}), in its own
 * process, with the Lambda's source maps on; returns what the child reported.
 */
export async function runPassInChild(
  request: ChildRequest,
  options: { entry: string; firehoseEndpoint?: string; cpuProfileDir?: string },
): Promise<ChildResult> {
  const args = [
    ...(options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : []),
    '--enable-source-maps', options.entry,
  ];
  const env = childEnv(options.firehoseEndpoint ? { AWS_ENDPOINT_URL_FIREHOSE: options.firehoseEndpoint } : {});
  const stdout = await runToEnd('pipeline child', args, { env, input: JSON.stringify(request), forwardStderr: env.BENCH_TRACE_MEMORY === '1', timeoutMs: 300_000 });
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (!line) throw new Error(`the pipeline child printed no result: ${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as ChildResult;
}

async function standInCounters(endpoint: string): Promise<FirehoseCounters> {
  const response = await fetch(`${endpoint}/_stand-in/stats`);
  if (!response.ok) throw new Error(`Firehose stand-in stats: HTTP ${response.status}`);
  return (await response.json()) as FirehoseCounters;
}

function difference(after: FirehoseCounters, before: FirehoseCounters): FirehoseCounters {
  return {
    calls: after.calls - before.calls,
    records: after.records - before.records,
    objects: after.objects - before.objects,
    bytes: after.bytes - before.bytes,
    billedBytes: after.billedBytes - before.billedBytes,
    limitViolations: after.limitViolations - before.limitViolations,
    errorRecords: after.errorRecords - before.errorRecords,
  };
}

/**
 * One seeded export, and one full pass over it per entry of `passes`: a fresh Azurite (its own
 * process, on disk under `workDir`), seeded by `seed`, then each pass from it in a child process
 * with fresh state, into the Firehose stand-in (`firehose://ocsf` at its endpoint) or a file sink.
 * `childEntry` is the bundled pipeline child ({@link buildPipelineChild}).
 */
export async function runEndToEnd(spec: {
  label: string;
  workDir: string;
  childEntry: string;
  seed: (service: BlobServiceClient) => Promise<SeededExport>;
  passes: readonly BenchPass[];
  firehose?: { endpoint: string; pid?: number };
  cpuProfileDir?: string;
  /** Measures the JSON floor in MB/s; called right before and right after each pass. */
  floor?: () => number;
  log: (line: string) => void;
}): Promise<EndToEndRun[]> {
  const dir = join(spec.workDir, spec.label);
  await rm(dir, { recursive: true, force: true });
  const location = join(dir, 'azurite');
  await mkdir(location, { recursive: true });
  let azurite = await startAzurite(location);
  try {
    const service = BlobServiceClient.fromConnectionString(azuriteConnectionString(azurite.blobEndpoint));
    const seedStarted = performance.now();
    const seeded = await spec.seed(service);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    spec.log(`${spec.label}: seeded ${seeded.blobs} blobs, ${seeded.rows} rows, ${(seeded.bytes / 1e6).toFixed(1)} MB in ${seedSeconds.toFixed(1)} s`);
    const runs: EndToEndRun[] = [];
    const repeats = new Map<string, number>();
    for (const { sink, workers } of spec.passes) {
      const endpoint = sink === 'firehose' ? spec.firehose?.endpoint : undefined;
      if (sink === 'firehose' && !endpoint) throw new Error('a firehose pass needs the stand-in');
      // A pass repeated gets a directory of its own, so each one starts from fresh state.
      const kind = `${sink}-${workers}w`;
      const repeat = (repeats.get(kind) ?? 0) + 1;
      repeats.set(kind, repeat);
      const passName = repeat === 1 ? kind : `${kind}-${repeat}`;
      const passDir = join(dir, passName);
      // Every pass gets an Azurite started afresh over the stored export: one Azurite process
      // serving pass after pass used more CPU each time (1.9, 3.1, 3.6 CPU s for the same 500 MB),
      // taking the shared cores from the pipeline that is being measured.
      await azurite.stop();
      azurite = await startAzurite(location);
      const connectionString = azuriteConnectionString(azurite.blobEndpoint);
      const before = endpoint ? await standInCounters(endpoint) : undefined;
      const standInPid = endpoint ? spec.firehose?.pid : undefined;
      const floorBefore = spec.floor?.();
      const cpuBefore = { azurite: cpuSecondsOf(azurite.child.pid), standIn: cpuSecondsOf(standInPid) };
      const result = await runPassInChild(
        { connectionString, stateUri: pathToFileURL(join(passDir, 'state')).href, sinkUri: endpoint ? 'firehose://ocsf' : pathToFileURL(join(passDir, 'out')).href, workers },
        { entry: spec.childEntry, ...(endpoint && { firehoseEndpoint: endpoint }), ...(spec.cpuProfileDir && { cpuProfileDir: join(spec.cpuProfileDir, `${spec.label}-${passName}`) }) },
      );
      const used = (after: number | undefined, start: number | undefined) => (after !== undefined && start !== undefined ? after - start : undefined);
      const azuriteCpu = used(cpuSecondsOf(azurite.child.pid), cpuBefore.azurite);
      const standInCpu = used(cpuSecondsOf(standInPid), cpuBefore.standIn);
      const firehose = endpoint && before ? difference(await standInCounters(endpoint), before) : undefined;
      const floorAfter = spec.floor?.();
      const { summary } = result;
      if (summary.rowsRead !== seeded.rows) throw new Error(`${spec.label}: the pass read ${summary.rowsRead} rows of ${seeded.rows} seeded`);
      if (summary.recordsDelivered + summary.deadLettered + summary.filtered !== summary.rowsRead) {
        throw new Error(`${spec.label}: rows read ${summary.rowsRead} != delivered ${summary.recordsDelivered} + dead-lettered ${summary.deadLettered} + filtered ${summary.filtered}`);
      }
      const inputMb = summary.bytesRead / 1e6;
      const passSeconds = result.passMs / 1000;
      const pipelineCpu = (result.cpuUserMs + result.cpuSystemMs) / 1000;
      const run: EndToEndRun = {
        label: spec.label,
        sink,
        workers,
        seeded,
        seedSeconds,
        inputMb,
        passSeconds,
        mbPerSec: inputMb / passSeconds,
        mbPerCpuSecond: inputMb / pipelineCpu,
        peakRssMb: result.peakRssMb,
        cpuPerWallSecond: pipelineCpu / passSeconds,
        rowsRead: summary.rowsRead,
        recordsDelivered: summary.recordsDelivered,
        deadLettered: summary.deadLettered,
        azureRequests: summary.azureRequests,
        partitions: Object.values(summary.tables).reduce((sum, table) => sum + Object.keys(table.classes).length, 0),
        cpuSeconds: {
          pipeline: pipelineCpu,
          pipelineUser: result.cpuUserMs / 1000,
          pipelineSystem: result.cpuSystemMs / 1000,
          ...(azuriteCpu !== undefined && { azurite: azuriteCpu }),
          ...(standInCpu !== undefined && { firehoseStandIn: standInCpu }),
        },
        minorPageFaults: result.minorPageFaults,
        ...(firehose && { firehose }),
        ...(floorBefore !== undefined && floorAfter !== undefined && { floor: { before: floorBefore, after: floorAfter, mbPerSec: (floorBefore + floorAfter) / 2 } }),
      };
      const cpu = Object.entries(run.cpuSeconds).map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`).join(', ');
      const floor = run.floor ? `, floor ${run.floor.before.toFixed(1)} / ${run.floor.after.toFixed(1)} MB/s (ratio ${ratioToFloorOf(run)!.toFixed(3)})` : '';
      spec.log(`${spec.label} -> ${sink}, ${workers} workers: ${inputMb.toFixed(1)} MB in ${passSeconds.toFixed(1)} s = ${run.mbPerSec.toFixed(1)} MB/s, peak RSS ${run.peakRssMb.toFixed(0)} MB, CPU s: ${cpu}, ${run.minorPageFaults} page faults${floor}`);
      runs.push(run);
    }
    return runs;
  } finally {
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
