import { describe, expect, it } from 'vitest';
import { acceptSolution, issueChallenge, type SolutionLedger } from '../../functions/abuse/challenge';
import { currentDifficulty, placePressure } from '../../functions/abuse/difficulty';
import { abuseGuard } from '../../functions/abuse/guard';
import {
  FORM_MIN_SECONDS,
  FORM_VALID_MINUTES,
  floodThreshold,
  formRefusal,
  maxNumberFor,
  minutesBefore,
  normalPerWindow,
  windowOf,
} from '../../functions/abuse/model';
import type { RateBucket } from '../../functions/abuse/store';
import { ChallengeRequired, FormRefused, RateLimited } from '../../functions/shared/errors';
import { issueFormPass, readFormToken } from '../../functions/shared/form-token';
import { RateLimiter } from '../../functions/shared/http/rate-limit';
import type { Province } from '../../functions/shared/province';
import { solvedProof } from '../support/proof-of-work';

const KEY = 'k'.repeat(64);
const FORM_KEY = Buffer.alloc(32, 7);
const NOW = new Date('2026-11-28T07:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const CHALLENGE = { quietMaxNumber: 40_000, floodMaxNumber: 320_000 };
const FLOOD = { windowMinutes: 10, minReports: 20, factor: 10 };
const FORM_KEY_ID = '9e8d7c6b-5a49-4837-a625-14f3e2d1c0b9';

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

/** A solved challenge of `maxnumber`, expiring a minute after NOW. */
const solved = (maxnumber = CHALLENGE.quietMaxNumber, key = KEY) =>
  solvedProof(key, later(-4 * 60_000), maxnumber, 7);

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
  it('accepts a right, signed, unexpired solution as hard as asked, once', async () => {
    const ledger = memoryLedger();
    const solution = await solved();
    expect(await acceptSolution(solution, KEY, ledger, NOW, CHALLENGE.quietMaxNumber)).toBe(true);
    expect(await acceptSolution(solution, KEY, ledger, NOW, CHALLENGE.quietMaxNumber)).toBe(false);
  });

  it('refuses an expired solution by the clock port', async () => {
    const solution = await solved();
    expect(await acceptSolution(solution, KEY, memoryLedger(), later(61_000), 1)).toBe(false);
  });

  it('refuses a solution easier than the place asks for now, and one that names no difficulty', async () => {
    const easy = await solved(CHALLENGE.quietMaxNumber);
    const unnamed = JSON.parse(Buffer.from(easy, 'base64').toString());
    const withoutMax = { ...unnamed, salt: unnamed.salt.replace(/max=\d+&/, '') };

    expect(await acceptSolution(easy, KEY, memoryLedger(), NOW, 80_000)).toBe(false);
    expect(
      await acceptSolution(
        Buffer.from(JSON.stringify(withoutMax)).toString('base64'),
        KEY,
        memoryLedger(),
        NOW,
        1,
      ),
    ).toBe(false);
    expect(await acceptSolution(await solved(320_000), KEY, memoryLedger(), NOW, 80_000)).toBe(true);
  });

  it('refuses a wrong number, a foreign signature, garbage and nothing', async () => {
    const right = JSON.parse(Buffer.from(await solved(), 'base64').toString());
    const wrongNumber = Buffer.from(JSON.stringify({ ...right, number: 8 })).toString('base64');
    const foreign = await solved(CHALLENGE.quietMaxNumber, 'x'.repeat(64));
    for (const bad of [wrongNumber, foreign, 'not base64 json', undefined]) {
      expect(await acceptSolution(bad, KEY, memoryLedger(), NOW, 1)).toBe(false);
    }
  });

  it('issues v1 challenges of the asked difficulty, which name it and their expiry in the signed salt', async () => {
    const c = await issueChallenge(KEY, NOW, 80_000);
    expect(c).toMatchObject({ algorithm: 'SHA-256', maxnumber: 80_000 });
    const params = new URLSearchParams(c.salt.split('?')[1]);
    expect(Object.fromEntries(params)).toEqual({ max: '80000', expires: String(NOW.getTime() / 1000 + 300) });
  });
});

