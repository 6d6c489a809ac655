import { ChallengeRequired, FormRefused, RateLimited } from '../shared/errors';
import { type FormRoute, issueFormPass, readFormToken } from '../shared/form-token';
import type { RateLimiter } from '../shared/http/rate-limit';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { acceptSolution, type SolutionLedger } from './challenge';
import { formRefusal } from './model';

type GuardedRoute = Province['challengeRoutes'][number];

interface AbuseCheck {
  route: GuardedRoute;
  /** The in-memory stand-in for the client's address (RateLimiter.clientKey). */
  client: string;
  /** True for a form post from a page without JavaScript. */
  isForm: boolean;
  /** The ALTCHA solution (X-Altcha header or `altcha` form field), base64 JSON. */
  solution: string | undefined;
  /** The place a report is for: its proof of work must be as hard as the place's recent rate asks. */
  area?: string | undefined;
  /** A form post's token (the `formToken` field) and the idempotency key it came with. */
  form?: { token: string | undefined; idempotencyKey: string | undefined };
}

export interface AbuseGuard {
  /**
   * Throws RateLimited, ChallengeRequired (JSON) or FormRefused (a form post); call it after an
   * idempotent replay has been answered.
   */
  admit(check: AbuseCheck): Promise<void>;
}

/** A person filling a form posts a few times a minute at most: form posts get a quarter of the JSON limit. */
const FORM_LIMIT_DIVISOR = 4;

const FORM_ROUTES: Partial<Record<GuardedRoute, FormRoute>> = {
  reports: 'reports',
  suggestions: 'suggestions',
};

/**
 * The per-client limits, then, on the routes the province names (`challengeRoutes`), the proof:
 * - a page with JavaScript (JSON) solves an ALTCHA challenge at least as hard as the place's current
 *   difficulty (`difficulty`, from the shared count of recent reports);
 * - a page without JavaScript cannot, so a form post to the report or suggestion intake carries the
 *   signed token its server-rendered form embeds (shared/form-token.ts): refused when missing, not
 *   ours, filled in under 3 seconds or older than an hour, with a page that sends it again. A token
 *   names the form's idempotency key, so a second post with it is answered as a replay (or 409), never
 *   stored twice. Form posts to follow-up and ack (a look-up, a signed link) need no proof.
 */
export function abuseGuard(deps: {
  province: Pick<Province, 'rateLimits' | 'challengeRoutes'>;
  limiter: RateLimiter;
  ledger: SolutionLedger;
  challengeKey: () => Promise<string>;
  formKey: () => Promise<Buffer>;
  difficulty: (area: string | undefined) => Promise<number>;
  clock: Clock;
}): AbuseGuard {
  const { province, limiter, clock } = deps;
  return {
    admit: async ({ route, client, isForm, solution, area, form }) => {
      const base =
        route === 'follow-up'
          ? province.rateLimits.followUpsPerMinute
          : province.rateLimits.publicPostsPerMinute;
      const perMinute = isForm ? Math.max(1, Math.floor(base / FORM_LIMIT_DIVISOR)) : base;
      const wait = limiter.take(isForm ? `${route}:form` : route, client, perMinute, clock.now().getTime());
      if (wait !== undefined) throw new RateLimited(wait);
      if (!province.challengeRoutes.includes(route)) return;
      if (isForm) {
        const formRoute = FORM_ROUTES[route];
        if (formRoute) await checkFormToken(formRoute, form, deps.formKey, clock.now());
        return;
      }
      // Without a solution there is nothing to weigh: the page's first try is answered at once.
      if (!solution) throw new ChallengeRequired();
      const needed = await deps.difficulty(area);
      if (!(await acceptSolution(solution, await deps.challengeKey(), deps.ledger, clock.now(), needed))) {
        throw new ChallengeRequired();
      }
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function checkFormToken(
  route: FormRoute,
  form: AbuseCheck['form'],
  formKey: () => Promise<Buffer>,
  now: Date,
): Promise<void> {
  const key = await formKey();
  const posted = form?.idempotencyKey?.toLowerCase();
  const token = readFormToken(key, form?.token);
  const reason = formRefusal(token, { route, idempotencyKey: posted, tokenGiven: Boolean(form?.token) }, now);
  if (!reason) return;
  // Sent too soon, the form's own token becomes good in a moment; otherwise a fresh one, for the key
  // the form carried (its retry is then still the same submission) or a new key.
  const resend =
    reason === 'too_fast' && token && form?.token
      ? { idempotencyKey: token.idempotencyKey, formToken: form.token }
      : issueFormPass(key, route, now, posted && UUID.test(posted) ? posted : undefined);
  throw new FormRefused(reason, { path: `/api/${route}`, ...resend });
}
