/**
 * The cost model of docs/cost-model.md, computed from a saved benchmark report:
 *
 *   npm run bench -- --save bench-report.json
 *   node --import tsx bench/cost-model.ts bench-report.json > cost-tables.md
 *
 * Prices are assumptions (us-east-1 and Azure East US list prices as we know them, no free tier,
 * no discounts); each one is a named constant below, so a different price list is one edit away.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BenchReport } from './report.ts';

export const PRICES = {
  /** Lambda, arm64, per GB-second (AWS bills memory in GiB-seconds: 1024 MB = 1 GB here). */
  lambdaGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  /** Firehose Direct PUT ingestion, first 500 TB a month, per GiB billed (each record rounded up to 5 KiB). */
  firehoseIngestPerGiB: 0.029,
  /** Dynamic partitioning: per GiB delivered to S3, per 1,000 S3 objects delivered, per JQ processing hour. */
  partitioningPerGiB: 0.02,
  partitioningPer1000Objects: 0.005,
  jqPerHour: 0.07,
  s3PutPer1000: 0.005,
  s3GetPer1000: 0.0004,
  /** Azure Blob Storage, hot tier, LRS: read operations and list operations, per 10,000. */
  azureReadPer10k: 0.0044,
  azureListPer10k: 0.055,
  /** Azure bandwidth out to the internet (AWS is "internet" to Azure), first 10 TB a month, per GB. */
  azureEgressPerGB: 0.087,
} as const;

/** Deployment defaults the model assumes (lib/defender-forwarder-props.ts). */
export const DEPLOYMENT = {
  lambdaMemoryMb: 1024,
  /** Lambda gives a full vCPU at 1,769 MB, a share of one below it. */
  lambdaFullVcpuMb: 1769,
  passesPerMonth: (30 * 24 * 60) / 5,
  firehoseBufferBytes: 128 * 1024 * 1024,
  firehoseBufferSeconds: 300,
  rangeBytes: 8 * 1024 * 1024,
  /** JQ-1.6 records per second of JQ processing time: an assumption (Firehose does not publish one). */
  jqRecordsPerSecond: 10_000,
} as const;

const GiB = 1024 ** 3;
/** Take, renew-or-check and release of the pass lease (an upper bound, all priced as PUTs). */
const LEASE_REQUESTS_PER_PASS = 3;

export interface CostLine {
  readonly item: string;
  readonly cost: number;
  readonly basis: string;
}

export interface CostModel {
  readonly variable: { ours: CostLine[]; naive: CostLine[] };
  readonly monthlyFixed: CostLine[];
  readonly inputs: Record<string, number>;
}

