import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SECRET_FILE = `${dir}/secret.key`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
});

import { deps as dispatchPorts } from '../../functions/dispatch/deps';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { handler as followUpHandler } from '../../functions/follow-up/follow-up.handler';
import { handler as createReport } from '../../functions/reports/create.handler';
import { overrideClock } from '../../functions/shared/runtime';
import { jsonOf, lambdaContext } from '../support/events';
import { putItems, testStore } from '../support/store';
import { arrangeProvince, FORM_HEADERS, JSON_HEADERS, post } from './reports-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

const followUp = (receipt: string, headers: Record<string, string> = {}) =>
  followUpHandler(
    post('/api/follow-up', JSON.stringify({ receipt }), { ...JSON_HEADERS, ...headers }),
    lambdaContext,
  );

async function submit(description: string): Promise<{ id: string; receipt: string }> {
  const body = { area: 'UONG-BI-QT5A', category: 'noise', description };
  return jsonOf(await createReport(post('/api/reports', JSON.stringify(body), JSON_HEADERS), lambdaContext))
    .body as {
    id: string;
    receipt: string;
  };
}

let report = { id: '', receipt: '' };
/** Which report it is, as follow-up says it: kind, place, and when it came (no time was given). */
const ABOUT = {
  category: { vi: 'Gây ồn ào', en: 'Noise' },
  place: 'Khu Quang Trung 5A, Uông Bí',
  receivedAt: '2025-03-12T07:00:00.000Z',
};
beforeAll(async () => {
  await arrangeProvince(store);
  report = await submit('Hàng xóm mở nhạc rất to sau 23 giờ.');
});

describe('POST /api/follow-up', () => {
  it('shows a new report as received, with nothing else yet', async () => {
    expect(jsonOf(await followUp(report.receipt))).toEqual({
      status: 200,
      body: {
        kind: 'report',
        about: ABOUT,
        status: 'received',
        timeline: [{ at: '2025-03-12T07:00:00.000Z', status: 'received' }],
        replies: [],
      },
    });
  });

  it('finds it however the receipt is typed, and shows who was told, and public replies only', async () => {
    now = new Date('2025-03-12T07:00:03.000Z');
    await dispatchReport(dispatchPorts(), report.id);
    await putItems(store, [
      {
        pk: `REPORT#${report.id}`,
        sk: 'EVENT#2025-03-12T08:00:00.000Z#in_progress',
        type: 'reportEvent',
        at: '2025-03-12T08:00:00.000Z',
        status: 'in_progress',
        publicNote: 'Tổ hòa giải đã đến nói chuyện.',
        internalNote: 'Nhà số 14, đã nhắc lần 2.',
      },
      {
        pk: `REPORT#${report.id}`,
        sk: 'REPLY#2025-03-12T09:00:00.000Z#1',
        type: 'reportReply',
        at: '2025-03-12T09:00:00.000Z',
        text: 'Cảm ơn bạn, chúng tôi sẽ theo dõi thêm.',
      },
      {
        pk: `REPORT#${report.id}`,
        sk: 'NOTE#2025-03-12T09:01:00.000Z#1',
        type: 'reportNote',
        at: '2025-03-12T09:01:00.000Z',
        text: 'Người báo có vẻ là nhà số 12.',
      },
    ]);
    const typed = ` ${report.receipt.toLowerCase().replaceAll('-', ' ')} `;

    expect(jsonOf(await followUp(typed))).toEqual({
      status: 200,
      body: {
        kind: 'report',
        about: ABOUT,
        status: 'received',
        timeline: [
          { at: '2025-03-12T07:00:00.000Z', status: 'received' },
          { at: '2025-03-12T07:00:03.000Z', status: 'dispatched', recipients: 2 },
          { at: '2025-03-12T08:00:00.000Z', status: 'in_progress', note: 'Tổ hòa giải đã đến nói chuyện.' },
        ],
        replies: [{ at: '2025-03-12T09:00:00.000Z', text: 'Cảm ơn bạn, chúng tôi sẽ theo dõi thêm.' }],
      },
    });
  });

  it('links a duplicate to the report it repeats', async () => {
    const again = await submit('Hàng xóm mở nhạc rất to sau 23 giờ.');

    expect(jsonOf(await followUp(again.receipt)).body).toMatchObject({ duplicateOf: report.id });
  });

  it('answers 404 to an unknown or malformed receipt, in the language asked for', async () => {
    for (const receipt of ['ZZZZ-ZZZZ-ZZZZ-ZZZZ', 'hello']) {
      expect(jsonOf(await followUp(receipt, { 'accept-language': 'en' }))).toEqual({
        status: 404,
        body: {
          error: {
            code: 'not_found',
            message: 'Nothing has this receipt code. Check each letter and digit.',
          },
        },
      });
    }
  });

  it('answers the form without JavaScript with a page of the timeline', async () => {
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
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(
      '<dl class="facts" id="about"><dt>Kind of incident</dt><dd>Noise</dd><dt>Where</dt><dd><span lang="vi">Khu Quang Trung 5A, Uông Bí</span></dd><dt>Sent</dt><dd><time datetime="2025-03-12T07:00:00.000Z">12/03/2025, 14:00</time></dd></dl>',
    );
    expect(page).toContain('Texted to the officers on duty – nobody has taken it (2 people)');
    expect(page).toContain('<p>Tổ hòa giải đã đến nói chuyện.</p>');
    expect(page).not.toContain('Nhà số 14');
    expect(page).not.toContain('nhà số 12');
    expect(page).not.toContain(report.receipt);
  });
});

describe('guessing receipts', () => {
  it('is limited per client to the province follow-up rate', async () => {
    const client = { ip: '192.0.2.30', userAgent: 'guesser' };
    const guess = (i: number) =>
      followUpHandler(
        post(
          '/api/follow-up',
          JSON.stringify({ receipt: `GUES-S000-0000-${String(i).padStart(4, '0')}` }),
          JSON_HEADERS,
          client,
        ),
        lambdaContext,
      );
    const statuses: (number | undefined)[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await guess(i)).statusCode);

    expect(statuses).toEqual([...Array(30).fill(404), 429]);
  });
});
