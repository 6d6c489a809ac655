import { describe, expect, it } from 'vitest';
import { httpRoute } from '../../functions/shared/http/route';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';

// Local mode: no origin secret, so the client is the connection's own address (the gateway's sourceIp).
delete process.env.TUQUAN_ORIGIN_SECRET_ARN;

const limited = httpRoute({ name: 'GET /limited', limits: { publicGetsPerMinute: 2 } }, async () => ({
  body: { ok: true },
}));
const unlimited = httpRoute({ name: 'GET /api/health' }, async () => ({ body: { ok: true } }));

const get = (route: typeof limited, sourceIp: string, headers: Record<string, string> = {}) => {
  const event = httpEvent({ headers: { 'accept-language': 'en', ...headers } });
  event.requestContext.http.sourceIp = sourceIp;
  return route(event, lambdaContext);
};

describe('httpRoute per-client limits without CloudFront (locally)', () => {
  it('limits a client by its connection, whatever CloudFront-Viewer-Address or X-Forwarded-For it sends', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const spoofed = {
        'cloudfront-viewer-address': `198.51.100.${i}:443`,
        'x-forwarded-for': `203.0.113.${i}`,
      };
      statuses.push((await get(limited, '127.0.0.1', spoofed)).statusCode);
    }
    const refused = await get(limited, '127.0.0.1', { 'cloudfront-viewer-address': '192.0.2.99:1' });

    expect({ statuses, refused: jsonOf(refused) }).toEqual({
      statuses: [200, 200, 429, 429],
      refused: {
        status: 429,
        body: {
          error: {
            code: 'rate_limited',
            message: 'You have sent many times in a row. Wait a few minutes, then try again.',
          },
        },
      },
    });
    expect(Number(refused.headers?.['retry-after'])).toBeGreaterThan(0);
  });

  it('counts another connection on its own', async () => {
    expect((await get(limited, '127.0.0.2')).statusCode).toBe(200);
  });

  it('leaves a route without limits (the health check) unlimited', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(unlimited, '127.0.0.3')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});
