import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The demo province as it is: reports and suggestions ask for a proof (test/support/table.ts takes
// reports out for the suites that only post reports to test what follows).
vi.hoisted(() => {
  const demo = JSON.parse(process.env.TUQUAN_PROVINCE ?? '{}');
  process.env.TUQUAN_PROVINCE = JSON.stringify({ ...demo, challengeRoutes: ['reports', 'suggestions'] });
});

import { handler as challengeHandler } from '../../functions/abuse/challenge.handler';
import { minuteOf } from '../../functions/abuse/model';
import { intakeRates } from '../../functions/abuse/store';
import { deps as dispatchDeps } from '../../functions/dispatch/deps';
import { handler as reportFormHandler } from '../../functions/forms/report.handler';
import { handler as suggestionFormHandler } from '../../functions/forms/suggestion.handler';
import { handler as reportHandler } from '../../functions/reports/create.handler';
import type { Report } from '../../functions/reports/model';
import { setLogSink } from '../../functions/shared/log';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import { handler as suggestionHandler } from '../../functions/suggestions/create.handler';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { solvedProof } from '../support/proof-of-work';
import { controls, tags, textOf } from '../support/site-html';
import { testStore } from '../support/store';
import { allItems, arrangeProvince, FORM_HEADERS, itemsOfType, JSON_HEADERS, post } from './reports-arrange';
import { arrangeBoxes, freshClient, GROUP_BOX } from './suggestions-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });
const wait = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

const valid = { category: 'theft', description: 'Xe máy bị lấy trộm trước cửa nhà số 12.' };
const HTML = { accept: 'text/html' };
const CHALLENGE = {
  status: 400,
  body: {
    error: {
      code: 'challenge_required',
      message: 'Chưa gửi được: trang cần kiểm tra chống tin rác. Đợi vài giây rồi gửi lại.',
    },
  },
};

const proof = async (maxnumber: number) =>
  solvedProof((await runtime().secrets.key('altcha')).toString('hex'), now, maxnumber);
const postJson = (body: unknown, headers: Record<string, string> = {}) =>
  reportHandler(
    post('/api/reports', JSON.stringify(body), { ...JSON_HEADERS, ...headers }, freshClient()),
    lambdaContext,
  );
const postForm = (path: string, fields: Record<string, string>) =>
  (path === '/api/reports' ? reportHandler : suggestionHandler)(
    post(path, new URLSearchParams(fields).toString(), FORM_HEADERS, freshClient()),
    lambdaContext,
  );
const challengeFor = async (area?: string) =>
  jsonOf(
    await challengeHandler(
      httpEvent({ path: '/api/challenge', ...(area ? { query: { area } } : {}), headers: JSON_HEADERS }),
      lambdaContext,
    ),
  ).body as { maxnumber: number; salt: string };

const unescapeHtml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '',
  );
