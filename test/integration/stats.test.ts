import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const outbox = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SECRET_FILE = `${dir}/secret.key`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
  return process.env.TUQUAN_SMS_OUTBOX;
});

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { floodAlerts } from '../../functions/abuse/store';
import { handler as ackHandler } from '../../functions/ack/acknowledge.handler';
import { handler as statusHandler } from '../../functions/cases/status.handler';
import { deps as dispatchDeps } from '../../functions/dispatch/deps';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { escalateDue } from '../../functions/dispatch/escalation';
import { handler as createReport } from '../../functions/reports/create.handler';
import { officerItem } from '../../functions/roster/store';
import { overrideClock } from '../../functions/shared/runtime';
import type { Figures } from '../../functions/stats/figures';
import { GOALS } from '../../functions/stats/model';
import { handler as statsHandler } from '../../functions/stats/stats.handler';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { putItems, testStore } from '../support/store';
import { arrangeProvince, JSON_HEADERS, post } from './reports-arrange';

/**
 * Two years of one ward's reports, made through the real use cases (intake, dispatcher, escalation
 * sweep, acknowledge link, console) on a fake clock. The figures the page shows are then compared
 * with figures worked out by hand from the table below — not by re-running the code's arithmetic.
 *
 *  id   created (UTC)          local month  place  category  what happened                               SMS
 *  P1   2024-01-10 02:00       2024-01      QT5A   noise     ack by link +3m, mediated: success           2
 *  P2   2024-02-05 03:00       2024-02      YT2    theft     escalated at +5m to the duty desk            1+1
 *  P3   2024-03-31 18:00       2024-04 (!)  QT5A   theft     taken in the console +12m                    2
 *  P4   2024-06-15 01:00       2024-06      QT5A   noise     left                                         2
 *  P5   2024-07-01 10:00       2024-07      QT5A   theft     outside the periods compared                 2
 *  C1   2025-01-08 02:00       2025-01      QT5A   noise     ack by link +2m30s, mediated: success        2
 *  C2   2025-02-14 04:00       2025-02      QT5A   noise     taken in the console +8m, mediated: failed   2
 *  C2b  2025-02-14 04:03       2025-02      QT5A   noise     same text without a key: a duplicate         0
 *  C3   2025-02-20 05:00       2025-02      YT2    noise     taken in the console +40m, mediated: success 1
 *  C4   2025-03-03 06:00       2025-03      YT2    theft     escalated at +5m; taken +20m, resolved       1+1
 *  C5   2025-04-30 17:30       2025-05 (!)  QT5A   theft     never acknowledged, never swept              2
 *  C6   2025-06-30 17:30       2025-07 (!)  QT5A   theft     outside the period                           2
 *  C7   2025-05-10 03:00       2025-05      UONG-BI (the ward itself) theft, ack by link +1m             1
 *
 * Nobody is on duty in YT2, so its reports go to the ward's police officer (one SMS); the province
 * has nobody on duty either, so an escalation from the ward reaches the duty desk (one SMS).
 */
const store = testStore();
let now = new Date('2024-01-01T00:00:00.000Z');
overrideClock({ now: () => now });
const setNow = (iso: string) => {
  now = new Date(iso);
};
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

const WARD_OFFICER = 'ca@example.vn';

function signedIn(
  email: string,
  init: Parameters<typeof httpEvent>[0],
  group = 'officer',
): APIGatewayProxyEventV2 {
  const event = httpEvent(init);
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    jwt: {
      claims: { sub: `sub-${email}`, email, email_verified: 'true', 'cognito:groups': `[${group}]` },
      scopes: null,
    },
  };
  return event;
}

let client = 0;
async function report(
  createdAt: string,
  area: string,
  category: string,
  description: string,
): Promise<string> {
  setNow(createdAt);
  const event = post('/api/reports', JSON.stringify({ area, category, description }), JSON_HEADERS, {
    ip: `10.0.0.${++client}`,
    userAgent: 'seed',
  });
  const id = (jsonOf(await createReport(event, lambdaContext)).body as { id: string }).id;
  setNow(plus(createdAt, 2));
  await dispatchReport(dispatchPorts(), id);
  return id;
}

/**
 * The dispatcher as deployed, but with no phone's throttle in reach: the history below is seeded out of
 * order (a report of May after one of June), which a phone's throttle would take for a flood.
 */
