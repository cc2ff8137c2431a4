import type { AzureRequestFigures } from './azure-requests.ts';
import type { EndToEndRun } from './end-to-end.ts';
import type { NormalizeFigures } from './normalize.ts';

/** What `npm run bench -- --json` prints as its last line (and `--save` writes). MB = 10^6 bytes. */
export interface BenchReport {
  machine: { cpu: string; cores: number; node: string; platform: string };
  normalize?: NormalizeFigures;
  endToEnd?: {
    /** The multi-table run of at least 500 MB: its input, throughput and peak RSS. */
    inputMb: number;
    mbPerSec: number;
    ratioToFloor?: number;
    peakRssMb: number;
    /** Input MB of each run (rounded) → the pipeline process's peak RSS in MB. */
    rssByInputMb: Record<string, number>;
    /** Input MB per CPU second of the pipeline process in the main run. */
    mbPerCpuSecond: number;
    /** The same export into a file sink: the pipeline without the stand-in competing for the cores. */
    fileSink: { mbPerSec: number; ratioToFloor?: number; peakRssMb: number; mbPerCpuSecond: number };
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
