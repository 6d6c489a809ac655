import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as followUpHandler } from '../../functions/follow-up/follow-up.handler';
import { issueFormPass } from '../../functions/shared/form-token';
import { setLogSink } from '../../functions/shared/log';
import { idForReceipt } from '../../functions/shared/receipts';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import { handler } from '../../functions/suggestions/create.handler';
import { jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { allItems, FORM_HEADERS, itemsOfType, JSON_HEADERS, post } from './reports-arrange';
import { arrangeBoxes, freshClient, GROUP_BOX, postJson, proofOfWork } from './suggestions-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

const valid = {
  box: GROUP_BOX.id,
  text: 'Đèn đường ngõ 3 bị hỏng đã hai tuần, tối rất nguy hiểm.',
  topic: 'public_services',
};
const KEY = '3d9a4f1e-6c2b-4e8d-9f70-1a2b3c4d5e6f';
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const ID = /^[0-9a-hjkmnp-tv-z]{16}$/;

const send = async (body: unknown, headers: Record<string, string> = {}) =>
  handler(postJson('/api/suggestions', body, headers), lambdaContext);
const sendProved = async (body: unknown, headers: Record<string, string> = {}) =>
  send(body, { 'x-altcha': await proofOfWork(now), ...headers });
const sendForm = (fields: Record<string, string>) =>
  handler(
    post('/api/suggestions', new URLSearchParams(fields).toString(), FORM_HEADERS, freshClient()),
    lambdaContext,
  );
/** The hidden fields of a server-rendered form opened `ago` milliseconds before now. */
const formPass = async (ago = 5_000) =>
  issueFormPass(await runtime().secrets.key('form-token'), 'suggestions', new Date(now.getTime() - ago));
const suggestionsWith = async (text: string) =>
  (await itemsOfType(store, 'suggestion')).filter((s) => s.text === text);

const CHALLENGE = {
  status: 400,
  body: {
    error: {
      code: 'challenge_required',
      message: 'Chưa gửi được: trang cần kiểm tra chống tin rác. Đợi vài giây rồi gửi lại.',
    },
  },
};

beforeAll(() => arrangeBoxes(store));
afterEach(() => {
  now = new Date(now.getTime() + 11 * 60_000);
});

describe('POST /api/suggestions (JSON)', () => {
  it('asks for a proof of work (the demo province lists suggestions), and stores nothing without one', async () => {
    const before = (await allItems(store)).length;

    const result = jsonOf(await send(valid));

    expect(result).toEqual(CHALLENGE);
    expect((await allItems(store)).length).toBe(before);
  });

  it('answers 201 with id and receipt, and stores the suggestion under the id its receipt names, and the box counters', async () => {
    const result = await sendProved(valid);
    const { status, body } = jsonOf(result);
    const answer = body as { id: string; receipt: string };

    expect(status).toBe(201);
    expect(answer).toEqual({
      id: expect.stringMatching(ID),
      receipt: expect.stringMatching(RECEIPT),
      status: 'received',
    });
    const key = `${now.toISOString()}#${answer.id}`;
    expect((await itemsOfType(store, 'suggestion')).find((s) => s.id === answer.id)).toEqual({
      pk: `SUGG#${answer.id}`,
      sk: 'SUGG',
      type: 'suggestion',
      id: answer.id,
      kind: 'online',
      box: GROUP_BOX.id,
      boxName: GROUP_BOX.name,
      area: 'UONG-BI-QT5A',
      ancestors: ['QN', 'UONG-BI'],
      commune: 'UONG-BI',
      text: valid.text,
      topic: 'public_services',
      status: 'received',
      createdAt: now.toISOString(),
      replies: [],
      gsi1pk: 'COMMUNESUGG#UONG-BI',
      gsi1sk: key,
      gsi2pk: 'SUGGESTIONS',
      gsi2sk: key,
      // Its words go 1,095 days after it arrived, unless an answer moves the date.
      gsi4pk: 'RETAIN',
      gsi4sk: `${new Date(now.getTime() + 1095 * 24 * 3600 * 1000).toISOString()}#text`,
    });
    expect(answer.id).toBe(
      idForReceipt(await runtime().secrets.key('receipt'), 'suggestion', answer.receipt),
    );
    expect(JSON.stringify(await allItems(store))).not.toContain(
      answer.receipt.replaceAll('-', '').slice(0, 8),
    );
    expect((await itemsOfType(store, 'boxTally')).find((t) => t.box === GROUP_BOX.id)).toEqual({
      pk: `BOX#${GROUP_BOX.id}`,
      sk: 'TALLY',
      type: 'boxTally',
      box: GROUP_BOX.id,
      area: 'UONG-BI-QT5A',
      commune: 'UONG-BI',
      received: 1,
      online: 1,
      gsi2pk: 'BOXTALLIES',
      gsi2sk: `UONG-BI#${GROUP_BOX.id}`,
    });
  });

  it('refuses a proof of work that was used already', async () => {
    const proof = await proofOfWork(now);
    const first = await send({ ...valid, text: 'Lần đầu dùng lời giải này.' }, { 'x-altcha': proof });

    const reused = jsonOf(
      await send({ ...valid, text: 'Dùng lại lời giải đã dùng.' }, { 'x-altcha': proof }),
    );

    expect(first.statusCode).toBe(201);
    expect(reused).toEqual(CHALLENGE);
    expect(await suggestionsWith('Dùng lại lời giải đã dùng.')).toEqual([]);
  });

  it('names each wrong field in the language asked for, and an unknown box after the shape is right', async () => {
    const shape = jsonOf(
      await send({ box: 'G-X', text: 'ngắn', topic: 'weather', contact: 'x' }, { 'accept-language': 'en' }),
    );
    const box = jsonOf(await sendProved({ ...valid, box: 'G-NOPE' }, { 'accept-language': 'en' }));

    expect(shape).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Not sent yet. Correct the marked boxes, then send again.',
          fields: {
            text: 'At least 10 characters.',
            topic: 'Please choose from the list.',
            contact: 'The form has no such box.',
          },
        },
      },
    });
    expect(box).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Not sent yet. Correct the marked boxes, then send again.',
          fields: { box: 'No such suggestion box. Choose again.' },
        },
      },
    });
  });

  it('answers a filled honeypot like a success, even without a proof, and stores nothing', async () => {
    const before = (await allItems(store)).length;

    const { status, body } = jsonOf(await send({ ...valid, website: 'https://spam.example' }));

    expect(status).toBe(201);
    expect(body).toEqual({
      id: expect.stringMatching(ID),
      receipt: expect.stringMatching(RECEIPT),
      status: 'received',
    });
    expect((await allItems(store)).length).toBe(before);
  });
});

