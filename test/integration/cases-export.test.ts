import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as exportHandler } from '../../functions/cases/export.handler';
import { auditEntriesOfDay } from '../../functions/officers/store';
import type { Report } from '../../functions/reports/model';
import { newReportItem, reportKeys } from '../../functions/reports/store';
import { officerItem } from '../../functions/roster/store';
import { overrideClock } from '../../functions/shared/runtime';
import { httpEvent, lambdaContext } from '../support/events';
import { putItems, testRetention, testStore } from '../support/store';
import { arrangeProvince } from './reports-arrange';

/**
 * An admin exports March 2025 (Asia/Ho_Chi_Minh, +07:00): the month starts at 2025-02-28T17:00Z and
 * ends before 2025-03-31T17:00Z. Reports a millisecond either side of each edge tell whether the period
 * is the province's calendar. Every report carries the same sentinel words, name and phone, and an
 * officer's reply and note on one of them, none of which may reach the file.
 */
const store = testStore();
const now = new Date('2025-04-02T03:00:00.000Z');
overrideClock({ now: () => now });

const ADMIN = 'admin@example.vn';
const WARD_OFFICER = 'ca@example.vn';
const SENTINEL = {
  description: 'SENTINEL-DESCRIPTION hai nhà cãi nhau',
  place: 'SENTINEL-PLACE ngõ 7',
  name: 'SENTINEL-NAME Nguyễn Văn Bảy',
  phone: '+84912999888',
  reply: 'SENTINEL-REPLY đã đến nơi',
  note: 'SENTINEL-NOTE nhà số 14',
};

function report(id: string, createdAt: string, extra: Partial<Report> = {}): Report {
  return {
    id,
    area: 'UONG-BI-QT5A',
    areaName: 'Khu Quang Trung 5A',
    parentName: 'Uông Bí',
    ancestors: ['QN', 'UONG-BI'],
    category: 'noise',
    categoryLabel: { vi: 'Gây ồn ào', en: 'Noise' },
    urgency: 'low',
    description: SENTINEL.description,
    place: SENTINEL.place,
    contact: { name: SENTINEL.name, phone: SENTINEL.phone },
    createdAt,
    status: 'received',
    notifyStatus: 'sent',
    ...extra,
  };
}

const BEFORE = report('e000000000000001', '2025-02-28T16:59:59.999Z');
const FIRST = report('e000000000000002', '2025-02-28T17:00:00.000Z', {
  status: 'closed',
  acknowledgedAt: '2025-02-28T17:02:30.000Z',
  acknowledgedBy: { role: 'mediator', officerId: 'UB-QT5A-HG' },
  settledAt: '2025-03-01T02:00:00.000Z',
  escalationTier: 0,
});
const WARD = report('e000000000000003', '2025-03-15T04:00:00.000Z', {
  area: 'UONG-BI',
  areaName: 'Uông Bí',
  ancestors: ['QN'],
  category: 'theft',
  categoryLabel: { vi: 'Trộm cắp tài sản', en: 'Theft' },
  urgency: 'high',
  status: 'in_progress',
  acknowledgedAt: '2025-03-15T04:20:00.000Z',
  escalationTier: 1,
});
const DUPLICATE = report('e000000000000004', '2025-03-15T04:03:00.000Z', {
  duplicateOf: 'e000000000000003',
  notifyStatus: 'duplicate',
});
const LAST = report('e000000000000005', '2025-03-31T16:59:59.999Z', { status: 'referred' });
const AFTER = report('e000000000000006', '2025-03-31T17:00:00.000Z');

function signedIn(email: string, query: Record<string, string>, group: string): APIGatewayProxyEventV2 {
  const event = httpEvent({ path: '/api/officer/cases.csv', query, headers: { 'accept-language': 'en' } });
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    jwt: {
      claims: { sub: `sub-${email}`, email, email_verified: 'true', 'cognito:groups': `[${group}]` },
      scopes: null,
    },
  };
  return event;
}

const exportAs = async (email: string, query: Record<string, string>, group = 'officer') =>
  (await exportHandler(signedIn(email, query, group), lambdaContext)) as APIGatewayProxyStructuredResultV2;

beforeAll(async () => {
  await arrangeProvince(store);
  await putItems(store, [
    officerItem({
      id: 'QN-ADMIN',
      name: 'Quản trị tỉnh',
      phone: '+84900000001',
      role: 'admin',
      access: 'admin',
      areas: ['QN'],
      login: ADMIN,
    }),
    ...[BEFORE, WARD, DUPLICATE, LAST, AFTER].map((r) => newReportItem(r, testRetention())),
    // The mediation as the console stores it: the outcome is exported, the mediator's name never.
    {
      ...newReportItem(FIRST, testRetention()),
      mediation: { outcome: 'success', mediator: SENTINEL.name, mediatedAt: '2025-03-01' },
    },
    {
      pk: reportKeys.partition(FIRST.id),
      sk: 'REPLY#2025-03-01T02:00:00.000Z#c1',
      type: 'reply',
      text: SENTINEL.reply,
    },
    {
      pk: reportKeys.partition(FIRST.id),
      sk: 'NOTE#2025-03-01T02:00:00.000Z#c1',
      type: 'note',
      text: SENTINEL.note,
    },
  ]);
});