describe('difficulty', () => {
  it('is quiet below a third of a flood, then a step harder each third, up to the flood difficulty', () => {
    expect([0, 0.2, 0.34, 0.5, 0.67, 0.99, 1, 5].map((p) => maxNumberFor(p, CHALLENGE))).toEqual([
      40_000, 40_000, 80_000, 80_000, 160_000, 160_000, 320_000, 320_000,
    ]);
    expect(maxNumberFor(3, { quietMaxNumber: 50_000, floodMaxNumber: 50_000 })).toBe(50_000);
  });

  it('calls a flood factor × the normal count of a window, never under the floor', () => {
    // 4,320 reports over 30 days is 1 in 10 minutes; 30 reports a month is nearly none.
    expect(normalPerWindow(4_320, 30 * 1440, FLOOD)).toBeCloseTo(1);
    expect(floodThreshold(normalPerWindow(4_320, 30 * 1440, FLOOD), FLOOD)).toBe(20);
    expect(floodThreshold(normalPerWindow(30, 30 * 1440, FLOOD), FLOOD)).toBe(20);
    expect(floodThreshold(3.2, FLOOD)).toBe(32);
    expect(normalPerWindow(0, 0, FLOOD)).toBe(0);
  });

  it('reads a window of whole minutes ending with the current one', () => {
    expect(windowOf('2026-11-28T07:05', 10)).toEqual({ from: '2026-11-28T06:56', to: '2026-11-28T07:05' });
    expect(minutesBefore('2026-11-28T00:00', 1)).toBe('2026-11-27T23:59');
  });

  const rates = (buckets: Record<string, RateBucket[]>) => {
    const asked: { area: string; from: string; to: string }[] = [];
    return {
      asked,
      between: async (area: string, from: string, to: string) => {
        asked.push({ area, from, to });
        return buckets[area] ?? [];
      },
    };
  };

  it("puts a place's reports in the window over its flood threshold", async () => {
    const clock = { now: () => NOW };
    const province = { flood: FLOOD };
    const busy = rates({
      'QN-UB': [
        { minute: '2026-11-28T06:55', n: 4, threshold: 20 },
        { minute: '2026-11-28T07:00', n: 6, threshold: 40 },
      ],
    });

    expect(await placePressure('QN-UB', { rates: busy, province, clock })).toBe(0.25);
    expect(busy.asked).toEqual([{ area: 'QN-UB', from: '2026-11-28T06:51', to: '2026-11-28T07:00' }]);
    expect(await placePressure('QN-HL', { rates: busy, province, clock })).toBe(0);
  });

  it('asks the harder of the place and the province, the province without a place, and quiet when it cannot read', async () => {
    const province = { rootArea: 'QN', challenge: CHALLENGE };
    const pressures: Record<string, number> = { QN: 0.4, 'QN-UB': 1.2, 'QN-HL': 0 };
    const pressure = async (area: string) => pressures[area] ?? 0;
    const broken = async () => {
      throw new Error('store down');
    };

    expect(await currentDifficulty('QN-UB', { pressure, province })).toBe(320_000);
    expect(await currentDifficulty('QN-HL', { pressure, province })).toBe(80_000);
    expect(await currentDifficulty(undefined, { pressure, province })).toBe(80_000);
    expect(await currentDifficulty('QN-UB', { pressure: broken, province })).toBe(40_000);
  });
});

