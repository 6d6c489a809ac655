import { httpRoute } from '../shared/http/route';
import { issueChallenge } from './challenge';
import { deps } from './deps';

const { challengeKey, clock } = deps();

/** GET /api/challenge: a fresh ALTCHA v1 challenge; never cached, each is good once. */
export const handler = httpRoute({ name: 'GET /api/challenge' }, async () => ({
  body: await issueChallenge(await challengeKey(), clock.now()),
}));
