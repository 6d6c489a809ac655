import { createChallenge } from 'altcha-lib/v1';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** What the page sent, and the server's answers in order (a fake fetch). */
interface Exchange {
  url: string;
  method: string;
  altcha?: string | undefined;
}

let sent: Exchange[];
let answers: ((url: string) => Response)[];

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const challengeAnswer = async (number: number) =>
  json(200, await createChallenge({ hmacKey: 'k', maxnumber: 100, number, params: { max: '100' } }));

beforeEach(() => {
  sent = [];
  answers = [];
  vi.resetModules();
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    sent.push({ url, method: init.method ?? 'GET', altcha: headers['x-altcha'] });
    const next = answers.shift();
    if (!next) throw new Error(`no answer for ${url}`);
    return next(url);
  });
});
afterEach(() => vi.unstubAllGlobals());

/** The page's api.ts afresh (its prepared proof is module state). */
const api = () => import('../../site/src/scripts/api');
const numberOf = (altcha: string | undefined) => JSON.parse(atob(String(altcha))).number;

describe('the public pages posting with a proof of work', () => {
  it("solves the place's challenge while the form is filled, and posts with it at once", async () => {
    const { prepareProof, submit } = await api();
    const challenge = await challengeAnswer(42);
    answers.push(
      () => challenge,
      () => json(201, { receipt: 'R' }),
    );

    prepareProof('vi', 'QN-UB-T5');
    const answer = await submit(
      '/api/reports',
      { area: 'QN-UB-T5' },
      { lang: 'vi', key: 'k1', area: 'QN-UB-T5' },
    );

    expect(answer).toEqual({ status: 201, data: { receipt: 'R' } });
    expect(sent.map((s) => [s.method, s.url])).toEqual([
      ['GET', '/api/challenge?area=QN-UB-T5'],
      ['POST', '/api/reports'],
    ]);
    expect(numberOf(sent[1]?.altcha)).toBe(42);
  });

  it('posts a form that names no place (a follow-up) as it is, and hands its answer back', async () => {
    const { submit } = await api();
    answers.push(() => json(404, { error: { code: 'not_found', message: '' } }));

    const answer = await submit('/api/follow-up', { receipt: 'X' }, { lang: 'en' });

    expect(answer).toEqual({ status: 404, data: { error: { code: 'not_found', message: '' } } });
    expect(sent).toEqual([{ url: '/api/follow-up', method: 'POST', altcha: undefined }]);
  });

  it('spends a prepared proof once: a retry of the same form goes without it, and the server replays', async () => {
    const { prepareProof, submit } = await api();
    const challenge = await challengeAnswer(7);
    answers.push(
      () => challenge,
      () => json(201, { receipt: 'R' }),
      () => json(201, { receipt: 'R' }),
    );

    prepareProof('vi', 'QN-UB-T5');
    await submit('/api/reports', {}, { lang: 'vi', key: 'k1', area: 'QN-UB-T5' });
    await submit('/api/reports', {}, { lang: 'vi', key: 'k1', area: 'QN-UB-T5' });

    expect(sent.map((s) => [s.method, s.altcha !== undefined])).toEqual([
      ['GET', false],
      ['POST', true],
      ['POST', false],
    ]);
  });

  it('asked for a proof (none prepared, another place, or a harder one), solves one for the place and tries once more', async () => {
    const { prepareProof, submit } = await api();
    const first = await challengeAnswer(3);
    const second = await challengeAnswer(9);
    const refused = json(400, { error: { code: 'challenge_required', message: '' } });
    answers.push(
      () => first,
      () => refused,
      () => second,
      () => json(201, { receipt: 'R' }),
    );

    prepareProof('vi', 'QN-UB');
    const answer = await submit('/api/reports', {}, { lang: 'vi', key: 'k1', area: 'QN-UB-T5' });

    expect(answer.status).toBe(201);
    expect(sent.map((s) => [s.method, s.url, s.altcha ? numberOf(s.altcha) : undefined])).toEqual([
      ['GET', '/api/challenge?area=QN-UB', undefined],
      ['POST', '/api/reports', undefined],
      ['GET', '/api/challenge?area=QN-UB-T5', undefined],
      ['POST', '/api/reports', 9],
    ]);
  });
});
