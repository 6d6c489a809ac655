import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.TUQUAN_SECRET_FILE = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}/secret.key`;
});

import { handler } from '../../functions/reports/create.handler';
import { setLogSink } from '../../functions/shared/log';
import { toE164 } from '../../functions/shared/phone';
import { idForReceipt } from '../../functions/shared/receipts';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import { jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { allItems, arrangeProvince, FORM_HEADERS, itemsOfType, JSON_HEADERS, post } from './reports-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

const valid = {
  area: 'UONG-BI-QT5A',
  category: 'theft',
  description: 'Xe máy bị lấy trộm trước cửa nhà số 12.',
};
const KEY = '3d9a4f1e-6c2b-4e8d-9f70-1a2b3c4d5e6f';
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const ID = /^[0-9a-hjkmnp-tv-z]{16}$/;

const postJson = (body: unknown, headers: Record<string, string> = {}) =>
  handler(post('/api/reports', JSON.stringify(body), { ...JSON_HEADERS, ...headers }), lambdaContext);
const postForm = (fields: Record<string, string>) =>
  handler(post('/api/reports', new URLSearchParams(fields).toString(), FORM_HEADERS), lambdaContext);

beforeAll(() => arrangeProvince(store));
afterEach(() => {
  vi.restoreAllMocks();
  now = new Date(now.getTime() + 11 * 60_000);
});

describe('POST /api/reports (JSON)', () => {
  it('answers 201 with id and receipt, and stores the report, listed and queued, under the id its receipt names', async () => {
    const result = await postJson({
      ...valid,
      place: 'Ngõ 3',
      contact: { name: 'Lan', phone: '0912 345 678' },
    });
    const { status, body } = jsonOf(result);
    const answer = body as { id: string; receipt: string; status: string };

    expect(status).toBe(201);
    expect(answer).toEqual({
      id: expect.stringMatching(ID),
      receipt: expect.stringMatching(RECEIPT),
      status: 'received',
    });
    expect(result.headers?.['content-type']).toBe('application/json; charset=utf-8');
    const stored = (await itemsOfType(store, 'report')).find((r) => r.id === answer.id);
    expect(stored).toEqual({
      pk: `REPORT#${answer.id}`,
      sk: 'REPORT',
      type: 'report',
      id: answer.id,
      area: 'UONG-BI-QT5A',
      areaName: 'Khu Quang Trung 5A',
      parentName: 'Uông Bí',
      ancestors: ['QN', 'UONG-BI'],
      category: 'theft',
      categoryLabel: { vi: 'Trộm cắp tài sản', en: 'Theft' },
      urgency: 'high',
      description: valid.description,
      place: 'Ngõ 3',
      contact: { name: 'Lan', phone: '+84912345678' },
      createdAt: now.toISOString(),
      status: 'received',
      notifyStatus: 'pending',
      gsi1pk: 'AREAREPORTS#UONG-BI-QT5A',
      gsi1sk: `${now.toISOString()}#${answer.id}`,
      gsi2pk: 'DISPATCH',
      // High urgency (rank 0) first in the dispatch queue, then by age.
      gsi2sk: `0#${now.toISOString()}#${answer.id}`,
      gsi3pk: 'REPORTLIST',
      gsi3sk: `${now.toISOString()}#${answer.id}`,
      // Its contact details go 180 days after it arrived, unless the case is settled before.
      gsi4pk: 'RETAIN',
      gsi4sk: `${new Date(now.getTime() + 180 * 24 * 3600 * 1000).toISOString()}#contact`,
    });
    expect(answer.id).toBe(idForReceipt(await runtime().secrets.key('receipt'), 'report', answer.receipt));
    expect(JSON.stringify(await allItems(store))).not.toContain(
      answer.receipt.replaceAll('-', '').slice(0, 8),
    );
  });

  it('names each wrong field in the language asked for, and stores nothing', async () => {
    const before = (await allItems(store)).length;

    const result = await postJson(
      {
        area: 'UONG-BI-NOPE',
        category: 'alien',
        description: 'ngắn',
        occurredAt: '2025-01-01T00:00:00+07:00',
        extra: 1,
      },
      { 'accept-language': 'en' },
    );

    expect(jsonOf(result)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Not sent yet. Correct the marked boxes, then send again.',
          fields: { description: 'At least 10 characters.', extra: 'The form has no such box.' },
        },
      },
    });
    expect((await allItems(store)).length).toBe(before);
  });

  it('checks place, category and time once the body has the right shape', async () => {
    const result = await postJson(
      { ...valid, area: 'UONG-BI-NOPE', category: 'alien', occurredAt: '2025-01-01T00:00:00+07:00' },
      { 'accept-language': 'vi' },
    );

    expect(jsonOf(result)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Chưa gửi được. Sửa các mục có đánh dấu rồi gửi lại.',
          fields: {
            area: 'Không tìm thấy nơi này. Hãy chọn lại.',
            category: 'Không có loại vụ việc này. Hãy chọn trong danh sách.',
            occurredAt: 'Chỉ nhận vụ việc trong 30 ngày qua.',
          },
        },
      },
    });
  });

  it('answers a filled honeypot like a success, and stores nothing', async () => {
    const before = (await allItems(store)).length;

    const { status, body } = jsonOf(await postJson({ ...valid, website: 'https://spam.example' }));

    expect(status).toBe(201);
    expect(body).toEqual({
      id: expect.stringMatching(ID),
      receipt: expect.stringMatching(RECEIPT),
      status: 'received',
    });
    expect((await allItems(store)).length).toBe(before);
  });

  it('links a post without a key to a matching one of the last 10 minutes', async () => {
    const first = jsonOf(await postJson({ ...valid, description: 'Có người lạ đập cửa kính ô tô.' }))
      .body as { id: string };
    now = new Date(now.getTime() + 5 * 60_000);
    const again = jsonOf(await postJson({ ...valid, description: 'có người lạ đập cửa kính ô tô' })).body as {
      id: string;
    };

    const reports = await itemsOfType(store, 'report');
    expect(reports.find((r) => r.id === again.id)?.duplicateOf).toBe(first.id);
    expect(reports.find((r) => r.id === first.id)?.duplicateOf).toBeUndefined();
  });
});

