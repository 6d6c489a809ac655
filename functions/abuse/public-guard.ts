import { processLimiter } from '../shared/http/rate-limit';
import { runtime } from '../shared/runtime';
import { dynamoSolutionLedger } from './challenge';
import { type AbuseGuard, abuseGuard } from './guard';

let guard: AbuseGuard | undefined;

/**
 * The per-client limits and challenges of the public POSTs (reports, suggestions, follow-up, ack), made once per
 * process from the province config. Handlers call it after answering an idempotent replay.
 */
export function publicPostGuard(): AbuseGuard {
  if (guard) return guard;
  const { province, store, secrets, clock } = runtime();
  guard = abuseGuard({
    province,
    limiter: processLimiter,
    ledger: dynamoSolutionLedger(store),
    challengeKey: async () => (await secrets.key('altcha')).toString('hex'),
    clock,
  });
  return guard;
}
