import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SECRET_FILE = `${dir}/secret.key`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
});

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler as caseHandler } from '../../functions/cases/case.handler';
import { handler as eraseHandler } from '../../functions/follow-up/erase-contact.handler';
import { handler as followUpHandler } from '../../functions/follow-up/follow-up.handler';
import { handler as createReport } from '../../functions/reports/create.handler';
import { setLogSink } from '../../functions/shared/log';
import { overrideClock } from '../../functions/shared/runtime';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { allItems, arrangeProvince, FORM_HEADERS, JSON_HEADERS, post } from './reports-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

/** The phone a resident leaves: a sentinel looked for in every item of the table. */
const PHONE = '+84912345678';
const NAME = 'Chị Lan Sentinel';

const erase = (body: unknown, client?: { ip: string; userAgent: string }, headers = {}) =>
  eraseHandler(
    post('/api/follow-up/erase-contact', JSON.stringify(body), { ...JSON_HEADERS, ...headers }, client),
    lambdaContext,
  );
const eraseForm = (fields: Record<string, string>) =>
  eraseHandler(
    post('/api/follow-up/erase-contact', new URLSearchParams(fields).toString(), FORM_HEADERS),
    lambdaContext,
  );
const followUp = (receipt: string, client?: { ip: string; userAgent: string }) =>
  followUpHandler(post('/api/follow-up', JSON.stringify({ receipt }), JSON_HEADERS, client), lambdaContext);

async function submit(description: string, contact?: { name?: string; phone?: string }) {
  const body = { area: 'UONG-BI-QT5A', category: 'noise', description, ...(contact ? { contact } : {}) };
  const result = await createReport(post('/api/reports', JSON.stringify(body), JSON_HEADERS), lambdaContext);
  return jsonOf(result).body as { id: string; receipt: string };
}

const reportItem = async (id: string) =>
  (
    await store.doc.send(
      new GetCommand({
        TableName: store.table,
        Key: { pk: `REPORT#${id}`, sk: 'REPORT' },
        ConsistentRead: true,
      }),
    )
  ).Item;

/** The ward's police officer opens the case in the console (the authorizer's claims on the event). */
async function openCase(id: string) {
  const event: APIGatewayProxyEventV2 = httpEvent({
    path: `/api/officer/reports/${id}`,
    pathParameters: { id },
  });
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    jwt: {
      claims: {
        sub: 'sub-ca@example.vn',
        email: 'ca@example.vn',
        email_verified: 'true',
        'cognito:groups': '[officer]',
      },
      scopes: null,
    },
  };
  return jsonOf(await caseHandler(event, lambdaContext));
}

let withContact = { id: '', receipt: '' };
let anonymous = { id: '', receipt: '' };
beforeAll(async () => {
  await arrangeProvince(store);
  withContact = await submit('Hàng xóm mở nhạc rất to sau 23 giờ.', { name: NAME, phone: PHONE });
  anonymous = await submit('Tiếng hát karaoke đến nửa đêm.');
});

describe('POST /api/follow-up/erase-contact', () => {
  it('removes the contact details from the stored report at once, and the officer sees who removed them and when', async () => {
    const before = jsonOf(await followUp(withContact.receipt)).body;
    now = new Date('2025-03-12T07:30:00.000Z');
    const lines: string[] = [];
    setLogSink((line) => lines.push(line), 'info');

    const answer = jsonOf(await erase({ receipt: withContact.receipt }));
    setLogSink((line) => process.stdout.write(`${line}\n`));

    expect(before).toMatchObject({ kind: 'report', contactGiven: true });
    expect(answer).toEqual({ status: 200, body: { removed: true } });
    const stored = await reportItem(withContact.id);
    expect(stored?.contact).toBeUndefined();
    expect(stored?.contactRemoved).toEqual({ at: '2025-03-12T07:30:00.000Z', by: 'resident' });
    expect(stored?.description).toBe('Hàng xóm mở nhạc rất to sau 23 giờ.');
    const everything = JSON.stringify(await allItems(store));
    expect(everything).not.toContain('912345678');
    expect(everything).not.toContain('Sentinel');
    // The one line the request writes is the count; nothing that names the report or the resident.
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ ContactsErased: 1, _aws: expect.any(Object) }),
    ]);
    expect(lines.join('\n')).not.toMatch(new RegExp(`${withContact.id}|${withContact.receipt}|912345678`));

    const officer = await openCase(withContact.id);
    expect(officer.status).toBe(200);
    const report = (officer.body as { report: Record<string, unknown> }).report;
    expect(report.contact).toBeUndefined();
    expect(report.contactRemoved).toEqual({ at: '2025-03-12T07:30:00.000Z', by: 'resident' });
  });

  it('tells the resident on follow-up that they withdrew them, and never again offers to', async () => {
    const view = jsonOf(await followUp(withContact.receipt)).body as Record<string, unknown>;

    expect(view.contactGiven).toBeUndefined();
    expect(view.contactRemoved).toEqual({ at: '2025-03-12T07:30:00.000Z', by: 'resident' });
  });

  it('answers removed: false the second time, and keeps the first removal as it was', async () => {
    now = new Date('2025-03-12T08:00:00.000Z');

    const again = jsonOf(await erase({ receipt: withContact.receipt.toLowerCase().replaceAll('-', ' ') }));

    expect(again).toEqual({ status: 200, body: { removed: false } });
    expect((await reportItem(withContact.id))?.contactRemoved).toEqual({
      at: '2025-03-12T07:30:00.000Z',
      by: 'resident',
    });
  });

  it('answers removed: false for a report sent without contact details, and writes nothing', async () => {
    const before = await reportItem(anonymous.id);

    const answer = jsonOf(await erase({ receipt: anonymous.receipt }));

    expect(answer).toEqual({ status: 200, body: { removed: false } });
    expect(await reportItem(anonymous.id)).toEqual(before);
  });

  it('answers 404 to a receipt that names no report, in the language asked for, and writes nothing', async () => {
    const before = await allItems(store);

    const answer = jsonOf(
      await erase({ receipt: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' }, undefined, { 'accept-language': 'en' }),
    );

    expect(answer).toEqual({
      status: 404,
      body: {
        error: { code: 'not_found', message: 'Nothing has this receipt code. Check each letter and digit.' },
      },
    });
    expect(await allItems(store)).toEqual(before);
  });

  it('answers 400 naming the receipt to a missing, empty or overlong one, and writes nothing', async () => {
    const before = await allItems(store);
    const answers = [];
    for (const body of [
      {},
      { receipt: '' },
      { receipt: 'A'.repeat(65) },
      { receipt: withContact.receipt, x: 1 },
    ])
      answers.push(jsonOf(await erase(body, undefined, { 'accept-language': 'en' })));

    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(
      answers.slice(0, 3).map((a) => Object.keys((a.body as { error: { fields: object } }).error.fields)),
    ).toEqual([['receipt'], ['receipt'], ['receipt']]);
    expect(answers[0]?.body).toEqual({
      error: { code: 'invalid_input', message: expect.any(String), fields: { receipt: expect.any(String) } },
    });
    expect(await allItems(store)).toEqual(before);
  });
});

