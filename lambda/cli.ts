import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EnvironmentCredential } from '@azure/identity';
import type { AzureSourceConfig } from './blobs/azure-source.ts';
import { ConfigError, LeaseHeldError, errorMessage } from './errors.ts';
import type { PassOptions } from './pass-options.ts';
import type { PassSummary } from './pass-summary.ts';
import { runPass } from './pipeline.ts';
import { redact } from './telemetry/redact.ts';
import { stderrLog, type LogLevel } from './telemetry/log.ts';

const USAGE = `Usage: defender-forwarder <command> [options]

Commands:
  run        one forwarding pass: Azure Storage export -> OCSF -> sink
  replay     push dead-lettered rows through the current mappers again
  coverage   per table, the share of source values that land in typed OCSF attributes
  demo       local trial: Azurite + generated export -> ./out (what \`npm start\` runs)

run options:
  --connection-string <s>   Azure Storage connection string or SAS URL (or env AZURE_STORAGE_CONNECTION_STRING)
  --account-url <url>       https://<account>.blob.core.windows.net with Entra credentials from the environment
                            (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH)
  --state <uri>             checkpoints: file://<dir> or s3://<bucket>/<prefix>   (required)
  --sink <uri>              file://<dir>, s3://<bucket>/<prefix> or firehose://<stream>   (required)
  --dead-letter <uri>       file://<dir> or s3://<bucket>/<prefix> (default: dead-letter/ under --state)
  --tenant <guid,...>       only these tenants (rows of others are filtered and counted)
  --tables <A,B>            only these tables
  --from <ISO> --to <ISO>   only blobs whose hour is in [from, to) (backfills; rows still start at their checkpoints)
  --gzip                    gzip the objects a file:// or s3:// sink writes
  --late-window-hours <n>   list only the open hour and n hours before it (plus a full sweep every --full-sweep-hours);
                            default: list every hour
  --full-sweep-hours <n>    in window mode, how often to list every hour (default 24)
  --max-seconds <n>         stop reading after n seconds, checkpoint what was delivered, exit 0
  --lease                   take the pass lease (one pass at a time on this state)
  --workers <n>             normalize rows on n worker threads besides the main one (default 0: all on the main
                            thread); the output is the same, a pass just uses more cores
  --json                    print the summary as one JSON object, the last line of stdout
  --log-level <level>       debug, info, warn or error (default info); logs go to stderr

replay options:
  --dead-letter <uri>       where the dead-lettered rows are   (required)
  --sink <uri>              where to deliver them              (required)
  --gzip, --json, --log-level as above
`;

const RUN_OPTIONS = {
  'connection-string': { type: 'string' },
  'account-url': { type: 'string' },
  state: { type: 'string' },
  sink: { type: 'string' },
  'dead-letter': { type: 'string' },
  tenant: { type: 'string' },
  tables: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  gzip: { type: 'boolean' },
  'late-window-hours': { type: 'string' },
  'full-sweep-hours': { type: 'string' },
  'full-sweep': { type: 'boolean' },
  'max-seconds': { type: 'string' },
  lease: { type: 'boolean' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Runs a CLI command and returns the process exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'replay': {
        const { replayCommand } = await import('./replay/replay-command.ts');
        return await replayCommand(rest);
      }
      case 'coverage': {
        const { coverageCommand } = await import('./ocsf/coverage-command.ts');
        return await coverageCommand(rest);
      }
      case 'demo': {
        const { demoCommand } = await import('./demo/demo-command.ts');
        return await demoCommand(rest);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new ConfigError(`unknown command "${command}" (expected run, replay, coverage or demo)`);
    }
  } catch (error) {
    return reportFailure(error);
  }
}

export function reportFailure(error: unknown): number {
  const message = redact(errorMessage(error).split('\n')[0] ?? 'unknown error');
  process.stderr.write(`defender-forwarder: ${message}\n`);
  if (error instanceof ConfigError) {
    process.stderr.write(`Run "defender-forwarder --help" for the options.\n`);
    return 2;
  }
  return 1;
}

async function runCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseStrict(argv, RUN_OPTIONS);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = stderrLog(logLevel(values['log-level']));
  const options = passOptionsFrom(values);
  let summary: PassSummary;
  try {
    summary = await runPass(options, { log });
  } catch (error) {
    if (error instanceof LeaseHeldError) {
      log.warn('pass skipped: another pass holds the lease', { reason: error.message });
      return 0;
    }
    throw error;
  }
  log.info('pass complete', { rowsRead: summary.rowsRead, recordsDelivered: summary.recordsDelivered, deadLettered: summary.deadLettered });
  printSummary(summary, values.json === true);
  return 0;
}

