import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN_HEADER, originCheck } from '../../functions/shared/http/origin';
import { httpRoute } from '../../functions/shared/http/route';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';

// On AWS the Api construct sets the origin secret's ARN; CloudFront sends slot a's value.
const A = 'a'.repeat(48);
const B = 'b'.repeat(48);
process.env.TUQUAN_ORIGIN_SECRET_ARN = 'arn:aws:secretsmanager:ap-southeast-1:111111111111:secret:origin';
const sm = mockClient(SecretsManagerClient);
sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ a: A, b: B }) });

const route = httpRoute({ name: 'GET /limited', limits: { publicGetsPerMinute: 2 } }, async () => ({
  body: { ok: true },
}));

/** A request as CloudFront's edge sends it: from an edge address, the viewer in CloudFront-Viewer-Address. */
const viaEdge = (headers: Record<string, string>, edge = '130.176.0.1') => {
  const event = httpEvent({ headers: { 'accept-language': 'en', ...headers } });
  event.requestContext.http.sourceIp = edge;
  return route(event, lambdaContext);
};

describe('httpRoute behind CloudFront (TUQUAN_ORIGIN_SECRET_ARN set)', () => {
  it('refuses a request that did not come through the distribution: no origin header, or a wrong one', async () => {
    const none = await viaEdge({ 'cloudfront-viewer-address': '198.51.100.7:443' });
    const wrong = await viaEdge({
      [ORIGIN_HEADER]: 'x'.repeat(48),
      'cloudfront-viewer-address': '198.51.100.7:1',
    });

    expect([jsonOf(none), jsonOf(wrong)]).toEqual([
      { status: 403, body: { error: { code: 'forbidden', message: 'You may not do this.' } } },
      { status: 403, body: { error: { code: 'forbidden', message: 'You may not do this.' } } },
    ]);
  });

  it('takes either slot of the secret, so that a rotation needs no downtime', async () => {
    const withA = await viaEdge({ [ORIGIN_HEADER]: A, 'cloudfront-viewer-address': '198.51.100.20:1' });
    const withB = await viaEdge({ [ORIGIN_HEADER]: B, 'cloudfront-viewer-address': '198.51.100.21:1' });
    expect([withA.statusCode, withB.statusCode]).toEqual([200, 200]);
  });

  it('limits the viewer CloudFront vouches for (its address, not its port), not the edge server', async () => {
    const from = (viewer: string, edge: string) =>
      viaEdge({ [ORIGIN_HEADER]: A, 'cloudfront-viewer-address': viewer }, edge).then((r) => r.statusCode);
    const statuses = [
      await from('198.51.100.1:4431', '130.176.0.1'),
      await from('198.51.100.1:5012', '130.176.0.2'),
      await from('198.51.100.1:6000', '130.176.0.3'),
      await from('[2001:db8::1]:443', '130.176.0.1'),
    ];
    expect(statuses).toEqual([200, 200, 429, 200]);
  });
});

describe('originCheck', () => {
  let now = 0;
  let secret: Record<string, string> = {};
  let reads = 0;
  const check = () =>
    originCheck(
      async () => {
        reads++;
        return Object.values(secret);
      },
      () => now,
    );

  beforeEach(() => {
    now = 1_000_000;
    reads = 0;
    secret = { a: A };
  });

  it('sees a rotated value after re-reading the secret, at most twice a minute for unknown values', async () => {
    const origin = check();
    const before = await origin.accepts(B);
    secret = { a: A, b: B };
    const soon = await origin.accepts(B);
    now += 31_000;
    const later = await origin.accepts(B);
    const stillA = await origin.accepts(A);

    expect({ before, soon, later, stillA, reads }).toEqual({
      before: false,
      soon: false,
      later: true,
      stillA: true,
      reads: 2,
    });
  });

  it('never accepts an unset or short slot, nor a missing header', async () => {
    secret = { a: A, b: '' };
    const origin = check();
    expect([
      await origin.accepts(''),
      await origin.accepts(undefined),
      await origin.accepts('short'),
    ]).toEqual([false, false, false]);
  });
});
