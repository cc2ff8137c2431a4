import { setTimeout as sleep } from 'node:timers/promises';

/** Exponential backoff with full jitter: a random wait in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

export async function waitBeforeRetry(attempt: number, baseDelayMs: number, maxDelayMs: number): Promise<void> {
  const delay = backoffDelayMs(attempt, baseDelayMs, maxDelayMs);
  if (delay > 0) await sleep(delay);
}

/** Error names AWS services use when they shed load; all retryable. */
const THROTTLING_ERRORS = new Set([
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'SlowDown',
]);

/** Per-record `ErrorCode`s in a PutRecordBatch response that are worth sending again. */
const RETRYABLE_RECORD_ERRORS = new Set([...THROTTLING_ERRORS, 'InternalFailure', 'InternalFailureException', 'InternalServerError']);

interface AwsErrorShape {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** The name to report for a failed call: the service's error type, or the network error's code. */
export function errorCodeOf(error: unknown): string {
  const shape = (error ?? {}) as AwsErrorShape;
  if (shape.name && shape.name !== 'Error') return shape.name;
  return shape.code ?? shape.name ?? 'UnknownError';
}

export function isThrottlingError(error: unknown): boolean {
  const shape = (error ?? {}) as AwsErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  return THROTTLING_ERRORS.has(errorCodeOf(error)) || status === 429 || status === 503;
}

/**
 * Whether a whole call is worth repeating: throttles, 5xx, failures with no HTTP status at all
 * (connection reset, timeout), and a 2xx whose answer was cut off before it could be read (the
 * records may or may not have been accepted: resending may duplicate, never lose). Other 4xx
 * (ResourceNotFoundException, InvalidArgumentException, AccessDeniedException, ...) fail again.
 */
export function isRetryableCallError(error: unknown): boolean {
  const shape = (error ?? {}) as AwsErrorShape;
  if (shape.$retryable || isThrottlingError(error)) return true;
  const status = shape.$metadata?.httpStatusCode;
  return status === undefined || status < 400 || status >= 500;
}

export function isRetryableRecordError(errorCode: string): boolean {
  return RETRYABLE_RECORD_ERRORS.has(errorCode);
}