describe('the erase form without JavaScript', () => {
  it('is offered on the follow-up page of a report that holds contact details, posting the receipt in the body', async () => {
    const report = await submit('Có người lạ đi lại nhiều lần trong ngõ.', { phone: '0912 000 111' });

    const result = await followUpHandler(
      post(
        '/api/follow-up',
        new URLSearchParams({ receipt: report.receipt, lang: 'en' }).toString(),
        FORM_HEADERS,
      ),
      lambdaContext,
    );
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(page).toContain(
      `<details class="erase"><summary>Remove my contact details</summary><p>Once they are removed, officers can no longer call you back. The report itself stays and is handled as before.</p><form id="erase-contact" method="post" action="/api/follow-up/erase-contact"><input type="hidden" name="receipt" value="${report.receipt}"><input type="hidden" name="lang" value="en"><button class="button" type="submit">Yes, remove them</button></form></details>`,
    );
    expect(page).not.toContain('0912');
  });

  it('answers the posted form with a page in its language that says the details were removed, with a way back', async () => {
    const report = await submit('Xe máy bị dắt trộm trước cửa nhà.', { name: 'Anh Bình' });
    now = new Date('2025-03-12T09:15:00.000Z');

    const result = await eraseForm({ receipt: report.receipt, lang: 'vi' });
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain(
      '<h1>Đã xoá thông tin liên hệ</h1>\n<p id="erased">Tên và số điện thoại bạn để lại đã được xoá. Cán bộ không còn thấy chúng; tin báo vẫn được giữ.</p>',
    );
    expect(page).toContain(
      `<form id="follow-this" method="post" action="/api/follow-up"><input type="hidden" name="receipt" value="${report.receipt}"><input type="hidden" name="lang" value="vi"><button class="button" type="submit">Xem lại tin báo</button></form>`,
    );
    expect((await reportItem(report.id))?.contactRemoved).toEqual({
      at: '2025-03-12T09:15:00.000Z',
      by: 'resident',
    });

    const back = await followUpHandler(
      post(
        '/api/follow-up',
        new URLSearchParams({ receipt: report.receipt, lang: 'vi' }).toString(),
        FORM_HEADERS,
      ),
      lambdaContext,
    );
    expect(String(back.body)).toContain(
      '<p id="contact-removed">Bạn đã rút thông tin liên hệ lúc <time datetime="2025-03-12T09:15:00.000Z">',
    );
    expect(String(back.body)).not.toContain('erase-contact');
  });

  it('says so when the report held no contact details', async () => {
    const result = await eraseForm({ receipt: anonymous.receipt, lang: 'en' });
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(page).toContain(
      '<h1>No contact details</h1>\n<p id="erased">This report holds no name or phone number of yours.</p>',
    );
  });
});

describe('guessing receipts through erasure', () => {
  it('counts against the same per-client limit as follow-up, and a refused request removes nothing', async () => {
    const client = { ip: '192.0.2.44', userAgent: 'guesser' };
    const report = await submit('Đánh nhau ở đầu ngõ.', { phone: '0912 000 222' });
    const statuses: (number | undefined)[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await followUp(`GUES-S000-0000-${String(i).padStart(4, '0')}`, client)).statusCode);

    const refused = await erase({ receipt: report.receipt }, client);

    expect(statuses).toEqual(Array(30).fill(404));
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers?.['retry-after'])).toBeGreaterThan(0);
    expect((await reportItem(report.id))?.contact).toEqual({ phone: '+84912000222' });
  });
});