export function costModel(report: BenchReport): CostModel {
  const run = report.endToEnd?.runs.find((r) => r.sink === 'firehose' && r.inputMb === report.endToEnd!.inputMb);
  if (!run || !report.firehose || !report.normalize || !report.azure) {
    throw new Error('the cost model needs a full report (normalize, end-to-end and azure sections)');
  }
  const inputBytes = run.inputMb * 1e6;
  const perGB = 1e9 / inputBytes;
  const fh = run.firehose!;
  const rows = run.rowsRead * perGB;
  const sentBytes = fh.bytes * perGB;
  const billedBytes = fh.billedBytes * perGB;
  const cpuSecondsPerGB = run.cpuSeconds.pipeline * perGB;
  const vcpuShare = Math.min(1, DEPLOYMENT.lambdaMemoryMb / DEPLOYMENT.lambdaFullVcpuMb);
  const lambdaSeconds = cpuSecondsPerGB / vcpuShare;
  const gbSeconds = (DEPLOYMENT.lambdaMemoryMb / 1024) * lambdaSeconds;
  const objectsByBuffer = sentBytes / DEPLOYMENT.firehoseBufferBytes;
  const jqHours = rows / DEPLOYMENT.jqRecordsPerSecond / 3600;
  const readsPerGB = run.azureRequests.read * perGB;

  const shared = (billedGiB: number): CostLine[] => [
    { item: 'Lambda compute', cost: gbSeconds * PRICES.lambdaGbSecond, basis: `${cpuSecondsPerGB.toFixed(1)} CPU s/GB measured → ${lambdaSeconds.toFixed(1)} s at ${DEPLOYMENT.lambdaMemoryMb} MB (${(vcpuShare * 100).toFixed(0)} % of a vCPU) = ${gbSeconds.toFixed(1)} GB-s` },
    { item: 'Firehose ingestion', cost: billedGiB * PRICES.firehoseIngestPerGiB, basis: `${(billedGiB * GiB / 1e9).toFixed(3)} GB billed per GB of export` },
    { item: 'Dynamic partitioning, per GB', cost: (sentBytes / GiB) * PRICES.partitioningPerGiB, basis: `${(sentBytes / 1e9).toFixed(3)} GB of OCSF JSON delivered per GB of export` },
    { item: 'Dynamic partitioning, S3 objects (size-triggered)', cost: (objectsByBuffer / 1000) * (PRICES.partitioningPer1000Objects + PRICES.s3PutPer1000), basis: `${objectsByBuffer.toFixed(1)} objects of 128 MiB; per-object fee plus the S3 PUT` },
    { item: 'Dynamic partitioning, JQ hours', cost: jqHours * PRICES.jqPerHour, basis: `${Math.round(rows).toLocaleString('en-US')} records at an assumed ${DEPLOYMENT.jqRecordsPerSecond.toLocaleString('en-US')} records/s` },
    { item: 'Azure ranged reads', cost: (readsPerGB / 10_000) * PRICES.azureReadPer10k, basis: `${readsPerGB.toFixed(0)} GETs of up to 8 MiB` },
    { item: 'Azure egress to AWS', cost: PRICES.azureEgressPerGB, basis: 'internet egress: the export is uncompressed JSON and every byte read leaves Azure' },
  ];
  const ours = shared(billedBytes / GiB);
  const naiveBilled = sentBytes * report.normalize.oneRecordPerEventBilledRatio;
  const naive = shared(naiveBilled / GiB).map((line) => line.item === 'Firehose ingestion'
    ? { ...line, basis: `one OCSF record per Firehose record: ${(naiveBilled / 1e9).toFixed(3)} GB billed per GB (mean record ${report.normalize!.meanRecordBytes.toFixed(0)} B rounded up to 5 KiB)` }
    : line);

  const azure = report.azure;
  const partitions = run.partitions;
  const windowsPerMonth = (30 * 24 * 3600) / DEPLOYMENT.firehoseBufferSeconds;
  const intervalObjects = partitions * windowsPerMonth;
  const checkpointGets = azure.passes.unchanged.blobsListed * DEPLOYMENT.passesPerMonth;
  const monthlyFixed: CostLine[] = [
    { item: 'Azure listings', cost: (azure.requestsPerUnchangedPass * DEPLOYMENT.passesPerMonth / 10_000) * PRICES.azureListPer10k, basis: `${azure.requestsPerUnchangedPass} list requests per pass x ${DEPLOYMENT.passesPerMonth} passes (${azure.account.tables} tables x ${azure.account.tenants} tenants, 48 h window)` },
    { item: 'S3 checkpoint reads (cold passes)', cost: (checkpointGets / 1000) * PRICES.s3GetPer1000, basis: `${azure.passes.unchanged.blobsListed} checkpoint GETs per pass x ${DEPLOYMENT.passesPerMonth} passes; a warm Lambda skips blobs it knows unchanged` },
    { item: 'S3 checkpoint writes and the lease', cost: (((azure.passes.afterAppends.blobsRead + LEASE_REQUESTS_PER_PASS) * DEPLOYMENT.passesPerMonth) / 1000) * PRICES.s3PutPer1000, basis: `${azure.passes.afterAppends.blobsRead} checkpoint PUTs (blobs that grew) + ${LEASE_REQUESTS_PER_PASS} lease requests per pass x ${DEPLOYMENT.passesPerMonth} passes, priced as PUTs` },
    { item: 'S3 objects (interval-triggered)', cost: (intervalObjects / 1000) * (PRICES.partitioningPer1000Objects + PRICES.s3PutPer1000), basis: `up to ${partitions} partitions (table x class) x ${windowsPerMonth} buffer intervals of 300 s` },
    { item: 'Lambda requests', cost: (DEPLOYMENT.passesPerMonth / 1e6) * PRICES.lambdaPerMillionRequests, basis: `${DEPLOYMENT.passesPerMonth} invocations (every 5 minutes)` },
  ];
  return {
    variable: { ours, naive },
    monthlyFixed,
    inputs: { cpuSecondsPerGB, rowsPerGB: rows, sentBytesPerGB: sentBytes, billedBytesPerGB: billedBytes, naiveBilledBytesPerGB: naiveBilled, partitions },
  };
}

const dollars = (value: number) => (value >= 1 ? `$${value.toFixed(2)}` : value >= 0.01 ? `$${value.toFixed(3)}` : `$${value.toFixed(5)}`);

export function costTables(report: BenchReport): string {
  const model = costModel(report);
  const sum = (lines: readonly CostLine[]) => lines.reduce((s, l) => s + l.cost, 0);
  const variable = (title: string, lines: readonly CostLine[]) => [
    `| ${title} | per GB | per TB | basis |`,
    '|---|---:|---:|---|',
    ...lines.map((l) => `| ${l.item} | ${dollars(l.cost)} | ${dollars(l.cost * 1000)} | ${l.basis} |`),
    `| **total** | **${dollars(sum(lines))}** | **${dollars(sum(lines) * 1000)}** | |`,
    `| total without Azure egress | ${dollars(sum(lines) - PRICES.azureEgressPerGB)} | ${dollars((sum(lines) - PRICES.azureEgressPerGB) * 1000)} | |`,
  ].join('\n');
  const fixed = [
    '| Monthly, whatever the volume | per month | basis |',
    '|---|---:|---|',
    ...model.monthlyFixed.map((l) => `| ${l.item} | ${dollars(l.cost)} | ${l.basis} |`),
    `| **total** | **${dollars(sum(model.monthlyFixed))}** | |`,
  ].join('\n');
  return `${variable('This design (objects packed into 1,000 KiB records)', model.variable.ours)}\n\n${variable('Naive design (one OCSF record per Firehose record)', model.variable.naive)}\n\n${fixed}\n`;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cost-model.ts <report.json from `npm run bench -- --save FILE`>');
  process.stdout.write(costTables(JSON.parse(readFileSync(file, 'utf8')) as BenchReport));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
