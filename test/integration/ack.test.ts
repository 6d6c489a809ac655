import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const outbox = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SECRET_FILE = `${dir}/secret.key`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
  return process.env.TUQUAN_SMS_OUTBOX;
});

import { handler as acknowledgeHandler } from '../../functions/ack/acknowledge.handler';
import { handler as showHandler } from '../../functions/ack/show.handler';
import { deps as dispatchDeps } from '../../functions/dispatch/deps';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { handler as createReport } from '../../functions/reports/create.handler';
import { overrideClock } from '../../functions/shared/runtime';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { allItems, arrangeProvince, JSON_HEADERS, post } from './reports-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const show = (token: string, headers: Record<string, string> = {}, query?: Record<string, string>) =>
  showHandler(
    httpEvent({ path: `/api/ack/${token}`, pathParameters: { token }, headers, ...(query ? { query } : {}) }),
    lambdaContext,
  );
const ack = (token: string, headers: Record<string, string> = {}, body?: string) =>
  acknowledgeHandler(
    httpEvent({
      method: 'POST',
      path: `/api/ack/${token}`,
      pathParameters: { token },
      headers,
      ...(body ? { body } : {}),
    }),
    lambdaContext,
  );

let id = '';
/** The ack token texted to each phone, from the local outbox. */
const tokens = new Map<string, string>();

beforeAll(async () => {
  await arrangeProvince(store);
  const body = { area: 'UONG-BI-QT5A', category: 'theft', description: 'Có trộm đột nhập nhà số 8.' };
  id = (
    jsonOf(await createReport(post('/api/reports', JSON.stringify(body), JSON_HEADERS), lambdaContext))
      .body as { id: string }
  ).id;
  now = new Date('2025-03-12T07:00:02.000Z');
  await dispatchReport(dispatchDeps(), id);
  for (const line of readFileSync(outbox, 'utf8').trim().split('\n')) {
    const sms = JSON.parse(line) as { to: string; body: string };
    tokens.set(sms.to, sms.body.split('/api/ack/')[1] ?? '');
  }
});

const reportItem = async () =>
  (await allItems(store)).find((i) => i.pk === `REPORT#${id}` && i.sk === 'REPORT');

describe('GET /api/ack/{token}', () => {
  it('shows what the report is about as JSON, and changes nothing', async () => {
    const result = await show(tokens.get('+84900000101') ?? '');

    expect(jsonOf(result)).toEqual({
      status: 200,
      body: {
        id,
        category: { code: 'theft', label: { vi: 'Trộm cắp tài sản', en: 'Theft' } },
        area: 'UONG-BI-QT5A',
        place: 'Khu Quang Trung 5A, Uông Bí',
        time: '2025-03-12T07:00:00.000Z',
        acknowledged: false,
      },
    });
    expect(await reportItem()).toMatchObject({ status: 'received' });
  });

  it('shows a page with one button that posts back to the same link, for a phone browser', async () => {
    const token = tokens.get('+84900000101') ?? '';
    const result = await show(token, HTML, { lang: 'en' });
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page).toContain('<dd>Theft</dd>');
    expect(page).toContain('<dd><span lang="vi">Khu Quang Trung 5A, Uông Bí</span></dd>');
    expect(page).toContain('14:00');
    expect(page).toContain(`<p><a href="/en/officer/report/?id=${id}">`);
    expect(page).toContain(
      `<form method="post" action="/api/ack/${token}"><input type="hidden" name="lang" value="en"><button class="button" type="submit">Take it</button></form>`,
    );
  });
});

describe('POST /api/ack/{token}', () => {
  it('answers 404 to a forged link', async () => {
    const token = tokens.get('+84900000101') ?? '';
    const forged = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;

    expect(jsonOf(await ack(forged, { 'accept-language': 'en' }))).toEqual({
      status: 404,
      body: {
        error: {
          code: 'not_found',
          message: 'This link is wrong or has expired. Open the report in the officer console.',
        },
      },
    });
    expect(jsonOf(await show('x'.repeat(500)))).toMatchObject({ status: 404 });
  });

  it('lets the first officer take the report and tells the next one who was first, by role', async () => {
    const first = await ack(tokens.get('+84900000101') ?? '');
    const second = await ack(tokens.get('+84900000102') ?? '');
    const again = await ack(tokens.get('+84900000101') ?? '');

    expect([jsonOf(first), jsonOf(second), jsonOf(again)]).toEqual([
      { status: 200, body: { status: 'acknowledged', id, by: 'group_head', first: true, byYou: true } },
      { status: 200, body: { status: 'acknowledged', id, by: 'group_head', first: false, byYou: false } },
      // The one who took it, tapping again: theirs, not "someone else's".
      { status: 200, body: { status: 'acknowledged', id, by: 'group_head', first: false, byYou: true } },
    ]);
    expect(await reportItem()).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: '2025-03-12T07:00:02.000Z',
      acknowledgedBy: { role: 'group_head', officerId: 'UB-QT5A-TT' },
    });
  });

  it('shows the link again to the one who took it as theirs, and to anyone else as taken, each with the case', async () => {
    const theirs = String((await show(tokens.get('+84900000101') ?? '', HTML, { lang: 'vi' })).body);
    const other = String((await show(tokens.get('+84900000102') ?? '', HTML, { lang: 'en' })).body);

    expect(theirs).toContain('<h1>Bạn đã nhận tin này</h1>');
    expect(theirs).not.toContain('<form');
    expect(theirs).toContain(`<p><a href="/officer/report/?id=${id}">`);
    expect(other).toContain('<h1>Already taken</h1>');
    expect(other).not.toContain('<form');
    expect(other).toContain(`<p><a href="/en/officer/report/?id=${id}">`);
  });

  it('answers the button of the page with a page', async () => {
    const result = await ack(
      tokens.get('+84900000102') ?? '',
      { 'content-type': 'application/x-www-form-urlencoded', ...HTML },
      'lang=vi',
    );

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(String(result.body)).toContain(
      'Tin này đã có cán bộ khác nhận trước: <strong>tổ trưởng tổ tự quản</strong>',
    );
  });

  it('answers 404 once the link has expired', async () => {
    now = new Date('2025-03-15T08:00:00.000Z');

    expect(jsonOf(await ack(tokens.get('+84900000101') ?? ''))).toEqual({
      status: 404,
      body: {
        error: {
          code: 'not_found',
          message: 'Đường liên kết này sai hoặc đã hết hạn. Mở tin báo trong trang cán bộ.',
        },
      },
    });
  });
});