export function passOptionsFrom(values: Partial<Record<keyof typeof RUN_OPTIONS, string | boolean>>): PassOptions {
  const problems: string[] = [];
  const text = (name: keyof typeof RUN_OPTIONS) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const state = text('state');
  const sink = text('sink');
  if (!state) problems.push('--state <uri> is required (file://<dir> or s3://<bucket>/<prefix>)');
  if (!sink) problems.push('--sink <uri> is required (file://<dir>, s3://<bucket>/<prefix> or firehose://<stream>)');
  let source: AzureSourceConfig | undefined;
  const connectionString = text('connection-string') ?? process.env.AZURE_STORAGE_CONNECTION_STRING;
  const accountUrl = text('account-url');
  if (connectionString && accountUrl) problems.push('give either --connection-string or --account-url, not both');
  else if (connectionString) source = { kind: 'connection-string', connectionString };
  else if (accountUrl) {
    if (!/^https?:\/\//i.test(accountUrl)) problems.push(`--account-url must be an http(s) URL; got "${redact(accountUrl)}"`);
    else if (accountUrl.includes('?')) source = { kind: 'account-url', accountUrl };
    else if (!process.env.AZURE_TENANT_ID || !process.env.AZURE_CLIENT_ID) {
      problems.push('--account-url needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH in the environment');
    } else source = { kind: 'account-url', accountUrl, credential: new EnvironmentCredential() };
  } else problems.push('no Azure source: give --connection-string (or AZURE_STORAGE_CONNECTION_STRING) or --account-url');
  const from = dateOption('--from', text('from'), problems);
  const to = dateOption('--to', text('to'), problems);
  if (from && to && from >= to) problems.push('--from must be before --to');
  const lateWindowHours = numberOption('--late-window-hours', text('late-window-hours'), problems);
  const fullSweepHours = numberOption('--full-sweep-hours', text('full-sweep-hours'), problems);
  const maxSeconds = numberOption('--max-seconds', text('max-seconds'), problems);
  const workers = numberOption('--workers', text('workers'), problems);
  if (workers !== undefined && !Number.isInteger(workers)) problems.push(`--workers: expected a whole number of threads; got "${text('workers')}"`);
  const list = (name: keyof typeof RUN_OPTIONS) => text(name)?.split(',').map((s) => s.trim()).filter(Boolean);
  const tenants = list('tenant');
  for (const tenant of tenants ?? []) {
    if (!/^[0-9a-f-]{36}$/i.test(tenant)) problems.push(`--tenant: "${tenant}" is not a tenant GUID`);
  }
  if (problems.length) throw new ConfigError(problems.join('; '));
  return {
    source: source!,
    stateUri: state!,
    sinkUri: sink!,
    deadLetterUri: text('dead-letter'),
    tenants,
    tables: list('tables'),
    from,
    to,
    gzip: values.gzip === true,
    lateWindowHours,
    fullSweepHours,
    fullSweep: values['full-sweep'] === true,
    deadline: maxSeconds !== undefined ? Date.now() + maxSeconds * 1000 : undefined,
    lease: values.lease === true,
    ...(workers !== undefined && { normalizeWorkers: workers }),
  };
}

export function parseStrict<T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new ConfigError(errorMessage(error), { cause: error });
  }
}

export function logLevel(value: string | boolean | undefined): LogLevel {
  if (value === undefined) return 'info';
  if (value === 'debug' || value === 'info' || value === 'warn' || value === 'error') return value;
  throw new ConfigError(`--log-level: expected debug, info, warn or error; got "${String(value)}"`);
}

function dateOption(name: string, value: string | undefined, problems: string[]): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`);
  if (!Number.isFinite(ms)) {
    problems.push(`${name}: "${value}" is not an ISO 8601 date-time`);
    return undefined;
  }
  return new Date(ms);
}

function numberOption(name: string, value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    problems.push(`${name}: expected a non-negative number; got "${value}"`);
    return undefined;
  }
  return n;
}

/** A readable table on stdout, or with `json` one JSON object as the last line of stdout. */
export function printSummary(summary: PassSummary, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    return;
  }
  const rows = Object.entries(summary.tables).sort(([a], [b]) => a.localeCompare(b));
  const lines = ['table                        rows  records by OCSF class'];
  for (const [table, stats] of rows) {
    const classes = Object.entries(stats.classes).map(([k, v]) => `${k}=${v}`).join(' ') || '-';
    lines.push(`${table.padEnd(26)} ${String(stats.rows).padStart(7)}  ${classes}`);
  }
  lines.push(
    '',
    `rows read ${summary.rowsRead}, delivered ${summary.recordsDelivered}, dead-lettered ${summary.deadLettered}, filtered ${summary.filtered}`,
    `blobs read ${summary.blobsRead} of ${summary.blobsListed} listed, ${summary.bytesRead} bytes, ${summary.azureRequests.total} Azure requests` +
      (summary.newTables.length ? `, tables without a mapper: ${summary.newTables.join(', ')}` : ''),
  );
  process.stdout.write(lines.join('\n') + '\n');
}

