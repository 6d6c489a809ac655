import { processLimiter } from '../shared/http/rate-limit';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { abuseGuard } from './guard';
import { dynamoSolutionLedger } from './store';

/**
 * The abuse folder's ports, made once per process: the per-client limits and challenges of the public
 * POSTs (reports, suggestions, follow-up, ack), which other folders' deps hand to their handlers, and
 * what GET /api/challenge needs.
 */
export const deps = once(() => {
  const { province, store, secrets, clock } = runtime();
  const challengeKey = async () => (await secrets.key('altcha')).toString('hex');
  return {
    clock,
    challengeKey,
    guard: abuseGuard({
      province,
      limiter: processLimiter,
      ledger: dynamoSolutionLedger(store),
      challengeKey,
      clock,
    }),
  };
});
