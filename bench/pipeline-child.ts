/**
 * One forwarding pass in a process of its own, so that its peak RSS is the pipeline's alone (Azurite
 * and the Firehose stand-in run elsewhere). Reads its options as JSON on stdin and prints one line,
 * `PIPELINE_CHILD_RESULT {json}`, on stdout. Environment: AWS_ENDPOINT_URL_FIREHOSE for a
 * `firehose://` sink.
 */
import { isMainThread } from 'node:worker_threads';
import { runPass } from '../lambda/pipeline.ts';
import type { PassOptions } from '../lambda/pass-options.ts';
import { stderrLog } from '../lambda/telemetry/log.ts';
import { RESULT_MARKER, type ChildRequest, type ChildResult } from './child-protocol.ts';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChildRequest;
  const { workers } = request;
  const options: PassOptions = {
    source: { kind: 'connection-string', connectionString: request.connectionString },
    stateUri: request.stateUri,
    sinkUri: request.sinkUri,
    ...(request.lateWindowHours !== undefined && { lateWindowHours: request.lateWindowHours }),
    ...(workers !== undefined && { normalizeWorkers: workers }),
  };
  // BENCH_TRACE_MEMORY=1: one line of memory figures on stderr per second, to see what grows.
  const trace = process.env.BENCH_TRACE_MEMORY === '1'
    ? setInterval(() => {
      const m = process.memoryUsage();
      process.stderr.write(`memory rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}\n`);
    }, 1000)
    : undefined;
  const cpuBefore = process.cpuUsage();
  const faultsBefore = process.resourceUsage().minorPageFault;
  const started = performance.now();
  const nowMs = request.nowMs;
  const summary = await runPass(options, { log: stderrLog('warn'), ...(nowMs !== undefined && { now: () => new Date(nowMs) }) });
  const passMs = performance.now() - started;
  clearInterval(trace);
  const cpu = process.cpuUsage(cpuBefore);
  const result: ChildResult = {
    summary,
    passMs,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    minorPageFaults: process.resourceUsage().minorPageFault - faultsBefore,
  };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(0);
}

// Bundled, this file is also the normalize workers' entry (as the Lambda bundle is): only the main
// thread runs a pass.
if (isMainThread) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