describe('POST /api/suggestions with an Idempotency-Key', () => {
  it('answers the first answer again for the same body, before any challenge; 409 for another body', async () => {
    const first = jsonOf(await sendProved(valid, { 'idempotency-key': KEY }));
    // The same request sent again carries its spent proof, or none: it is a replay all the same.
    const again = jsonOf(await send({ ...valid, text: `  ${valid.text} ` }, { 'idempotency-key': KEY }));
    const other = jsonOf(await sendProved({ ...valid, topic: 'other' }, { 'idempotency-key': KEY }));

    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    expect(other).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: 'Biểu mẫu này đã được gửi trước đó với nội dung khác. Tải lại trang để gửi tin mới.',
        },
      },
    });
    expect(await suggestionsWith(valid.text)).toHaveLength(2);
  });

  it('stores one suggestion for ten concurrent copies carrying one proof, and answers all ten alike', async () => {
    const key = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    const body = { ...valid, text: 'Mười lần bấm gửi cùng một lúc.' };
    const proof = await proofOfWork(now);

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => send(body, { 'idempotency-key': key, 'x-altcha': proof })),
    );

    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const stored = await suggestionsWith(body.text);
    expect(stored).toHaveLength(1);
    const answer = jsonOf(answers[0] as never).body as { id: string; receipt: string };
    expect(stored[0]?.id).toBe(answer.id);
  });
});

describe('POST /api/suggestions (form, without JavaScript)', () => {
  it("takes the form's token in place of the challenge, and answers a page in the form language with the receipt in groups of four", async () => {
    const result = await sendForm({
      ...valid,
      text: 'Góp ý gửi từ trang không có JavaScript.',
      lang: 'en',
      website: '',
      ...(await formPass()),
    });
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Suggestion sent</h1>');
    expect([...page.matchAll(/<span class="group">([0-9A-Z]{4})<\/span>/g)]).toHaveLength(4);
    expect(await suggestionsWith('Góp ý gửi từ trang không có JavaScript.')).toHaveLength(1);
  });

  it('answers a bad form with a 400 page listing what is wrong, in its language', async () => {
    const result = await sendForm({ box: GROUP_BOX.id, text: 'ngắn', lang: 'vi' });

    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(String(result.body)).toContain('<li><strong>text</strong>: Cần ít nhất 10 ký tự.</li>');
  });

  it('answers a filled honeypot with the same page, and stores nothing', async () => {
    const before = (await allItems(store)).length;

    const result = await sendForm({ ...valid, lang: 'vi', website: 'spam' });

    expect(result.statusCode).toBe(200);
    expect(String(result.body)).toContain('<h1>Đã gửi góp ý</h1>');
    expect((await allItems(store)).length).toBe(before);
  });
});

