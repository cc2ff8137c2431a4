import type { PassSummary } from '../lambda/pass-summary.ts';

/** What the benchmark asks `bench/pipeline-child.ts` to do (JSON on its stdin). */
export interface ChildRequest {
  readonly connectionString: string;
  readonly stateUri: string;
  readonly sinkUri: string;
  readonly lateWindowHours?: number;
  /** The pass's "now" (epoch ms), so that a window does not move between the passes of one measurement. */
  readonly nowMs?: number;
  /** Normalize worker threads (`PassOptions.normalizeWorkers`); default 0, every row on the main thread. */
  readonly workers?: number;
}

/** What the child reports: one line, {@link RESULT_MARKER} then this as JSON, on its stdout. */
export interface ChildResult {
  readonly summary: PassSummary;
  /** Wall time of `runPass` alone (process start-up and module loading excluded). */
  readonly passMs: number;
  /** `process.resourceUsage().maxRSS`, in MB (10^6 bytes). */
  readonly peakRssMb: number;
  /** CPU time of the child during the pass, in ms. */
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** Pages the pass faulted in (`process.resourceUsage().minorPageFault`): fresh memory it wrote to. */
  readonly minorPageFaults: number;
}

export const RESULT_MARKER = 'PIPELINE_CHILD_RESULT ';