describe('POST /api/reports with an Idempotency-Key', () => {
  it('answers the first answer again for the same body, and 409 for another', async () => {
    const first = jsonOf(await postJson(valid, { 'idempotency-key': KEY }));
    const again = jsonOf(await postJson(valid, { 'idempotency-key': KEY }));
    const other = jsonOf(
      await postJson({ ...valid, description: 'Một nội dung khác hẳn.' }, { 'idempotency-key': KEY }),
    );

    expect(again).toEqual(first);
    expect(first.status).toBe(201);
    expect(other).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: 'Biểu mẫu này đã được gửi trước đó với nội dung khác. Tải lại trang để gửi tin mới.',
        },
      },
    });
  });

  it('stores one report for ten concurrent copies', async () => {
    const key = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    const body = { ...valid, description: 'Mười lần bấm gửi cùng một lúc.' };

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => postJson(body, { 'idempotency-key': key })),
    );

    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201));
    const reports = (await itemsOfType(store, 'report')).filter((r) => r.description === body.description);
    expect(reports).toHaveLength(1);
    const answer = jsonOf(answers[0] as never).body as { id: string; receipt: string };
    expect(reports[0]?.id).toBe(answer.id);
    expect(answer.id).toBe(idForReceipt(await runtime().secrets.key('receipt'), 'report', answer.receipt));
  });

  it('refuses a key that is not a UUID', async () => {
    expect(jsonOf(await postJson(valid, { 'idempotency-key': 'abc', 'accept-language': 'en' }))).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Not sent yet. Correct the marked boxes, then send again.',
          fields: { idempotencyKey: 'Not filled in right.' },
        },
      },
    });
  });

  it('answers 503 and leaves nothing half-written when the store fails mid-way', async () => {
    const before = await allItems(store);
    // The handler's own client (not the test's) fails to write the report item, as a store going down would.
    const doc = runtime().store.doc;
    const original = doc.send.bind(doc);
    vi.spyOn(doc, 'send').mockImplementation(((command: { input?: { Item?: { type?: string } } }) => {
      if (command.input?.Item?.type === 'report') {
        return Promise.reject(
          Object.assign(new Error('down'), { name: 'InternalServerError', $fault: 'server' }),
        );
      }
      return original(command as never);
    }) as never);

    const keyed = await postJson(valid, { 'idempotency-key': '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' });
    const keyless = await postJson({ ...valid, description: 'Không ghi được vào kho.' });

    for (const result of [keyed, keyless]) {
      expect(jsonOf(result)).toEqual({
        status: 503,
        body: { error: { code: 'unavailable', message: 'Trang đang bận. Đợi vài phút rồi thử lại.' } },
      });
      expect(result.headers?.['retry-after']).toBe('5');
    }
    vi.restoreAllMocks();
    expect(await allItems(store)).toEqual(before);
  });
});

