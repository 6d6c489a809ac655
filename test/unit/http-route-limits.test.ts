import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { httpRoute } from '../../functions/shared/http/route';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';

// The route reads the province's public GET limit from the function's environment, as on AWS.
const demo = JSON.parse(
  readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8'),
);
process.env.TUQUAN_TABLE = 'unused';
process.env.TUQUAN_PROVINCE = JSON.stringify({
  ...demo,
  rateLimits: { ...demo.rateLimits, publicGetsPerMinute: 2 },
});

describe('httpRoute limits', () => {
  it('limits public GETs per viewer behind CloudFront, not per edge server', async () => {
    const ok = httpRoute({ name: 'GET /limited' }, async () => ({ body: { ok: true } }));
    const from = (viewer: string) =>
      ok(
        httpEvent({ headers: { 'cloudfront-viewer-address': viewer, 'accept-language': 'en' } }),
        lambdaContext,
      );
    expect((await from('198.51.100.1:4431')).statusCode).toBe(200);
    expect((await from('198.51.100.1:5012')).statusCode).toBe(200);
    const limited = await from('198.51.100.1:6000');
    expect(jsonOf(limited)).toEqual({
      status: 429,
      body: {
        error: { code: 'rate_limited', message: 'Too many requests. Please try again in a few minutes.' },
      },
    });
    expect(Number(limited.headers?.['retry-after'])).toBeGreaterThan(0);
    expect((await from('[2001:db8::1]:443')).statusCode).toBe(200);
  });
});
