import { ConfigError } from '../errors.ts';
import { PASS_DEFAULTS, type PassOptions } from '../pass-options.ts';
import { DEFAULT_WEB_IDENTITY_AUDIENCE, type AzureAuthMode, type AzureAuthSettings } from './azure-credentials.ts';

/** The Lambda's settings, all from its environment (set by the CDK construct); no secret is ever among them. */
export interface LambdaSettings {
  readonly auth: AzureAuthSettings;
  readonly pass: Omit<PassOptions, 'source' | 'deadline'>;
  /** Milliseconds kept in reserve before the Lambda timeout to flush and checkpoint. */
  readonly safetyMarginMs: number;
}

export const LAMBDA_DEFAULTS = { lateWindowHours: 48, fullSweepHours: 24, safetyMarginMs: 45_000 } as const;

export function readLambdaEnvironment(env: NodeJS.ProcessEnv): LambdaSettings {
  const problems: string[] = [];
  const need = (name: string) => {
    const value = env[name];
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const number = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) problems.push(`${name} must be a non-negative number; got "${raw}"`);
    return n;
  };
  const wholeNumber = (name: string, fallback: number) => {
    const n = number(name, fallback);
    if (Number.isFinite(n) && !Number.isInteger(n)) problems.push(`${name} must be a whole number; got "${env[name]}"`);
    return n;
  };
  const list = (name: string) => env[name]?.split(',').map((s) => s.trim()).filter(Boolean);
  const settings: LambdaSettings = {
    auth: {
      mode: (env.AZURE_AUTH_MODE ?? 'connection-string') as AzureAuthMode,
      secretArn: env.AZURE_SECRET_ARN,
      accountUrl: env.AZURE_ACCOUNT_URL,
      tenantId: env.AZURE_TENANT_ID,
      clientId: env.AZURE_CLIENT_ID,
      audience: env.WEB_IDENTITY_AUDIENCE ?? DEFAULT_WEB_IDENTITY_AUDIENCE,
    },
    pass: {
      stateUri: need('STATE_URI'),
      sinkUri: need('SINK_URI'),
      deadLetterUri: env.DEAD_LETTER_URI || undefined,
      tenants: list('TENANT_ALLOW_LIST'),
      tables: list('TABLES'),
      lateWindowHours: number('LATE_WINDOW_HOURS', LAMBDA_DEFAULTS.lateWindowHours),
      fullSweepHours: number('FULL_SWEEP_HOURS', LAMBDA_DEFAULTS.fullSweepHours),
      lease: true,
      normalizeWorkers: wholeNumber('NORMALIZE_WORKERS', PASS_DEFAULTS.normalizeWorkers),
    },
    safetyMarginMs: number('SAFETY_MARGIN_MS', LAMBDA_DEFAULTS.safetyMarginMs),
  };
  if (problems.length) throw new ConfigError(problems.join('; '));
  return settings;
}
