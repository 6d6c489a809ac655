import { httpRoute } from '../shared/http/route';
import { issueChallenge } from './challenge';
import { deps } from './deps';
import { ChallengeQuery } from './schema';

const { challengeKey, clock, limits, difficulty } = deps();

/**
 * GET /api/challenge[?area=CODE]: a fresh ALTCHA v1 challenge, as hard as the place's (or without one,
 * the province's) recent rate of reports asks; never cached, each is good once.
 */
export const handler = httpRoute(
  { name: 'GET /api/challenge', query: ChallengeQuery, limits },
  async ({ query }) => ({
    body: await issueChallenge(await challengeKey(), clock.now(), await difficulty(query.area)),
  }),
);
