/**
 * What a failed call to the store or to a provider says about its own outcome: the one table of
 * "transient" errors, read by the error boundary (503, not 500), by writes that must know whether they
 * landed (submit-once.ts) and by the SMS sender's retries.
 * - 'refused': throttled, or the connection was never made — the call surely did nothing, and a
 *   later try may succeed;
 * - 'lost': a timeout or a reset connection — the answer was lost, the call may have been done;
 * - 'server': the service's own 5xx — it may or may not have been done;
 * - undefined: an answer (a condition that failed, a validation error), or a bug.
 * Only names and codes are read: SDK messages can echo what was sent.
 */
export type Fault = 'refused' | 'lost' | 'server';

const REFUSED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'ThrottledException',
  'KMSThrottlingException',
  'RequestLimitExceeded',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const LOST = new Set(['TimeoutError', 'RequestTimeout', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

const SERVER = new Set([
  'InternalServerError',
  'InternalErrorException',
  'InternalFailure',
  'ServiceUnavailable',
]);

export function faultOf(error: unknown): Fault | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; code?: unknown; $fault?: unknown };
  const names = [e.name, e.code].filter((n): n is string => typeof n === 'string');
  if (names.some((n) => REFUSED.has(n))) return 'refused';
  if (names.some((n) => LOST.has(n))) return 'lost';
  if (names.some((n) => SERVER.has(n)) || e.$fault === 'server') return 'server';
  return undefined;
}

/** The call may have been done although it failed: read back before undoing or redoing it. */
export function outcomeUnknown(error: unknown): boolean {
  const fault = faultOf(error);
  return fault === 'lost' || fault === 'server';
}
