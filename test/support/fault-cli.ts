import { spawn, type ChildProcess } from 'node:child_process';
import type { PassSummary } from '../../lambda/pass-summary.ts';

/** The CLI launcher users run: `node bin/defender-forwarder.mjs …`. */
export const CLI_LAUNCHER = new URL('../../bin/defender-forwarder.mjs', import.meta.url).pathname;

/** The CLI's `main` in a child that also reports its own peak RSS (see fault-rss-cli.ts). */
export const RSS_CLI = new URL('./fault-rss-cli.ts', import.meta.url).pathname;

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The `--json` summary: the last stdout line, when it is one. */
  readonly summary: PassSummary | undefined;
  /** Peak resident set size in bytes, when the child reported it (RSS_CLI). */
  readonly maxRssBytes: number | undefined;
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly result: Promise<CliResult>;
  /** True while the child has not exited. */
  readonly running: boolean;
  /** SIGKILL: no handler runs, nothing is flushed, as when a machine or container dies. */
  kill(): boolean;
}

/** Starts `node <entry> <args>` as a child process with `env` added to this process's environment. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, entry = CLI_LAUNCHER): CliProcess {
  const nodeArgs = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let running = true;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running = false;
      resolve({ code, signal, stdout, stderr, summary: summaryOf(stdout), maxRssBytes: maxRssOf(stderr) });
    });
  });
  return {
    child,
    result,
    get running() {
      return running;
    },
    kill: () => running && child.kill('SIGKILL'),
  };
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, entry = CLI_LAUNCHER): Promise<CliResult> {
  return startCli(args, env, entry).result;
}

function summaryOf(stdout: string): PassSummary | undefined {
  const last = stdout.trim().split('\n').pop();
  if (!last?.startsWith('{')) return undefined;
  try {
    return JSON.parse(last) as PassSummary;
  } catch {
    return undefined;
  }
}

function maxRssOf(stderr: string): number | undefined {
  const match = /^FAULT_MAX_RSS_BYTES (\d+)$/m.exec(stderr);
  return match ? Number(match[1]) : undefined;
}
