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
import { handler as summaryHandler } from '../../functions/ack/summary.handler';
import { deps as dispatchDeps } from '../../functions/dispatch/deps';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { sendHeld } from '../../functions/dispatch/summaries';
import { handler as createReport } from '../../functions/reports/create.handler';
import { overrideClock } from '../../functions/shared/runtime';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { allItems, arrangeProvince, JSON_HEADERS, post } from './reports-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const showSummary = (token: string, headers: Record<string, string> = {}, query?: Record<string, string>) =>
  summaryHandler(
    httpEvent({
      path: `/api/ack/summary/${token}`,
      pathParameters: { token },
      headers,
      ...(query ? { query } : {}),
    }),
    lambdaContext,
  );
const ack = (path: string) => {
  const token = path.slice('/api/ack/'.length);
  return acknowledgeHandler(
    httpEvent({ method: 'POST', path, pathParameters: { token }, headers: {} }),
    lambdaContext,
  );
};
const outboxLines = () =>
  readFileSync(outbox, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { to: string; body: string; at: string; reportId?: string });

const ids: string[] = [];
let summaryToken = '';

/**
 * Three low-urgency reports to one place within a minute: its officers (the demo throttle: one SMS a
 * minute) are texted about the first; the next two are held, and a minute later each officer gets one
 * summary. (A held high-urgency report would get its own SMS instead: dispatch-sms-throttle tests.)
 */
beforeAll(async () => {
  await arrangeProvince(store);
  for (const [n, second] of [
    [1, 0],
    [2, 10],
    [3, 20],
  ] as const) {
    now = new Date(Date.parse('2025-03-12T07:00:00.000Z') + second * 1000);
    const body = { area: 'UONG-BI-QT5A', category: 'noise', description: `Tin báo thứ ${n} về tiếng ồn.` };
    const created = await createReport(
      post('/api/reports', JSON.stringify(body), JSON_HEADERS),
      lambdaContext,
    );
    const id = (jsonOf(created).body as { id: string }).id;
    ids.push(id);
    await dispatchReport(dispatchDeps(), id);
  }
  now = new Date('2025-03-12T07:01:05.000Z');
  await sendHeld(dispatchDeps());
  const summary = outboxLines().find((m) => m.to === '+84900000101' && m.body.includes('/api/ack/summary/'));
  summaryToken = summary?.body.split('/api/ack/summary/')[1] ?? '';
});

describe('the summary SMS', () => {
  it('tells each officer how many new reports in which place, once, in one segment, with no word of them', () => {
    const toOfficer = outboxLines().filter((m) => m.to === '+84900000101');

    expect(
      toOfficer.map((m) => m.body.replace(/\/api\/ack\/(summary\/)?[A-Za-z0-9_-]+$/, '/api/ack/$1…')),
    ).toEqual([
      'TuQuan QN: Gay on ao: Khu Quang Trung 5A, Uong Bi, gui 14:00. Nhan xu ly: https://tuquan.quangninh.example.vn/api/ack/…',
      'TuQuan QN: 2 tin bao moi: Khu Quang Trung 5A (2). Xem: https://tuquan.quangninh.example.vn/api/ack/summary/…',
    ]);
    expect(toOfficer.map((m) => m.at)).toEqual(['2025-03-12T07:00:00.000Z', '2025-03-12T07:01:05.000Z']);
  });
});

describe('GET /api/ack/summary/{token}', () => {
  it('lists the reports the summary carried, each with its own acknowledge link, and changes nothing', async () => {
    const before = await allItems(store);
    const result = await showSummary(summaryToken);
    const after = await allItems(store);

    expect(jsonOf(result)).toEqual({
      status: 200,
      body: {
        sentAt: '2025-03-12T07:01:05.000Z',
        reports: [1, 2].map((n) => ({
          id: ids[n],
          category: { code: 'noise', label: { vi: 'Gây ồn ào', en: 'Noise' } },
          area: 'UONG-BI-QT5A',
          place: 'Khu Quang Trung 5A, Uông Bí',
          time: `2025-03-12T07:00:${n}0.000Z`,
          acknowledged: false,
          ack: expect.stringMatching(/^\/api\/ack\/[A-Za-z0-9_-]{27}$/),
        })),
      },
    });
    expect(after).toEqual(before);
  });

  it('shows a page with one acknowledge button per report, for a phone browser', async () => {
    const view = jsonOf(await showSummary(summaryToken)).body as { reports: { ack: string }[] };
    const result = await showSummary(summaryToken, HTML, { lang: 'en' });
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page).toContain('<h1>New reports</h1>');
    for (const { ack: link } of view.reports)
      expect(page).toContain(
        `<form method="post" action="${link}"><input type="hidden" name="lang" value="en"><button class="button" type="submit">Take it</button></form>`,
      );
    expect(page).not.toContain('Tin báo thứ');
  });

  it('acknowledges each report by its own button, as the officer the summary went to', async () => {
    const view = jsonOf(await showSummary(summaryToken)).body as { reports: { ack: string }[] };

    const answers = [];
    for (const { ack: link } of view.reports) answers.push(jsonOf(await ack(link)));
    const again = jsonOf(await showSummary(summaryToken)).body as {
      reports: { acknowledged: boolean; by?: string }[];
    };
    const items = await allItems(store);

    expect(answers).toEqual([
      {
        status: 200,
        body: { status: 'acknowledged', id: ids[1], by: 'group_head', first: true, byYou: true },
      },
      {
        status: 200,
        body: { status: 'acknowledged', id: ids[2], by: 'group_head', first: true, byYou: true },
      },
    ]);
    expect(again.reports.map((r) => [r.acknowledged, r.by])).toEqual([
      [true, 'group_head'],
      [true, 'group_head'],
    ]);
    expect(
      ids
        .slice(1)
        .map((id) => items.find((i) => i.pk === `REPORT#${id}` && i.sk === 'REPORT')?.acknowledgedBy),
    ).toEqual([
      { role: 'group_head', officerId: 'UB-QT5A-TT' },
      { role: 'group_head', officerId: 'UB-QT5A-TT' },
    ]);
  });

  it('answers 404 to a forged, malformed or expired link', async () => {
    const forged = `${summaryToken.slice(0, 5)}${summaryToken[5] === 'A' ? 'B' : 'A'}${summaryToken.slice(6)}`;
    const results = [
      await showSummary(forged, { 'accept-language': 'en' }),
      await showSummary('x'.repeat(500)),
    ];
    now = new Date('2025-03-15T08:00:00.000Z');
    results.push(await showSummary(summaryToken));

    expect(results.map((r) => jsonOf(r).status)).toEqual([404, 404, 404]);
    expect(jsonOf(results[0] as never).body).toEqual({
      error: {
        code: 'not_found',
        message: 'This link is wrong or has expired. Open the report in the officer console.',
      },
    });
  });
});
