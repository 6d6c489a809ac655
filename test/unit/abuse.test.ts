import { createChallenge } from 'altcha-lib/v1';
import { describe, expect, it } from 'vitest';
import {
  acceptSolution,
  CHALLENGE_MAX_NUMBER,
  issueChallenge,
  type SolutionLedger,
} from '../../functions/abuse/challenge';
import { abuseGuard } from '../../functions/abuse/guard';
import { ChallengeRequired, RateLimited } from '../../functions/shared/errors';
import { RateLimiter } from '../../functions/shared/http/rate-limit';

const KEY = 'k'.repeat(64);
const NOW = new Date('2026-11-28T07:00:00Z');

function memoryLedger(): SolutionLedger & { spent: Set<string> } {
  const spent = new Set<string>();
  return {
    spent,
    spend: async (challenge) => {
      if (spent.has(challenge)) return false;
      spent.add(challenge);
      return true;
    },
  };
}

/** A challenge whose answer we know, so tests need not search for it. */
async function solved(number: number, expires: Date, key = KEY): Promise<string> {
  const c = await createChallenge({
    algorithm: 'SHA-256',
    hmacKey: key,
    number,
    maxnumber: CHALLENGE_MAX_NUMBER,
    expires,
  });
  return Buffer.from(
    JSON.stringify({
      algorithm: c.algorithm,
      challenge: c.challenge,
      number,
      salt: c.salt,
      signature: c.signature,
    }),
  ).toString('base64');
}

describe('RateLimiter', () => {
  it('allows up to the limit in a minute, then names the seconds to wait', () => {
    const limiter = new RateLimiter();
    const t = Date.parse('2026-11-28T07:00:10Z');
    for (let i = 0; i < 3; i++) expect(limiter.take('post', 'c1', 3, t)).toBeUndefined();
    expect(limiter.take('post', 'c1', 3, t)).toBe(50);
  });

  it('counts clients and buckets apart', () => {
    const limiter = new RateLimiter();
    const t = Date.parse('2026-11-28T07:00:10Z');
    expect(limiter.take('post', 'c1', 1, t)).toBeUndefined();
    expect(limiter.take('post', 'c2', 1, t)).toBeUndefined();
    expect(limiter.take('get', 'c1', 1, t)).toBeUndefined();
    expect(limiter.take('post', 'c1', 1, t)).toBeDefined();
  });

  it('does not let a burst across a minute boundary double the limit', () => {
    const limiter = new RateLimiter();
    const end = Date.parse('2026-11-28T07:00:59Z');
    for (let i = 0; i < 10; i++) limiter.take('post', 'c1', 10, end);
    expect(limiter.take('post', 'c1', 10, end + 2000)).toBeDefined();
  });

  it('forgets a client after two quiet minutes', () => {
    const limiter = new RateLimiter();
    const t = Date.parse('2026-11-28T07:00:10Z');
    limiter.take('post', 'c1', 1, t);
    expect(limiter.take('post', 'c1', 1, t + 120_000)).toBeUndefined();
  });

  it('stands a keyed hash in for the address, never the address itself', () => {
    const limiter = new RateLimiter();
    const key = limiter.clientKey('203.0.113.7');
    expect(key).not.toContain('203');
    expect(key).toBe(limiter.clientKey('203.0.113.7'));
    expect(new RateLimiter().clientKey('203.0.113.7')).not.toBe(key);
  });
});

describe('acceptSolution', () => {
  it('accepts a right, signed, unexpired solution once', async () => {
    const ledger = memoryLedger();
    const solution = await solved(7, new Date(NOW.getTime() + 60_000));
    expect(await acceptSolution(solution, KEY, ledger, NOW)).toBe(true);
    expect(await acceptSolution(solution, KEY, ledger, NOW)).toBe(false);
  });

  it('refuses an expired solution by the clock port', async () => {
    const solution = await solved(7, new Date(NOW.getTime() + 60_000));
    expect(await acceptSolution(solution, KEY, memoryLedger(), new Date(NOW.getTime() + 61_000))).toBe(false);
  });

  it('refuses a wrong number, a foreign signature, garbage and nothing', async () => {
    const expires = new Date(NOW.getTime() + 60_000);
    const right = JSON.parse(Buffer.from(await solved(7, expires), 'base64').toString());
    const wrongNumber = Buffer.from(JSON.stringify({ ...right, number: 8 })).toString('base64');
    const foreign = await solved(7, expires, 'x'.repeat(64));
    for (const bad of [wrongNumber, foreign, 'not base64 json', undefined]) {
      expect(await acceptSolution(bad, KEY, memoryLedger(), NOW)).toBe(false);
    }
  });

  it('issues v1 challenges that its own check accepts once solved', async () => {
    const c = await issueChallenge(KEY, NOW);
    expect(c).toMatchObject({ algorithm: 'SHA-256', maxnumber: CHALLENGE_MAX_NUMBER });
    expect(c.salt).toMatch(/\?expires=\d+&$/);
  });
});

describe('abuseGuard', () => {
  const province = {
    rateLimits: { publicPostsPerMinute: 8, publicGetsPerMinute: 600, followUpsPerMinute: 4 },
    challengeRoutes: ['suggestions' as const],
  };
  const guard = () =>
    abuseGuard({
      province,
      limiter: new RateLimiter(),
      ledger: memoryLedger(),
      challengeKey: async () => KEY,
      clock: { now: () => NOW },
    });

  it('asks for a challenge on a route the province names, without a solution', async () => {
    await expect(
      guard().admit({ route: 'suggestions', client: 'c', isForm: false, solution: undefined }),
    ).rejects.toBeInstanceOf(ChallengeRequired);
  });

  it('admits a solved challenge, but not the same solution twice', async () => {
    const g = guard();
    const solution = await solved(3, new Date(NOW.getTime() + 60_000));
    await g.admit({ route: 'suggestions', client: 'c', isForm: false, solution });
    await expect(
      g.admit({ route: 'suggestions', client: 'c', isForm: false, solution }),
    ).rejects.toBeInstanceOf(ChallengeRequired);
  });

  it('lets a form post from a page without JavaScript skip the challenge, under a quarter of the limit', async () => {
    const g = guard();
    await g.admit({ route: 'suggestions', client: 'c', isForm: true, solution: undefined });
    await g.admit({ route: 'suggestions', client: 'c', isForm: true, solution: undefined });
    await expect(
      g.admit({ route: 'suggestions', client: 'c', isForm: true, solution: undefined }),
    ).rejects.toBeInstanceOf(RateLimited);
  });

  it('limits follow-ups harder than other posts, to keep guessing receipts hopeless', async () => {
    const g = guard();
    for (let i = 0; i < 4; i++)
      await g.admit({ route: 'follow-up', client: 'c', isForm: false, solution: undefined });
    await expect(
      g.admit({ route: 'follow-up', client: 'c', isForm: false, solution: undefined }),
    ).rejects.toEqual(new RateLimited(60));
  });
});