describe('POST /api/reports (form, without JavaScript)', () => {
  it('answers a page in the form language showing the receipt large, in groups of four', async () => {
    const result = await postForm({
      ...valid,
      description: 'Biểu mẫu không có JavaScript.',
      lang: 'en',
      contactName: '',
      contactPhone: '',
      website: '',
      idempotencyKey: '',
    });
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page).toContain('<html lang="en">');
    const groups = [...page.matchAll(/<span class="group">([0-9A-Z]{4})<\/span>/g)].map((m) => m[1]);
    expect(groups).toHaveLength(4);
    expect(page).toContain('Only this code lets you follow up your report');
    const stored = (await itemsOfType(store, 'report')).filter(
      (r) => r.description === 'Biểu mẫu không có JavaScript.',
    );
    expect(stored.map((r) => r.contact)).toEqual([undefined]);
  });

  it('replays a form carrying a key as its first answer', async () => {
    const fields = {
      ...valid,
      description: 'Gửi lại biểu mẫu.',
      lang: 'vi',
      idempotencyKey: '9e8d7c6b-5a49-4837-a625-14f3e2d1c0b9',
    };
    const first = String((await postForm(fields)).body);
    const again = String((await postForm(fields)).body);

    expect(again).toBe(first);
  });

  it('answers a bad form with a 400 page listing what is wrong, in its language', async () => {
    const result = await postForm({
      area: 'UONG-BI-QT5A',
      category: 'theft',
      description: 'ngắn',
      lang: 'vi',
    });

    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(String(result.body)).toContain('<li><strong>description</strong>: Cần ít nhất 10 ký tự.</li>');
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
    };

    const result = await handler(post('/api/reports', JSON.stringify(valid), headers, client), lambdaContext);
    await handler(
      post('/api/reports', JSON.stringify({ ...valid, description: 'x' }), headers, client),
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
    // Each body is wrong in at least one way the API must refuse (blank optional fields are not wrong).
    const broken = fc.oneof(
      patch(fc.record({ description: fc.string({ maxLength: 9 }) })),
      patch(fc.record({ description: fc.integer({ min: 2001, max: 2100 }).map((n) => 'x'.repeat(n)) })),
      patch(fc.record({ area: text })),
      patch(fc.record({ category: text })),
      patch(
        fc.record({
          occurredAt: fc.oneof(
            text,
            fc
              .date({ min: new Date('2000-01-01'), max: new Date('2025-01-01'), noInvalidDate: true })
              .map((d) => d.toISOString()),
          ),
        }),
      ),
      patch(fc.record({ contact: fc.record({ phone: text.filter((t) => toE164(t) === undefined) }) })),
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
    let n = 0;

    await fc.assert(
      fc.asyncProperty(request, async ({ kind, body }) => {
        // A new address each time: this is about validation, not rate limits.
        const client = { ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n++ & 255}`, userAgent: 'fc' };
        const headers = kind === 'json' ? JSON_HEADERS : FORM_HEADERS;
        const result = await handler(post('/api/reports', body, headers, client), lambdaContext);
        expect(result.statusCode).toBeGreaterThanOrEqual(400);
        expect(result.statusCode).toBeLessThan(500);
      }),
      { numRuns: 1000 },
    );

    expect((await allItems(store)).length).toBe(before);
  });
});

describe('per-client limits', () => {
  it('answers 429 past the province limit, yet still replays a key it has answered', async () => {
    const client = { ip: '192.0.2.61', userAgent: 'limit-test' };
    const send = (body: unknown, key: string) =>
      handler(
        post('/api/reports', JSON.stringify(body), { ...JSON_HEADERS, 'idempotency-key': key }, client),
        lambdaContext,
      );
    const keys = Array.from(
      { length: 61 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const answers = [];
    for (const [i, key] of keys.entries()) {
      answers.push(await send({ ...valid, description: `Giới hạn số ${i} trong một phút.` }, key));
    }
    const replay = await send({ ...valid, description: 'Giới hạn số 0 trong một phút.' }, keys[0] ?? '');

    expect(answers.slice(0, 60).every((a) => a.statusCode === 201)).toBe(true);
    expect(answers[60]?.statusCode).toBe(429);
    expect(Number(answers[60]?.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(jsonOf(replay)).toEqual(jsonOf(answers[0] as never));
  });
});
