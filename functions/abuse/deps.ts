import { cacheFound } from '../shared/cache';
import { processLimiter } from '../shared/http/rate-limit';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { currentDifficulty, placePressure } from './difficulty';
import { abuseGuard } from './guard';
import { dynamoSolutionLedger, rateWindows } from './store';

/** How long a process acts on a place's recent rate before reading it again. */
const PRESSURE_TTL_MS = 10_000;

/**
 * The abuse folder's ports, made once per process: the per-client limits and proofs of the public
 * POSTs (reports, suggestions, follow-up, ack), which other folders' deps hand to their handlers, and
 * what GET /api/challenge needs. A place's recent rate is read at most once per PRESSURE_TTL_MS per
 * process, whatever the number of challenges and reports.
 */
export const deps = once(() => {
  const { province, store, secrets, clock } = runtime();
  const challengeKey = async () => (await secrets.key('altcha')).toString('hex');
  const rates = rateWindows(store);
  const cached = cacheFound((area: string) => placePressure(area, { rates, province, clock }), {
    ttlMs: PRESSURE_TTL_MS,
  });
  const pressure = async (area: string) => (await cached(area)) ?? 0;
  const difficulty = (area: string | undefined) => currentDifficulty(area, { pressure, province });
  return {
    limits: province.rateLimits,
    clock,
    challengeKey,
    difficulty,
    guard: abuseGuard({
      province,
      limiter: processLimiter,
      ledger: dynamoSolutionLedger(store),
      challengeKey,
      formKey: () => secrets.key('form-token'),
      difficulty,
      clock,
    }),
  };
});
