import type { AzureRequestFigures } from './azure-requests.ts';
import type { EndToEndRun } from './end-to-end.ts';
import type { NormalizeFigures } from './normalize.ts';

export interface PassFigures {
  mbPerSec: number;
  /** The JSON floor measured just before and after the pass (their mean), on the normalizer's sample. */
  floorMbPerSec?: number;
  /** `mbPerSec / floorMbPerSec`. */
  ratioToFloor?: number;
  /** `mbPerSec` over the normalize section's floor, measured minutes before the pass. */
  ratioToNormalizeFloor?: number;
  peakRssMb: number;
  mbPerCpuSecond: number;
}

/** What `npm run bench -- --json` prints as its last line (and `--save` writes). MB = 10^6 bytes. */
export interface BenchReport {
  machine: { cpu: string; cores: number; node: string; platform: string };
  normalize?: NormalizeFigures;
  endToEnd?: {
    /**
     * The headline passes go into a file sink, so that the Firehose stand-in and moto_server do not
     * share the cores with the pipeline, with this many normalize workers beside the main thread.
     */
    sink: 'file';
    normalizeWorkers: number;
    /**
     * The multi-table export of at least 500 MB: the median headline pass's input, throughput and
     * ratios (see {@link PassFigures}); the highest peak RSS.
     */
    inputMb: number;
    mbPerSec: number;
    floorMbPerSec?: number;
    ratioToFloor?: number;
    ratioToNormalizeFloor?: number;
    peakRssMb: number;
    /** Input MB per CPU second of the pipeline process (all its threads) in the main run. */
    mbPerCpuSecond: number;
    /**
     * Every pass of the headline configuration over the main export, in the order they ran: the
     * median by ratio to its floor is the one reported above, with the highest peak RSS of them all.
     */
    repeats: { mbPerSec: number[]; ratioToFloor: number[]; peakRssMb: number[] };
    /** Input MB of each headline run, 100 MB to 1 GB (rounded) → the pipeline process's peak RSS in MB. */
    rssByInputMb: Record<string, number>;
    /** The same exports into the Firehose stand-in, inline (0 workers, the default deployment). */
    firehose: PassFigures & { rssByInputMb: Record<string, number> };
    /** The main export into a file sink, inline. */
    fileInline: PassFigures;
    /**
     * The same bytes as the main export spread over six hours (six times the blobs), in the headline
     * configuration: a pass catching up after an outage. Every blob costs the pass its checkpoint
     * read and write and its GETs, and Azurite more (it hashes every range of 4 MiB or less and reads
     * it twice), so it runs slower than the main export.
     */
    backfill: PassFigures & { inputMb: number; blobs: number; repeats: { mbPerSec: number[]; ratioToFloor: number[]; peakRssMb: number[] } };
    runs: EndToEndRun[];
  };
  /** From the Firehose stand-in's counters during the main end-to-end run. */
  firehose?: {
    billedBytesRatio: number;
    objectsPerRecord: number;
    callsPer10kRows: number;
    bytesPerRecord: number;
    sentBytesPerInputByte: number;
    limitViolations: number;
  };
  azure?: AzureRequestFigures;
  targets: Record<string, { value: number; limit: string; met: boolean }>;
  /** Wall time of each section, seeding included. */
  sectionSeconds: Record<string, number>;
  wallSeconds: number;
  sizes: 'full' | 'quick';
  seed: number;
}
