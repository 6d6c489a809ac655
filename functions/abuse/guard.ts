import { ChallengeRequired, RateLimited } from '../shared/errors';
import type { RateLimiter } from '../shared/http/rate-limit';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { acceptSolution, type SolutionLedger } from './challenge';

type GuardedRoute = Province['challengeRoutes'][number];

interface AbuseCheck {
  route: GuardedRoute;
  /** The in-memory stand-in for the client's address (RateLimiter.clientKey). */
  client: string;
  /** True for a form post from a page without JavaScript. */
  isForm: boolean;
  /** The ALTCHA solution (X-Altcha header or `altcha` form field), base64 JSON. */
  solution: string | undefined;
}

export interface AbuseGuard {
  /** Throws RateLimited or ChallengeRequired; call it after an idempotent replay has been answered. */
  admit(check: AbuseCheck): Promise<void>;
}

/**
 * Pages without JavaScript cannot solve a proof of work, so a form post skips the challenge but gets
 * a quarter of the JSON limit: a person filling a form posts a few times a minute at most.
 */
const FORM_LIMIT_DIVISOR = 4;

export function abuseGuard(deps: {
  province: Pick<Province, 'rateLimits' | 'challengeRoutes'>;
  limiter: RateLimiter;
  ledger: SolutionLedger;
  challengeKey: () => Promise<string>;
  clock: Clock;
}): AbuseGuard {
  const { province, limiter, clock } = deps;
  return {
    admit: async ({ route, client, isForm, solution }) => {
      const base =
        route === 'follow-up'
          ? province.rateLimits.followUpsPerMinute
          : province.rateLimits.publicPostsPerMinute;
      const perMinute = isForm ? Math.max(1, Math.floor(base / FORM_LIMIT_DIVISOR)) : base;
      const wait = limiter.take(isForm ? `${route}:form` : route, client, perMinute, clock.now().getTime());
      if (wait !== undefined) throw new RateLimited(wait);
      if (isForm || !province.challengeRoutes.includes(route)) return;
      if (!(await acceptSolution(solution, await deps.challengeKey(), deps.ledger, clock.now()))) {
        throw new ChallengeRequired();
      }
    },
  };
}
