import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The benchmark's other processes: Azurite, moto_server, the Firehose stand-in and the pipeline
 * child. Every one is tracked and killed when the benchmark exits, however it exits.
 */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const running = new Set<ChildProcess>();

function killAll(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere.
 * Assumes the usual 100 clock ticks per second.
 */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Environment every child gets: quiet SDK, local credentials, no inherited AWS_* setting that could point at real AWS. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...inherited,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
    ...extra,
  };
}

export interface Started {
  readonly child: ChildProcess;
  /** What the ready line captured. */
  readonly ready: string;
  /** Output after the ready line (stdout and stderr), for diagnostics. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `command` and resolves once a line of its output matches `ready` (group 1 is returned). */
export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  ready: RegExp,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Started> {
  const child = spawn(command, args, { cwd: REPO_ROOT, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    running.delete(child);
    resolve();
  }));
  let seen = '';
  const keep = (chunk: Buffer) => {
    seen += chunk.toString();
    if (seen.length > 64 * 1024) seen = seen.slice(-32 * 1024);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${options.timeoutMs ?? 30_000} ms: ${seen.slice(-2000)}`)), options.timeoutMs ?? 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = () => {
      const match = ready.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.off('exit', onEarlyExit);
      resolve({
        child,
        ready: match[1] ?? match[0],
        output: () => seen,
        async stop(graceMs = 10_000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const timeout = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timeout);
        },
      });
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`${name} exited (${code}) before it was ready: ${seen.slice(-2000)}`));
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onEarlyExit);
    child.once('error', (error) => fail(new Error(`cannot start ${name}: ${error.message}`)));
  });
}

/** Azurite's blob service in its own process, storing under `location`, on a free loopback port. */
export async function startAzurite(location: string): Promise<Started & { readonly blobEndpoint: string }> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const started = await startProcess('Azurite', process.execPath, [
    main, '--blobHost', '127.0.0.1', '--blobPort', '0', '--location', location,
    '--skipApiVersionCheck', '--loose', '--disableTelemetry', '--silent',
  ], /listens on (http:\/\/127\.0\.0\.1:\d+)/);
  return { ...started, blobEndpoint: started.ready };
}

export const MOTO_MISSING = 'moto_server is not on PATH (the Firehose stand-in delivers to it): pip install "moto[server]"';

/** moto_server (S3 for the Firehose stand-in's deliveries) on a free loopback port. */
export async function startMoto(): Promise<Started & { readonly endpoint: string }> {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).error) throw new Error(MOTO_MISSING);
  const started = await startProcess('moto_server', 'moto_server', ['-H', '127.0.0.1', '-p', '0'], /Running on (http:\/\/127\.0\.0\.1:\d+)/);
  return { ...started, endpoint: started.ready };
}

/** The Firehose stand-in in its own process, delivering to `bucket` on `s3Endpoint`, keeping no objects in memory. */
export async function startFirehoseStandIn(options: {
  stream: string;
  bucket: string;
  s3Endpoint: string;
  bufferBytes: number;
}): Promise<Started & { readonly endpoint: string }> {
  const started = await startProcess('Firehose stand-in', process.execPath, [
    '--import', 'tsx', 'test/support/firehose-stand-in.ts',
    '--stream', options.stream, '--bucket', options.bucket, '--s3-endpoint', options.s3Endpoint,
    '--buffer-bytes', String(options.bufferBytes), '--discard-objects',
  ], /FIREHOSE_STAND_IN (http:\/\/127\.0\.0\.1:\d+)/);
  return { ...started, endpoint: started.ready };
}

/** Runs a script to completion and returns its stdout; rejects with its stderr when it fails. */
export function runToEnd(
  name: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; forwardStderr?: boolean } = {},
): Promise<string> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: options.env ?? childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    if (options.forwardStderr) process.stderr.write(chunk);
    stderr += chunk.toString();
    if (stderr.length > 256 * 1024) stderr = stderr.slice(-128 * 1024);
  });
  child.stdin!.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', (error) => reject(new Error(`cannot start ${name}: ${error.message}`)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${name} failed (${signal ?? `exit ${code}`}): ${stderr.slice(-4000)}`));
    });
  });
}