function dispatchPorts() {
  const ports = dispatchDeps();
  const throttle = { perMinute: 1_000, per15Minutes: 1_000, perHour: 1_000 };
  return { ...ports, province: { ...ports.province, sms: { ...ports.province.sms, throttle } } };
}

async function ackByLink(id: string, afterSeconds: number, createdAt: string): Promise<void> {
  const lines = existsSync(outbox) ? readFileSync(outbox, 'utf8').trim().split('\n') : [];
  const sms = lines
    .map((l) => JSON.parse(l) as { body: string; reportId: string })
    .find((m) => m.reportId === id);
  const token = sms?.body.split('/api/ack/')[1] ?? '';
  setNow(plus(createdAt, afterSeconds));
  const event = post(`/api/ack/${token}`, '', {}, { ip: `10.0.1.${++client}`, userAgent: 'seed' });
  event.pathParameters = { token };
  expect((await ackHandler(event, lambdaContext)).statusCode).toBe(200);
}

async function inConsole(id: string, at: string, body: Record<string, string>): Promise<void> {
  setNow(at);
  const result = await statusHandler(
    signedIn(WARD_OFFICER, {
      method: 'POST',
      path: `/api/officer/reports/${id}/status`,
      pathParameters: { id },
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    }),
    lambdaContext,
  );
  expect(result.statusCode).toBe(200);
}

async function sweep(at: string): Promise<void> {
  setNow(at);
  await escalateDue(dispatchPorts());
}

const mediation = (outcome: string, day: string) => ({
  status: 'mediated',
  outcome,
  mediator: 'Lê Thị Hòa',
  mediatedAt: day,
});

const stats = async (email: string, query: Record<string, string>, group = 'officer') => {
  setNow('2025-07-15T03:00:00.000Z');
  return statsHandler(signedIn(email, { path: '/api/officer/stats', query }, group), lambdaContext);
};

beforeAll(async () => {
  const days = [
    '2024-01-10',
    '2024-02-05',
    '2024-03-31',
    '2024-06-15',
    '2024-07-01',
    '2025-01-08',
    '2025-02-14',
    '2025-02-20',
    '2025-03-03',
    '2025-04-30',
    '2025-05-10',
    '2025-06-30',
  ];
  for (const day of days) await arrangeProvince(store, day);
  await putItems(store, [
    officerItem({
      id: 'QN-ADMIN',
      name: 'Quản trị tỉnh',
      phone: '+84900000001',
      role: 'admin',
      access: 'admin',
      areas: ['QN'],
      login: 'admin@example.vn',
    }),
  ]);

  const p1 = await report(
    '2024-01-10T02:00:00.000Z',
    'UONG-BI-QT5A',
    'noise',
    'Hàng xóm hát karaoke quá khuya.',
  );
  await ackByLink(p1, 180, '2024-01-10T02:00:00.000Z');
  await inConsole(p1, '2024-01-11T02:00:00.000Z', mediation('success', '2024-01-11'));

  const p2 = await report('2024-02-05T03:00:00.000Z', 'UONG-BI-YT2', 'theft', 'Mất trộm xe máy trong ngõ.');
  await sweep('2024-02-05T03:05:02.000Z');
  await inConsole(p2, '2024-02-05T04:00:00.000Z', { status: 'in_progress' });

  const p3 = await report('2024-03-31T18:00:00.000Z', 'UONG-BI-QT5A', 'theft', 'Trộm cắp ở chợ đêm.');
  await inConsole(p3, '2024-03-31T18:12:00.000Z', { status: 'acknowledged' });

  await report('2024-06-15T01:00:00.000Z', 'UONG-BI-QT5A', 'noise', 'Tiếng máy khoan từ sáng sớm.');
  await report('2024-07-01T10:00:00.000Z', 'UONG-BI-QT5A', 'theft', 'Mất điện thoại ở quán nước.');

  const c1 = await report(
    '2025-01-08T02:00:00.000Z',
    'UONG-BI-QT5A',
    'noise',
    'Loa kẹo kéo mở to cả buổi tối.',
  );
  await ackByLink(c1, 150, '2025-01-08T02:00:00.000Z');
  await inConsole(c1, '2025-01-09T02:00:00.000Z', mediation('success', '2025-01-09'));

  const c2 = await report(
    '2025-02-14T04:00:00.000Z',
    'UONG-BI-QT5A',
    'noise',
    'Hai nhà cãi nhau vì tiếng chó sủa.',
  );
  await report('2025-02-14T04:03:00.000Z', 'UONG-BI-QT5A', 'noise', 'Hai nhà cãi nhau vì tiếng chó sủa.');
  await inConsole(c2, '2025-02-14T04:08:00.000Z', { status: 'acknowledged' });
  await inConsole(c2, '2025-02-16T04:00:00.000Z', mediation('failed', '2025-02-16'));

  const c3 = await report('2025-02-20T05:00:00.000Z', 'UONG-BI-YT2', 'noise', 'Quán nhậu ồn ào đến nửa đêm.');
  await inConsole(c3, '2025-02-20T05:40:00.000Z', { status: 'in_progress' });
  await inConsole(c3, '2025-02-21T05:00:00.000Z', mediation('success', '2025-02-21'));

  const c4 = await report('2025-03-03T06:00:00.000Z', 'UONG-BI-YT2', 'theft', 'Trộm đột nhập kho hàng.');
  await sweep('2025-03-03T06:05:02.000Z');
  await inConsole(c4, '2025-03-03T06:20:00.000Z', { status: 'acknowledged' });
  await inConsole(c4, '2025-03-04T06:20:00.000Z', { status: 'resolved' });

  await report('2025-04-30T17:30:00.000Z', 'UONG-BI-QT5A', 'theft', 'Kẻ gian bẻ khóa xe đạp.');
  await report('2025-06-30T17:30:00.000Z', 'UONG-BI-QT5A', 'theft', 'Mất ví ở bến xe buýt.');
  const c7 = await report('2025-05-10T03:00:00.000Z', 'UONG-BI', 'theft', 'Giật túi xách trên phố chính.');
  await ackByLink(c7, 60, '2025-05-10T03:00:00.000Z');
}, 120_000);

