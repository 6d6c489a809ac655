import { httpRoute } from '../shared/http/route';
import { runtime } from '../shared/runtime';
import { issueChallenge } from './challenge';

const { clock, secrets } = runtime();

/** GET /api/challenge: a fresh ALTCHA v1 challenge; never cached, each is good once. */
export const handler = httpRoute({ name: 'GET /api/challenge' }, async () => {
  const key = (await secrets.key('altcha')).toString('hex');
  return { body: await issueChallenge(key, clock.now()) };
});