describe('follow-up by receipt', () => {
  it('shows a suggestion as received, whatever the case and dashes of the receipt', async () => {
    const { body } = jsonOf(await sendProved({ ...valid, text: 'Xin thêm thùng rác ở đầu ngõ.' }));
    const receipt = (body as { receipt: string }).receipt.toLowerCase().replaceAll('-', ' ');

    const result = await followUpHandler(
      post('/api/follow-up', JSON.stringify({ receipt }), JSON_HEADERS, freshClient()),
      lambdaContext,
    );

    expect(jsonOf(result)).toEqual({
      status: 200,
      body: {
        kind: 'suggestion',
        status: 'received',
        timeline: [{ at: now.toISOString(), status: 'received' }],
        replies: [],
      },
    });
  });
});

describe('anonymity', () => {
  it('keeps no address, browser or header of the sender anywhere in the table or the log', async () => {
    const logged: string[] = [];
    setLogSink((line) => logged.push(line), 'debug');
    const client = { ip: '198.51.100.77', userAgent: 'SentinelAgent/9.9 (tuquan-sentinel)' };
    const headers = {
      ...JSON_HEADERS,
      'x-forwarded-for': '198.51.100.77',
      'x-sentinel-header': 'sentinel-header-value',
      'idempotency-key': '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901',
      'x-altcha': await proofOfWork(now),
    };

    const result = await handler(
      post('/api/suggestions', JSON.stringify(valid), headers, client),
      lambdaContext,
    );
    setLogSink((line) => process.stdout.write(`${line}\n`), 'warn');

    expect(result.statusCode).toBe(201);
    const everything = JSON.stringify(await allItems(store)) + logged.join('\n');
    for (const sentinel of [
      '198.51.100.77',
      'SentinelAgent',
      'tuquan-sentinel',
      'sentinel-header-value',
      headers['idempotency-key'],
    ]) {
      expect(everything).not.toContain(sentinel);
    }
  });
});

describe('bad bodies (property)', () => {
  it('answers only 4xx to 1,000 malformed or invalid bodies, and stores nothing', async () => {
    const before = (await allItems(store)).length;
    const text = fc.string({ maxLength: 40 }).filter((t) => t.trim() !== '');
    const patch = <T>(arb: fc.Arbitrary<T>) => arb.map((b) => ({ ...valid, ...b }));
    // Each body is wrong in at least one way the API must refuse.
    const broken = fc.oneof(
      patch(fc.record({ text: fc.string({ maxLength: 9 }) })),
      patch(fc.record({ text: fc.integer({ min: 2001, max: 2100 }).map((n) => 'x'.repeat(n)) })),
      patch(fc.record({ box: text })),
      patch(
        fc.record({
          topic: text.filter(
            (t) => !['security', 'order', 'environment', 'public_services', 'other'].includes(t),
          ),
        }),
      ),
      patch(fc.record({ contact: fc.jsonValue({ maxDepth: 1 }) })),
      fc
        .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 })
        .map((extra) => ({ ...valid, ...extra, 'z-unknown': 1 })),
      fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
    );
    const request = fc.oneof(
      broken.map((b) => ({ kind: 'json' as const, body: JSON.stringify(b) })),
      fc.string({ maxLength: 200 }).map((s) => ({ kind: 'json' as const, body: `{${s}` })),
      broken
        .filter((b) => typeof b === 'object' && b !== null && !Array.isArray(b))
        .map((b) => ({
          kind: 'form' as const,
          body: new URLSearchParams(
            Object.entries(b as Record<string, unknown>).map(([k, v]): [string, string] => [
              k,
              typeof v === 'string' ? v : JSON.stringify(v),
            ]),
          ).toString(),
        })),
    );

    await fc.assert(
      fc.asyncProperty(request, fc.boolean(), async ({ kind, body }, proved) => {
        const headers = {
          ...(kind === 'json' ? JSON_HEADERS : FORM_HEADERS),
          ...(proved ? { 'x-altcha': await proofOfWork(now) } : {}),
        };
        const result = await handler(post('/api/suggestions', body, headers, freshClient()), lambdaContext);
        expect(result.statusCode).toBeGreaterThanOrEqual(400);
        expect(result.statusCode).toBeLessThan(500);
      }),
      { numRuns: 1000 },
    );

    expect((await allItems(store)).length).toBe(before);
  });
});