describe('GET /api/officer/stats over a seeded history', () => {
  it("matches the ward's figures worked out by hand, against the same months a year before", async () => {
    const { status, body } = jsonOf(await stats(WARD_OFFICER, { from: '2025-01', to: '2025-06' }));

    expect(status).toBe(200);
    expect(body).toEqual({
      area: { code: 'UONG-BI', name: 'Uông Bí' },
      period: { from: '2025-01', to: '2025-06' },
      previousPeriod: { from: '2024-01', to: '2024-06' },
      goals: GOALS,
      // C1 C2 C3 C4 C5 C7 against P1 P2 P3 P4 (C2b is a duplicate; P5 and C6 fall outside): +50 %.
      incidents: { count: 6, previous: 4, changePercent: 50 },
      months: [
        { month: '2025-01', count: 1, previousMonth: '2024-01', previous: 1 },
        { month: '2025-02', count: 2, previousMonth: '2024-02', previous: 1 },
        { month: '2025-03', count: 1, previousMonth: '2024-03', previous: 0 },
        { month: '2025-04', count: 0, previousMonth: '2024-04', previous: 1 },
        { month: '2025-05', count: 2, previousMonth: '2024-05', previous: 0 },
        { month: '2025-06', count: 0, previousMonth: '2024-06', previous: 1 },
      ],
      categories: [
        // C4 C5 C7 against P2 P3.
        {
          code: 'theft',
          label: { vi: 'Trộm cắp tài sản', en: 'Theft' },
          mediable: false,
          count: 3,
          previous: 2,
          changePercent: 50,
        },
        // C1 C2 C3 against P1 P4.
        {
          code: 'noise',
          label: { vi: 'Gây ồn ào', en: 'Noise' },
          mediable: true,
          count: 3,
          previous: 2,
          changePercent: 50,
        },
      ],
      areas: [
        // C1 C2 C5 against P1 P3 P4; C7 was filed at the ward itself, in none of its groups.
        { code: 'UONG-BI-QT5A', name: 'Khu Quang Trung 5A', count: 3, previous: 3, changePercent: 0 },
        // C3 C4 against P2.
        { code: 'UONG-BI-YT2', name: 'Khu Yên Thanh 2', count: 2, previous: 1, changePercent: 100 },
      ],
      duplicates: 1,
      // Three noise disputes (C1 C2 C3): C1 and C3 settled, C2 not: 66.7 %.
      mediation: { disputes: 3, success: 2, failed: 1, referred: 0, settledPercent: 66.7 },
      // Acknowledged after 1m (C7), 2m30s (C1), 8m (C2), 20m (C4), 40m (C3); C5 never.
      // Median: the 3rd of 5, in [8, 9) → within 9; p90: the 5th, in [40, 45) → within 45.
      acknowledgement: { acknowledged: 5, medianMinutes: 9, p90Minutes: 45 },
      // C4 only, of 6.
      escalation: { escalated: 1, percent: 16.7 },
      // C1 2 + C2 2 + C3 1 + C4 1+1 + C5 2 + C7 1 = 10, at 0.03 USD.
      sms: { sent: 10, priceUsd: 0.03, estimatedCostUsd: 0.3 },
      // The last 14 days up to today (15 July): no SMS (C6 was on 1 July, province time).
      smsDays: Array.from({ length: 14 }, (_, i) => ({
        day: `2025-07-${String(i + 2).padStart(2, '0')}`,
        sent: 0,
        summaries: 0,
        grouped: 0,
        held: 0,
        capped: 0,
      })),
      // Today's budget, and the ward's part of it (the first level under the province).
      smsBudget: {
        day: '2025-07-15',
        cap: 2000,
        spent: 0,
        normalLimit: 1600,
        reserve: 400,
        reserveLeft: 400,
        communeLimit: 500,
        communes: [{ code: 'UONG-BI', name: 'Uông Bí', spent: 0, sharePercent: 0 }],
      },
      floodAlerts: [],
      // No category of this history has a playbook (test/integration/playbooks.test.ts counts one).
      checklists: { cases: 0, complete: 0, percent: null },
      // No patrol recorded: the incidents per month and per place beside zero patrols.
      patrols: {
        total: 0,
        months: [
          { month: '2025-01', patrols: 0, incidents: 1 },
          { month: '2025-02', patrols: 0, incidents: 2 },
          { month: '2025-03', patrols: 0, incidents: 1 },
          { month: '2025-04', patrols: 0, incidents: 0 },
          { month: '2025-05', patrols: 0, incidents: 2 },
          { month: '2025-06', patrols: 0, incidents: 0 },
        ],
        areas: [
          { code: 'UONG-BI-QT5A', name: 'Khu Quang Trung 5A', patrols: 0, incidents: 3 },
          { code: 'UONG-BI-YT2', name: 'Khu Yên Thanh 2', patrols: 0, incidents: 2 },
        ],
        spots: [],
      },
    });
  });

  it("gives the admin the province, which rolls up the ward's places", async () => {
    const { body } = jsonOf(await stats('admin@example.vn', { from: '2025-01', to: '2025-06' }, 'admin'));

    expect(body).toMatchObject({
      area: { code: 'QN', name: 'Quảng Ninh' },
      incidents: { count: 6, previous: 4, changePercent: 50 },
      areas: [{ code: 'UONG-BI', name: 'Uông Bí', count: 6, previous: 4, changePercent: 50 }],
      mediation: { disputes: 3, success: 2, failed: 1, referred: 0, settledPercent: 66.7 },
      sms: { sent: 10, priceUsd: 0.03, estimatedCostUsd: 0.3 },
    });
  });

  it("gives a group's mediator their group by default, and refuses the ward", async () => {
    const own = jsonOf(await stats('hg@example.vn', { from: '2025-01', to: '2025-06' }));
    const ward = jsonOf(await stats('hg@example.vn', { area: 'UONG-BI' }));

    expect(own.body).toMatchObject({
      area: { code: 'UONG-BI-QT5A', name: 'Khu Quang Trung 5A' },
      incidents: { count: 3, previous: 3, changePercent: 0 },
      areas: [],
      duplicates: 1,
      mediation: { disputes: 2, success: 1, failed: 1, referred: 0, settledPercent: 50 },
      // C1 2m30s, C2 8m: median rank 1 → within 3; p90 rank 2 → within 9.
      acknowledgement: { acknowledged: 2, medianMinutes: 3, p90Minutes: 9 },
    });
    expect(ward.status).toBe(403);
  });

  it('exports the same figures as CSV, and refuses a period it cannot compare', async () => {
    const csv = await stats(WARD_OFFICER, { from: '2025-01', to: '2025-06', format: 'csv' });
    const tooLong = jsonOf(await stats(WARD_OFFICER, { from: '2023-01', to: '2025-06' }));
    const badMonth = jsonOf(await stats(WARD_OFFICER, { from: '2025-13' }));
    const lines = String(csv.body).split('\r\n');

    expect(csv.statusCode).toBe(200);
    expect(csv.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="tuquan-UONG-BI-2025-01-2025-06.csv"',
    });
    expect(lines.slice(0, 4)).toEqual([
      '\uFEFFindicator,area,area_name,category,category_name,month,value',
      'incidents,UONG-BI,Uông Bí,noise,Gây ồn ào,2024-01,1',
      'mediated_success,UONG-BI,Uông Bí,noise,Gây ồn ào,2024-01,1',
      'incidents,UONG-BI-QT5A,Khu Quang Trung 5A,,,2024-01,1',
    ]);
    expect(lines.filter((l) => l.includes('..'))).toEqual([
      'incidents_total,UONG-BI,Uông Bí,,,2025-01..2025-06,6',
      'incidents_same_period_last_year,UONG-BI,Uông Bí,,,2025-01..2025-06,4',
      'incidents_change_percent,UONG-BI,Uông Bí,,,2025-01..2025-06,50',
      'disputes,UONG-BI,Uông Bí,,,2025-01..2025-06,3',
      'settled_by_mediation_percent,UONG-BI,Uông Bí,,,2025-01..2025-06,66.7',
      'ack_median_within_minutes,UONG-BI,Uông Bí,,,2025-01..2025-06,9',
      'ack_p90_within_minutes,UONG-BI,Uông Bí,,,2025-01..2025-06,45',
      'escalated_percent,UONG-BI,Uông Bí,,,2025-01..2025-06,16.7',
      'sms_sent,UONG-BI,Uông Bí,,,2025-01..2025-06,10',
      'sms_estimated_cost_usd,UONG-BI,Uông Bí,,,2025-01..2025-06,0.3',
    ]);
    expect([tooLong.status, badMonth]).toEqual([
      400,
      {
        status: 400,
        body: {
          error: {
            code: 'invalid_input',
            message: 'Chưa gửi được. Sửa các mục có đánh dấu rồi gửi lại.',
            fields: { from: 'Ghi tháng như 2025-03 (năm, rồi tháng).' },
          },
        },
      },
    ]);
  });
  // Last: it adds a report of today (15 July), in the default period of the tests above.
  it("shows today's SMS, budget and flood alerts: the admin all of the province, an officer their places", async () => {
    setNow('2025-07-15T01:59:00.000Z');
    await arrangeProvince(store, '2025-07-15');
    await report('2025-07-15T02:00:00.000Z', 'UONG-BI-QT5A', 'theft', 'Trộm xe máy trước cổng chợ.');
    const alert = (area: string, areaName: string, at: string) => ({
      type: 'floodAlert' as const,
      area,
      areaName,
      count: 40,
      windowMinutes: 10,
      normal: 0.5,
      at,
    });
    const record = floodAlerts(store).record;
    await record('2025-07-15', alert('UONG-BI-QT5A', 'Khu Quang Trung 5A', '2025-07-15T01:50:00.000Z'));
    await record('2025-07-15', alert('HA-LONG', 'Hạ Long', '2025-07-15T01:40:00.000Z'));
    await record('2025-07-14', alert('UONG-BI', 'Uông Bí', '2025-07-14T01:40:00.000Z'));

    const admin = jsonOf(await stats('admin@example.vn', {}, 'admin')).body as Figures;
    const ward = jsonOf(await stats(WARD_OFFICER, {})).body as Figures;
    const group = jsonOf(await stats('hg@example.vn', {})).body as Figures;

    expect({
      admin: admin.floodAlerts.map((a) => a.area),
      ward: ward.floodAlerts.map((a) => a.area),
      group: group.floodAlerts,
      adminBudget: admin.smsBudget,
      groupToday: group.smsDays.at(-1),
      wardToday: ward.smsDays.at(-1),
    }).toEqual({
      admin: ['HA-LONG', 'UONG-BI-QT5A'],
      ward: ['UONG-BI-QT5A'],
      group: [
        {
          area: 'UONG-BI-QT5A',
          areaName: 'Khu Quang Trung 5A',
          count: 40,
          windowMinutes: 10,
          normal: 0.5,
          at: '2025-07-15T01:50:00.000Z',
        },
      ],
      // The report's two SMS, charged to its ward, high urgency (theft): in the province's budget today.
      adminBudget: {
        day: '2025-07-15',
        cap: 2000,
        spent: 2,
        normalLimit: 1600,
        reserve: 400,
        reserveLeft: 400,
        communeLimit: 500,
        communes: [{ code: 'UONG-BI', name: 'Uông Bí', spent: 2, sharePercent: 0.1 }],
      },
      groupToday: { day: '2025-07-15', sent: 2, summaries: 0, grouped: 0, held: 0, capped: 0 },
      wardToday: { day: '2025-07-15', sent: 2, summaries: 0, grouped: 0, held: 0, capped: 0 },
    });
  });
});