describe("the province's export of cases", () => {
  it("lists the period's cases only, oldest first, in the province's time, without anyone's words, name or phone", async () => {
    const answer = await exportAs(ADMIN, { from: '2025-03-01', to: '2025-03-31' }, 'admin');

    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="tuquan-cases-2025-03-01-2025-03-31.csv"',
    });
    expect(String(answer.body).split('\r\n')).toEqual([
      '\uFEFFcase_id,received_at,commune_code,commune_name,place_code,place_name,category,category_label_vi,urgency,status,settled_at,mediation_outcome,acknowledged_at,minutes_to_acknowledge,escalation_tier,duplicate_of',
      'e000000000000002,2025-03-01T00:00:00+07:00,UONG-BI,Uông Bí,UONG-BI-QT5A,Khu Quang Trung 5A,noise,Gây ồn ào,low,closed,2025-03-01T09:00:00+07:00,success,2025-03-01T00:02:30+07:00,2.5,0,',
      'e000000000000003,2025-03-15T11:00:00+07:00,UONG-BI,Uông Bí,UONG-BI,Uông Bí,theft,Trộm cắp tài sản,high,in_progress,,,2025-03-15T11:20:00+07:00,20,1,',
      'e000000000000004,2025-03-15T11:03:00+07:00,UONG-BI,Uông Bí,UONG-BI-QT5A,Khu Quang Trung 5A,noise,Gây ồn ào,low,received,,,,,0,e000000000000003',
      'e000000000000005,2025-03-31T23:59:59+07:00,UONG-BI,Uông Bí,UONG-BI-QT5A,Khu Quang Trung 5A,noise,Gây ồn ào,low,referred,,,,,0,',
      '',
    ]);
    const file = String(answer.body);
    for (const value of Object.values(SENTINEL)) expect(file).not.toContain(value);
    // Nor an officer's name: the mediator's, the admin's.
    expect(file).not.toMatch(/Lê Thị Hòa|Quản trị tỉnh|\+849/);
  });

  it('refuses an officer who is not an admin with 403, and audits the refusal', async () => {
    const answer = await exportAs(WARD_OFFICER, { from: '2025-03-01', to: '2025-03-31' });

    expect(answer.statusCode).toBe(403);
    expect(JSON.parse(String(answer.body))).toEqual({
      error: { code: 'forbidden', message: 'You may not do this.' },
    });
    expect(await auditEntriesOfDay(store, '2025-04-02')).toEqual([
      {
        officerId: 'UB-CA1',
        action: 'export cases',
        outcome: 'denied',
        hour: '2025-04-02T03',
        first: '2025-04-02T03:00:00.000Z',
        last: '2025-04-02T03:00:00.000Z',
        count: 1,
        targets: ['QN'],
      },
    ]);
  });

  it.each([
    [{ to: '2025-03-31' }, { from: 'Please fill this in.' }],
    [{ from: '2025-02-30', to: '2025-03-31' }, { from: 'Write the day as 2025-03-12 (year, month, day).' }],
    [{ from: '2025-03-01', to: '03/31/2025' }, { to: 'Write the day as 2025-03-12 (year, month, day).' }],
    [
      { from: '2025-03-31', to: '2025-03-01' },
      { to: 'Choose at most 366 days; the first not after the last.' },
    ],
    [
      { from: '2024-01-01', to: '2025-01-01' },
      { to: 'Choose at most 366 days; the first not after the last.' },
    ],
    [{ from: '2025-03-01', to: '2025-03-31', area: 'QN' }, { area: 'The form has no such box.' }],
  ])('refuses the period %j with 400 naming the field', async (query, fields) => {
    const answer = await exportAs(ADMIN, query as Record<string, string>, 'admin');

    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(String(answer.body))).toEqual({
      error: { code: 'invalid_input', message: expect.any(String), fields },
    });
  });

  it('takes 366 days, both ends included', async () => {
    const answer = await exportAs(ADMIN, { from: '2024-03-31', to: '2025-03-31' }, 'admin');

    expect(answer.statusCode).toBe(200);
    expect(
      String(answer.body)
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]),
    ).toEqual([BEFORE.id, FIRST.id, WARD.id, DUPLICATE.id, LAST.id]);
  });
});