/** What a form of a page posts: its named controls' values (a chosen radio, a typed text, hidden fields). */
function fieldsOf(page: string, formId: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*id="${formId}"[^>]*>([\\s\\S]*?)</form>`).exec(page)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const c of controls(form))
    if (c.name && c.type !== 'radio' && c.tag === 'input') fields[c.name] = unescapeHtml(c.value ?? '');
  return fields;
}
async function openReportForm(area: string, lang = 'vi'): Promise<Record<string, string>> {
  const page = String(
    (
      await reportFormHandler(
        httpEvent({ path: '/api/forms/report', query: { area, lang }, headers: HTML }),
        lambdaContext,
      )
    ).body,
  );
  return fieldsOf(page, 'report-form');
}
async function openSuggestionForm(area: string): Promise<Record<string, string>> {
  const page = String(
    (
      await suggestionFormHandler(
        httpEvent({ path: '/api/forms/suggestion', query: { area, lang: 'en' }, headers: HTML }),
        lambdaContext,
      )
    ).body,
  );
  // Posted here to /api/suggestions, as another client's form would be: the page's own `area` field is
  // for POST /api/forms/suggestion, where the page itself posts.
  const { area: _area, ...fields } = fieldsOf(page, 'suggestion-form');
  return fields;
}
const reportsWith = async (description: string) =>
  (await itemsOfType(store, 'report')).filter((r) => r.description === description);
const receiptOf = (page: string) =>
  [...page.matchAll(/<span class="group">([0-9A-Z]{4})<\/span>/g)].map((m) => m[1]).join('-');

beforeAll(async () => {
  await arrangeProvince(store);
  await arrangeBoxes(store);
});

describe('proof of work for reports (a page with JavaScript)', () => {
  it('asks a report for one, stores nothing without it, and takes one as hard as its place asks', async () => {
    const before = (await allItems(store)).length;

    const refused = jsonOf(await postJson({ ...valid, area: 'UONG-BI-YT2' }));
    const challenge = await challengeFor('UONG-BI-YT2');
    const stored = await postJson(
      { ...valid, area: 'UONG-BI-YT2', description: 'Một báo cáo có bằng chứng công việc.' },
      { 'x-altcha': await proof(challenge.maxnumber) },
    );

    expect(refused).toEqual(CHALLENGE);
    expect(challenge.maxnumber).toBe(40_000);
    expect(new URLSearchParams(challenge.salt.split('?')[1]).get('max')).toBe('40000');
    expect(stored.statusCode).toBe(201);
    // The report, its duplicate slot and its spent solution: nothing of the refused post.
    expect((await allItems(store)).length).toBe(before + 3);
    expect(await reportsWith(valid.description)).toEqual([]);
  });

  it("makes a flooded place's challenges hardest and refuses an easier proof for it, while others stay quiet", async () => {
    // As the dispatcher counts them: 20 reports this minute in one group, the floor of a flood.
    const rates = intakeRates(store);
    for (let i = 0; i < 20; i++) await rates.count('UONG-BI-QT5A', minuteOf(now), 20);

    const [flooded, quiet, province] = [
      await challengeFor('UONG-BI-QT5A'),
      await challengeFor('HA-LONG'),
      await challengeFor(),
    ];
    const easy = jsonOf(
      await postJson({ ...valid, area: 'UONG-BI-QT5A' }, { 'x-altcha': await proof(40_000) }),
    );
    const hard = await postJson(
      { ...valid, area: 'UONG-BI-QT5A', description: 'Báo cáo trong lúc bị tấn công dồn dập.' },
      { 'x-altcha': await proof(320_000) },
    );

    expect([flooded.maxnumber, quiet.maxnumber, province.maxnumber]).toEqual([320_000, 40_000, 40_000]);
    expect(easy).toEqual(CHALLENGE);
    expect(hard.statusCode).toBe(201);
  });
});

describe('form tokens (a page without JavaScript)', () => {
  it('refuses a form sent under 3 seconds with a page that sends it again, then takes it', async () => {
    const form = await openReportForm('UONG-BI-QT5A');
    const fields = {
      ...form,
      category: 'theft',
      description: 'Biểu mẫu gửi quá nhanh, "ngay lập tức" & <vội>.',
    };

    const refused = await postForm('/api/reports', fields);
    const page = String(refused.body);
    const again = fieldsOf(page, 'send-again');

    expect(refused.statusCode).toBe(400);
    expect(refused.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(refused.headers?.['cache-control']).toBe('no-store');
    expect(tags(page, 'html')).toEqual([{ lang: 'vi' }]);
    expect(textOf(page, 'main')).toContain('Chưa gửi được: biểu mẫu được gửi quá nhanh sau khi mở.');
    expect(tags(page, 'form')).toEqual([{ id: 'send-again', method: 'post', action: '/api/reports' }]);
    expect(again).toEqual(fields);
    expect(await reportsWith(fields.description)).toEqual([]);

    wait(3_000);
    const sent = await postForm('/api/reports', again);
    expect(sent.statusCode).toBe(200);
    expect(String(sent.body)).toContain('<h1>Đã gửi tin báo</h1>');
    expect(await reportsWith(fields.description)).toHaveLength(1);
  });

  it('answers the same form sent twice with the first answer, and the same token with another text 409', async () => {
    const form = await openReportForm('UONG-BI-QT5A', 'en');
    const fields = { ...form, category: 'theft', description: 'A form sent twice by a thumb.' };
    wait(5_000);

    const first = await postForm('/api/reports', fields);
    const twice = await postForm('/api/reports', fields);
    const other = await postForm('/api/reports', { ...fields, description: 'Another text on a spent form.' });

    expect([first.statusCode, twice.statusCode, other.statusCode]).toEqual([200, 200, 409]);
    expect(receiptOf(String(twice.body))).toBe(receiptOf(String(first.body)));
    expect(await reportsWith(fields.description)).toHaveLength(1);
    expect(await reportsWith('Another text on a spent form.')).toEqual([]);
  });

  it('refuses a form without a token, or with a forged one, and sends it again with a fresh one', async () => {
    const fields = {
      area: 'UONG-BI-QT5A',
      category: 'theft',
      description: 'Một biểu mẫu không có mã kiểm tra.',
      lang: 'en',
      website: '',
    };

    const missing = await postForm('/api/reports', fields);
    const forged = await postForm('/api/reports', { ...fields, formToken: 'x'.repeat(52) });
    const again = fieldsOf(String(missing.body), 'send-again');

    expect([missing.statusCode, forged.statusCode]).toEqual([400, 400]);
    expect(textOf(String(missing.body), 'main')).toContain(
      'Not sent yet: the form lacks its anti-spam check.',
    );
    expect(textOf(String(forged.body), 'main')).toContain(
      'Not sent yet: the form’s anti-spam check was not right.',
    );
    expect(again).toEqual({
      ...fields,
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
      formToken: expect.stringMatching(/^[\w-]{52}$/),
    });
    wait(3_000);
    expect((await postForm('/api/reports', again)).statusCode).toBe(200);
    expect(await reportsWith(fields.description)).toHaveLength(1);
  });

  it('refuses a form left open over an hour with a fresh token for the same key; once stored, a late copy gets its answer', async () => {
    const form = await openReportForm('UONG-BI-YT2');
    const fields = { ...form, category: 'noise', description: 'Hàng xóm hát karaoke đến nửa đêm.' };
    wait(61 * 60_000);

    const expired = await postForm('/api/reports', fields);
    const again = fieldsOf(String(expired.body), 'send-again');
    wait(3_000);
    const sent = await postForm('/api/reports', again);
    wait(61 * 60_000);
    const late = await postForm('/api/reports', again);

    expect(expired.statusCode).toBe(400);
    expect(textOf(String(expired.body), 'main')).toContain('Chưa gửi được: biểu mẫu đã mở quá lâu.');
    expect(again.idempotencyKey).toBe(form.idempotencyKey);
    expect(again.formToken).not.toBe(form.formToken);
    expect([sent.statusCode, late.statusCode]).toEqual([200, 200]);
    expect(receiptOf(String(late.body))).toBe(receiptOf(String(sent.body)));
    expect(await reportsWith(fields.description)).toHaveLength(1);
  });

  it("takes a suggestion form's token in place of the proof of work, and refuses one sent at once", async () => {
    const form = await openSuggestionForm('UONG-BI-QT5A');
    const text = 'Xin lắp thêm đèn ở đầu ngõ 7, tối rất khó đi.';

    const fast = await postForm('/api/suggestions', { ...form, box: GROUP_BOX.id, text });
    wait(4_000);
    const sent = await postForm('/api/suggestions', { ...form, box: GROUP_BOX.id, text });

    expect(fast.statusCode).toBe(400);
    expect(tags(String(fast.body), 'html')).toEqual([{ lang: 'en' }]);
    expect(fieldsOf(String(fast.body), 'send-again')).toMatchObject({ box: GROUP_BOX.id, text });
    expect(sent.statusCode).toBe(200);
    expect((await itemsOfType(store, 'suggestion')).filter((s) => s.text === text)).toHaveLength(1);
  });
});

describe('a flood', () => {
  const logged: string[] = [];
  beforeAll(() => setLogSink((line) => logged.push(line), 'warn'));
  afterAll(() => setLogSink((line) => process.stdout.write(`${line}\n`), 'warn'));

  it('is seen where the dispatcher counts each report once: the admins are alerted once per place, with the figures, and it is kept for the console', async () => {
    now = new Date('2025-03-12T10:00:00.000Z');
    const texts = Array.from({ length: 22 }, (_, i) => `Báo tin số ${i + 1} trong một trận lũ báo cáo.`);
    for (const description of texts) {
      const result = await postJson(
        { ...valid, area: 'UONG-BI-YT2', description },
        { 'x-altcha': await proof(40_000) },
      );
      expect(result.statusCode).toBe(201);
    }
    const reports = (await itemsOfType(store, 'report')).filter((r) =>
      texts.includes(String(r.description)),
    ) as unknown as Report[];

    const hook = dispatchDeps().stats;
    for (const report of reports) await hook?.dispatched(report, 0);

    const alerts = (await itemsOfType(store, 'floodAlert')).sort((a, b) =>
      String(a.sk).localeCompare(String(b.sk)),
    );
    expect(alerts).toEqual(
      [
        ['QN', 'Quảng Ninh'],
        ['UONG-BI', 'Uông Bí'],
        ['UONG-BI-YT2', 'Khu Yên Thanh 2'],
      ].map(([area, areaName]) => ({
        pk: 'ALERTS#2025-03-12',
        sk: `FLOOD#${area}`,
        type: 'floodAlert',
        area,
        areaName,
        count: 20,
        windowMinutes: 10,
        normal: 0,
        at: '2025-03-12T10:00:00.000Z',
      })),
    );
    const sent = logged.map((l) => JSON.parse(l)).filter((l) => l.message === 'admin alert');
    expect(sent.map((l) => l.subject).sort()).toEqual([
      'tuquan quang-ninh: a flood of reports in Khu Yên Thanh 2',
      'tuquan quang-ninh: a flood of reports in Quảng Ninh',
      'tuquan quang-ninh: a flood of reports in Uông Bí',
    ]);
    // The ward was not asked for a challenge before: its first one is read from the flood's count.
    expect((await challengeFor('UONG-BI')).maxnumber).toBe(320_000);
    const rates = (await itemsOfType(store, 'intakeRate')).filter((r) => r.sk === 'MIN#2025-03-12T10:00');
    expect(rates.map((r) => [r.area, r.n]).sort()).toEqual([
      ['QN', 22],
      ['UONG-BI', 22],
      ['UONG-BI-YT2', 22],
    ]);
  });
});