describe('form tokens', () => {
  it('name the route, the key and when the form was rendered, under our key only', () => {
    const pass = issueFormPass(FORM_KEY, 'reports', NOW, FORM_KEY_ID.toUpperCase());

    expect(pass.idempotencyKey).toBe(FORM_KEY_ID);
    expect(pass.formToken).toMatch(/^[A-Za-z0-9_-]{52}$/);
    expect(readFormToken(FORM_KEY, pass.formToken)).toEqual({
      route: 'reports',
      idempotencyKey: FORM_KEY_ID,
      issuedAt: NOW,
    });
    const tampered = `${pass.formToken.slice(0, 10)}${pass.formToken[10] === 'A' ? 'B' : 'A'}${pass.formToken.slice(11)}`;
    for (const bad of [tampered, pass.formToken.slice(1), 'x'.repeat(52), undefined]) {
      expect(readFormToken(FORM_KEY, bad)).toBeUndefined();
    }
    expect(readFormToken(Buffer.alloc(32, 8), pass.formToken)).toBeUndefined();
    expect(issueFormPass(FORM_KEY, 'reports', NOW).idempotencyKey).not.toBe(
      issueFormPass(FORM_KEY, 'reports', NOW).idempotencyKey,
    );
  });

  it('are refused when missing, not ours, sent under 3 seconds or after an hour', () => {
    const token = { route: 'reports', idempotencyKey: FORM_KEY_ID, issuedAt: NOW };
    const posted = { route: 'reports', idempotencyKey: FORM_KEY_ID, tokenGiven: true };
    const at = (ms: number) => formRefusal(token, posted, later(ms));

    expect(formRefusal(undefined, { ...posted, tokenGiven: false }, NOW)).toBe('missing');
    expect(formRefusal(undefined, posted, NOW)).toBe('invalid');
    expect(formRefusal({ ...token, route: 'suggestions' }, posted, later(5000))).toBe('invalid');
    expect(formRefusal(token, { ...posted, idempotencyKey: undefined }, later(5000))).toBe('invalid');
    expect(at(FORM_MIN_SECONDS * 1000 - 1)).toBe('too_fast');
    expect(at(FORM_MIN_SECONDS * 1000)).toBeUndefined();
    expect(at(FORM_VALID_MINUTES * 60_000)).toBeUndefined();
    expect(at(FORM_VALID_MINUTES * 60_000 + 1)).toBe('expired');
  });
});

describe('abuseGuard', () => {
  const province = {
    rateLimits: {
      publicPostsPerMinute: 8,
      publicGetsPerMinute: 600,
      followUpsPerMinute: 4,
      officerRequestsPerMinute: 120,
    },
    challengeRoutes: ['reports', 'suggestions'] as Province['challengeRoutes'],
  };
  const guard = (
    options: { now?: () => Date; difficulty?: number; routes?: typeof province.challengeRoutes } = {},
  ) => {
    const asked: (string | undefined)[] = [];
    const g = abuseGuard({
      province: { ...province, challengeRoutes: options.routes ?? province.challengeRoutes },
      limiter: new RateLimiter(),
      ledger: memoryLedger(),
      challengeKey: async () => KEY,
      formKey: async () => FORM_KEY,
      difficulty: async (area) => {
        asked.push(area);
        return options.difficulty ?? CHALLENGE.quietMaxNumber;
      },
      clock: { now: options.now ?? (() => NOW) },
    });
    return Object.assign(g, { asked });
  };
  const json = { client: 'c', isForm: false };
  const form = (token: string | undefined, idempotencyKey: string | undefined = FORM_KEY_ID) => ({
    client: 'c',
    isForm: true,
    solution: undefined,
    form: { token, idempotencyKey },
  });
  const refusal = (error: unknown) => {
    const e = error as FormRefused;
    return {
      reason: e.reason,
      path: e.resend.path,
      key: e.resend.idempotencyKey,
      token: readFormToken(FORM_KEY, e.resend.formToken),
    };
  };

  it('asks for a challenge on a route the province names, without a solution', async () => {
    await expect(
      guard().admit({ route: 'suggestions', ...json, solution: undefined }),
    ).rejects.toBeInstanceOf(ChallengeRequired);
  });

  it("admits a solved challenge as hard as the report's place asks, but not the same solution twice", async () => {
    const g = guard();
    const solution = await solved();
    await g.admit({ route: 'reports', ...json, solution, area: 'QN-UB' });
    await expect(g.admit({ route: 'reports', ...json, solution, area: 'QN-UB' })).rejects.toBeInstanceOf(
      ChallengeRequired,
    );
    expect(g.asked).toEqual(['QN-UB', 'QN-UB']);
  });

  it('refuses a solution easier than the current difficulty: the page solves a new one', async () => {
    const g = guard({ difficulty: 160_000 });
    await expect(
      g.admit({ route: 'reports', ...json, solution: await solved(80_000), area: 'QN-UB' }),
    ).rejects.toBeInstanceOf(ChallengeRequired);
    await g.admit({ route: 'reports', ...json, solution: await solved(160_000), area: 'QN-UB' });
  });

  it('takes a form post with a token of its own form, filled in for 3 seconds or more', async () => {
    const pass = issueFormPass(FORM_KEY, 'reports', later(-3000), FORM_KEY_ID);

    await guard().admit({ route: 'reports', ...form(pass.formToken) });
  });

  it('refuses a form post without a token, with a fresh pass that sends the same form again', async () => {
    const error = await guard()
      .admit({ route: 'suggestions', ...form(undefined) })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FormRefused);
    expect(refusal(error)).toEqual({
      reason: 'missing',
      path: '/api/suggestions',
      key: FORM_KEY_ID,
      token: { route: 'suggestions', idempotencyKey: FORM_KEY_ID, issuedAt: NOW },
    });
  });

  it('refuses a form sent under 3 seconds with its own token, good once the seconds have passed', async () => {
    const pass = issueFormPass(FORM_KEY, 'reports', later(-1000), FORM_KEY_ID);

    const error = await guard()
      .admit({ route: 'reports', ...form(pass.formToken) })
      .catch((e: unknown) => e);

    expect(refusal(error)).toMatchObject({ reason: 'too_fast', key: FORM_KEY_ID });
    expect((error as FormRefused).resend.formToken).toBe(pass.formToken);
    await guard({ now: () => later(2000) }).admit({ route: 'reports', ...form(pass.formToken) });
  });

  it('refuses an expired, forged or foreign token with a fresh one for the same key, and a bad key with a new one', async () => {
    const old = issueFormPass(FORM_KEY, 'reports', later(-61 * 60_000), FORM_KEY_ID);
    const foreign = issueFormPass(Buffer.alloc(32, 9), 'reports', later(-5000), FORM_KEY_ID);
    const otherRoute = issueFormPass(FORM_KEY, 'suggestions', later(-5000), FORM_KEY_ID);
    const reasons = [];
    for (const check of [form(old.formToken), form(foreign.formToken), form(otherRoute.formToken)]) {
      reasons.push(
        refusal(
          await guard()
            .admit({ route: 'reports', ...check })
            .catch((e: unknown) => e),
        ),
      );
    }
    const badKey = refusal(
      await guard()
        .admit({ route: 'reports', ...form(old.formToken, 'not-a-uuid') })
        .catch((e: unknown) => e),
    );

    const fresh = { route: 'reports', idempotencyKey: FORM_KEY_ID, issuedAt: NOW };
    expect(reasons).toEqual([
      { reason: 'expired', path: '/api/reports', key: FORM_KEY_ID, token: fresh },
      { reason: 'invalid', path: '/api/reports', key: FORM_KEY_ID, token: fresh },
      { reason: 'invalid', path: '/api/reports', key: FORM_KEY_ID, token: fresh },
    ]);
    expect(badKey.reason).toBe('invalid');
    expect(badKey.key).not.toBe(FORM_KEY_ID);
    expect(badKey.token).toEqual({ route: 'reports', idempotencyKey: badKey.key, issuedAt: NOW });
  });

  it('asks form posts for no token where the province asks no proof, nor on follow-up', async () => {
    await guard({ routes: ['suggestions'] }).admit({ route: 'reports', ...form(undefined) });
    await guard({ routes: ['follow-up'] }).admit({ route: 'follow-up', ...form(undefined) });
  });

  it('limits form posts to a quarter of the JSON limit', async () => {
    const g = guard({ routes: [] });
    await g.admit({ route: 'suggestions', ...form(undefined) });
    await g.admit({ route: 'suggestions', ...form(undefined) });
    await expect(g.admit({ route: 'suggestions', ...form(undefined) })).rejects.toBeInstanceOf(RateLimited);
  });

  it('limits follow-ups harder than other posts, to keep guessing receipts hopeless', async () => {
    const g = guard();
    for (let i = 0; i < 4; i++) await g.admit({ route: 'follow-up', ...json, solution: undefined });
    await expect(g.admit({ route: 'follow-up', ...json, solution: undefined })).rejects.toEqual(
      new RateLimited(60),
    );
  });
});
