import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SECRET_FILE = `${dir}/secret.key`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
});

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Area } from '../../functions/areas/model';
import { areaItems } from '../../functions/areas/store';
import { handler as caseHandler } from '../../functions/cases/case.handler';
import { handler as inboxHandler } from '../../functions/cases/inbox.handler';
import { handler as onDutyHandler } from '../../functions/cases/on-duty.handler';
import { handler as shiftsHandler } from '../../functions/cases/shifts.handler';
import { handler as statusHandler } from '../../functions/cases/status.handler';
import { deps as dispatchPorts } from '../../functions/dispatch/deps';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { handler as followUpHandler } from '../../functions/follow-up/follow-up.handler';
import { auditEntriesOfDay } from '../../functions/officers/store';
import { handler as createReport } from '../../functions/reports/create.handler';
import { officerItem, shiftItem } from '../../functions/roster/store';
import { overrideClock } from '../../functions/shared/runtime';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { putItems, testStore } from '../support/store';
import { allItems, arrangeProvince, JSON_HEADERS, post } from './reports-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

const HA_LONG: Area = { code: 'HA-LONG', name: 'Hạ Long', kind: 'ward', parent: 'QN', ancestors: ['QN'] };
const EMAILS = {
  ward: 'ca@example.vn',
  mediator: 'hg@example.vn',
  haLong: 'hl@example.vn',
  admin: 'admin@example.vn',
};

/** An event as the JWT authorizer leaves it: the ID token's claims, every value a string. */
function signedIn(
  email: string,
  init: Parameters<typeof httpEvent>[0] & { json?: unknown },
  group = 'officer',
): APIGatewayProxyEventV2 {
  const { json, ...rest } = init;
  const event = httpEvent({
    ...rest,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    headers: { ...(json !== undefined ? JSON_HEADERS : {}), ...(init.headers ?? {}) },
  });
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    jwt: {
      claims: { sub: `sub-${email}`, email, email_verified: 'true', 'cognito:groups': `[${group}]` },
      scopes: null,
    },
  };
  return event;
}

const get = async (email: string, path: string, query?: Record<string, string>, group?: string) => {
  const id = /^\/api\/officer\/reports\/([^/]+)$/.exec(path)?.[1];
  const handler = id
    ? caseHandler
    : path.endsWith('/shifts')
      ? shiftsHandler
      : path.endsWith('/on-duty')
        ? onDutyHandler
        : inboxHandler;
  return jsonOf(
    await handler(
      signedIn(
        email,
        { path, ...(query ? { query } : {}), ...(id ? { pathParameters: { id } } : {}) },
        group,
      ),
      lambdaContext,
    ),
  );
};
const setStatus = async (email: string, id: string, json: unknown, headers: Record<string, string> = {}) =>
  jsonOf(
    await statusHandler(
      signedIn(email, {
        method: 'POST',
        path: `/api/officer/reports/${id}/status`,
        pathParameters: { id },
        json,
        headers,
      }),
      lambdaContext,
    ),
  );

async function submit(
  area: string,
  category: string,
  description: string,
): Promise<{ id: string; receipt: string }> {
  const result = await createReport(
    post('/api/reports', JSON.stringify({ area, category, description }), JSON_HEADERS),
    lambdaContext,
  );
  return jsonOf(result).body as { id: string; receipt: string };
}

const reports: { id: string; receipt: string }[] = [];

beforeAll(async () => {
  await arrangeProvince(store);
  await putItems(store, [
    ...areaItems(HA_LONG),
    officerItem({
      id: 'HL-CA1',
      name: 'Nguyễn Đức Anh',
      phone: '+84900000012',
      role: 'police',
      access: 'officer',
      areas: ['HA-LONG'],
      login: EMAILS.haLong,
    }),
    officerItem({
      id: 'QN-ADMIN',
      name: 'Quản trị tỉnh',
      phone: '+84900000001',
      role: 'admin',
      access: 'admin',
      areas: ['QN'],
      login: EMAILS.admin,
    }),
    shiftItem({
      area: 'UONG-BI-QT5A',
      officer: 'UB-QT5A-HG',
      start: '2025-03-13T11:00:00.000Z',
      end: '2025-03-13T23:00:00.000Z',
      source: 'roster',
    }),
  ]);
  // Three reports a minute apart: two in Quang Trung 5A, one in Yên Thanh 2; the first is dispatched.
  reports.push(await submit('UONG-BI-QT5A', 'noise', 'Hàng xóm mở nhạc rất to sau 23 giờ.'));
  now = new Date('2025-03-12T07:00:02.000Z');
  await dispatchReport(dispatchPorts(), reports[0]?.id ?? '');
  now = new Date('2025-03-12T07:01:00.000Z');
  reports.push(await submit('UONG-BI-YT2', 'theft', 'Mất xe đạp trước cửa nhà văn hóa.'));
  now = new Date('2025-03-12T07:02:00.000Z');
  reports.push(await submit('UONG-BI-QT5A', 'theft', 'Có người lạ thử mở cửa các nhà.'));
});

const idOf = (n: number) => reports[n]?.id ?? '';

describe('GET /api/officer/reports', () => {
  it("merges the ward's places newest first, and pages on with the cursor", async () => {
    const first = await get(EMAILS.ward, '/api/officer/reports', { limit: '2' });
    const next = (first.body as { next: string }).next;
    const second = await get(EMAILS.ward, '/api/officer/reports', { limit: '2', cursor: next });

    expect(first.status).toBe(200);
    expect((first.body as { reports: { id: string }[] }).reports.map((r) => r.id)).toEqual([
      idOf(2),
      idOf(1),
    ]);
    expect(second).toEqual({
      status: 200,
      body: {
        reports: [
          {
            id: idOf(0),
            area: 'UONG-BI-QT5A',
            areaName: 'Khu Quang Trung 5A',
            parentName: 'Uông Bí',
            category: 'noise',
            categoryLabel: { vi: 'Gây ồn ào', en: 'Noise' },
            urgency: 'low',
            status: 'received',
            createdAt: '2025-03-12T07:00:00.000Z',
            notifyStatus: 'sent',
            excerpt: 'Hàng xóm mở nhạc rất to sau 23 giờ.',
          },
        ],
      },
    });
  });

  it("shows a group's mediator only the group's reports, and refuses a filter outside it", async () => {
    const own = await get(EMAILS.mediator, '/api/officer/reports');
    const outside = await get(EMAILS.mediator, '/api/officer/reports', { area: 'UONG-BI-YT2' }, undefined);

    expect((own.body as { reports: { id: string }[] }).reports.map((r) => r.id)).toEqual([idOf(2), idOf(0)]);
    expect(outside).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Bạn không được làm việc này.' } },
    });
  });
});

describe('the case workflow on the store', () => {
  it('shows who was texted about a case, by name, role and named place, never by phone', async () => {
    const { status, body } = await get(EMAILS.ward, `/api/officer/reports/${idOf(0)}`);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      report: { id: idOf(0), status: 'received', mediable: true, notifyStatus: 'sent', recipients: 2 },
      next: ['acknowledged', 'in_progress', 'resolved', 'mediated', 'referred'],
      timeline: [
        { at: '2025-03-12T07:00:00.000Z', status: 'received' },
        { at: '2025-03-12T07:00:02.000Z', status: 'dispatched', recipients: 2, tier: 0 },
      ],
      // In the order the dispatcher texted them: who was on duty, by shift.
      notified: [
        {
          tier: 0,
          index: 0,
          level: 'UONG-BI-QT5A',
          place: { name: 'Khu Quang Trung 5A', kind: 'residential_group' },
          role: 'mediator',
          officerId: 'UB-QT5A-HG',
          name: 'Lê Thị Hòa',
          state: 'sent',
          at: '2025-03-12T07:00:02.000Z',
        },
        {
          tier: 0,
          index: 1,
          level: 'UONG-BI-QT5A',
          place: { name: 'Khu Quang Trung 5A', kind: 'residential_group' },
          role: 'group_head',
          officerId: 'UB-QT5A-TT',
          name: 'Nguyễn Văn Tổ',
          state: 'sent',
          at: '2025-03-12T07:00:02.000Z',
        },
      ],
      replies: [],
      notes: [],
    });
    expect(JSON.stringify(body)).not.toMatch(/\+849/);
  });

  it('takes, mediates and closes a case; the resident sees the public reply, never the note', async () => {
    now = new Date('2025-03-12T07:04:30.000Z');
    const taken = await setStatus(EMAILS.mediator, idOf(0), { status: 'acknowledged' });
    now = new Date('2025-03-12T09:00:00.000Z');
    const key = { 'idempotency-key': '6a8e8b1e-1f7c-4f0e-9f3e-2b7d1c0a9e55' };
    const change = {
      status: 'mediated',
      outcome: 'success',
      mediator: 'Lê Thị Hòa',
      mediatedAt: '2025-03-12',
      publicReply: 'Tổ hòa giải đã gặp hai gia đình; từ nay nhạc tắt trước 22 giờ.',
      internalNote: 'Nhà số 14, đã nhắc lần 2.',
    };
    const mediated = await setStatus(EMAILS.mediator, idOf(0), change, key);
    now = new Date('2025-03-12T09:00:05.000Z');
    const retried = await setStatus(EMAILS.mediator, idOf(0), change, key);
    const followUp = jsonOf(
      await followUpHandler(
        post('/api/follow-up', JSON.stringify({ receipt: reports[0]?.receipt }), JSON_HEADERS),
        lambdaContext,
      ),
    );

    expect([taken, mediated, retried]).toEqual([
      {
        status: 200,
        body: {
          id: idOf(0),
          status: 'acknowledged',
          previous: 'received',
          changedAt: '2025-03-12T07:04:30.000Z',
          acknowledgedAt: '2025-03-12T07:04:30.000Z',
        },
      },
      {
        status: 200,
        body: {
          id: idOf(0),
          status: 'mediated',
          previous: 'acknowledged',
          changedAt: '2025-03-12T09:00:00.000Z',
          acknowledgedAt: '2025-03-12T07:04:30.000Z',
          mediation: { outcome: 'success', mediator: 'Lê Thị Hòa', mediatedAt: '2025-03-12' },
        },
      },
      {
        status: 200,
        body: {
          id: idOf(0),
          status: 'mediated',
          previous: 'acknowledged',
          changedAt: '2025-03-12T09:00:00.000Z',
          acknowledgedAt: '2025-03-12T07:04:30.000Z',
          mediation: { outcome: 'success', mediator: 'Lê Thị Hòa', mediatedAt: '2025-03-12' },
        },
      },
    ]);
    expect(followUp).toEqual({
      status: 200,
      body: {
        kind: 'report',
        status: 'mediated',
        about: {
          category: { vi: 'Gây ồn ào', en: 'Noise' },
          place: 'Khu Quang Trung 5A, Uông Bí',
          receivedAt: '2025-03-12T07:00:00.000Z',
        },
        timeline: [
          { at: '2025-03-12T07:00:00.000Z', status: 'received' },
          { at: '2025-03-12T07:00:02.000Z', status: 'dispatched', recipients: 2 },
          { at: '2025-03-12T07:04:30.000Z', status: 'acknowledged', by: 'mediator' },
          { at: '2025-03-12T09:00:00.000Z', status: 'mediated' },
        ],
        replies: [
          {
            at: '2025-03-12T09:00:00.000Z',
            text: 'Tổ hòa giải đã gặp hai gia đình; từ nay nhạc tắt trước 22 giờ.',
          },
        ],
      },
    });
    const partition = (await allItems(store)).filter((i) => i.pk === `REPORT#${idOf(0)}`);
    expect(
      partition.map((i) => String(i.sk).replace(/^((?:EVENT|REPLY|NOTE)#[^#]+#).+$/, '$1…')).sort(),
    ).toEqual(
      [
        'EVENT#2025-03-12T07:04:30.000Z#…',
        'EVENT#2025-03-12T09:00:00.000Z#…',
        'NOTE#2025-03-12T09:00:00.000Z#…',
        'NOTIFY#UB-QT5A-HG',
        'NOTIFY#UB-QT5A-TT',
        'REPLY#2025-03-12T09:00:00.000Z#…',
        'REPORT',
        'TIER#0',
      ].sort(),
    );
  });

  it('refuses an illegal move with 409 and a mediation without its outcome with 400, in the language asked', async () => {
    const back = await setStatus(
      EMAILS.mediator,
      idOf(0),
      { status: 'in_progress' },
      { 'accept-language': 'en' },
    );
    const incomplete = await setStatus(
      EMAILS.ward,
      idOf(1),
      { status: 'mediated', mediator: 'X' },
      { 'accept-language': 'en' },
    );

    expect([back, incomplete]).toEqual([
      {
        status: 409,
        body: {
          error: {
            code: 'conflict',
            message: 'Cannot change to this status. Someone may have just updated it: reload the page.',
          },
        },
      },
      {
        status: 400,
        body: {
          error: {
            code: 'invalid_input',
            message: 'Not sent yet. Correct the marked boxes, then send again.',
            fields: { outcome: 'Please fill this in.', mediatedAt: 'Please fill this in.' },
          },
        },
      },
    ]);
  });

  it('saves a note alone without a status: the case stays where it is; nothing to save is a 400 naming status', async () => {
    now = new Date('2025-03-12T09:30:00.000Z');
    const noted = await setStatus(EMAILS.mediator, idOf(0), { internalNote: 'Hai nhà đã gặp lại, vẫn ổn.' });
    const empty = await setStatus(
      EMAILS.mediator,
      idOf(0),
      { status: '', internalNote: ' ' },
      { 'accept-language': 'en' },
    );
    const opened = await get(EMAILS.mediator, `/api/officer/reports/${idOf(0)}`);

    expect([noted, empty]).toEqual([
      {
        status: 200,
        body: {
          id: idOf(0),
          status: 'mediated',
          previous: 'mediated',
          changedAt: '2025-03-12T09:30:00.000Z',
          acknowledgedAt: '2025-03-12T07:04:30.000Z',
        },
      },
      {
        status: 400,
        body: {
          error: {
            code: 'invalid_input',
            message: 'Not sent yet. Correct the marked boxes, then send again.',
            fields: { status: 'Choose a new status, or write a reply or a note.' },
          },
        },
      },
    ]);
    const view = opened.body as { report: { status: string }; notes: { at: string; text: string }[] };
    expect(view.report.status).toBe('mediated');
    expect(view.notes.map((n) => [n.at, n.text])).toEqual([
      ['2025-03-12T09:00:00.000Z', 'Nhà số 14, đã nhắc lần 2.'],
      ['2025-03-12T09:30:00.000Z', 'Hai nhà đã gặp lại, vẫn ổn.'],
    ]);
  });

  it("refuses another ward's officer with 403, and audits the refusal without personal data", async () => {
    now = new Date('2025-03-12T10:00:00.000Z');
    const read = await get(EMAILS.haLong, `/api/officer/reports/${idOf(1)}`);
    const write = await setStatus(EMAILS.haLong, idOf(1), { status: 'acknowledged' });

    expect([read.status, write.status]).toEqual([403, 403]);
    // One record per officer, action and hour, counting its refusals: sorted by hour, officer, action.
    const entries = await auditEntriesOfDay(store, '2025-03-12');
    expect(entries).toEqual([
      // The mediator's filter on a group outside theirs, earlier on.
      {
        officerId: 'UB-QT5A-HG',
        action: 'list reports',
        outcome: 'denied',
        hour: '2025-03-12T07',
        first: '2025-03-12T07:02:00.000Z',
        last: '2025-03-12T07:02:00.000Z',
        count: 1,
        targets: ['UONG-BI-YT2'],
      },
      {
        officerId: 'HL-CA1',
        action: 'change report status',
        outcome: 'denied',
        hour: '2025-03-12T10',
        first: '2025-03-12T10:00:00.000Z',
        last: '2025-03-12T10:00:00.000Z',
        count: 1,
        targets: ['UONG-BI-YT2'],
      },
      {
        officerId: 'HL-CA1',
        action: 'read report',
        outcome: 'denied',
        hour: '2025-03-12T10',
        first: '2025-03-12T10:00:00.000Z',
        last: '2025-03-12T10:00:00.000Z',
        count: 1,
        targets: ['UONG-BI-YT2'],
      },
    ]);
  });

  it("lists the province's reports for the admin from its own list, and opens any case", async () => {
    const inbox = await get(EMAILS.admin, '/api/officer/reports', { limit: '2' }, 'admin');
    const next = (inbox.body as { next: string }).next;
    const rest = await get(EMAILS.admin, '/api/officer/reports', { cursor: next }, 'admin');
    const admin = await get(EMAILS.admin, `/api/officer/reports/${idOf(1)}`, undefined, 'admin');
    const missing = await get(EMAILS.admin, '/api/officer/reports/zzzzzzzzzzzzzzzz', undefined, 'admin');

    expect((inbox.body as { reports: { id: string }[] }).reports.map((r) => r.id)).toEqual([
      idOf(2),
      idOf(1),
    ]);
    expect((rest.body as { reports: { id: string }[] }).reports.map((r) => r.id)).toEqual([idOf(0)]);
    expect([admin.status, missing]).toEqual([
      200,
      { status: 404, body: { error: { code: 'not_found', message: 'Không tìm thấy tin báo này.' } } },
    ]);
  });

  it('filters the inbox by status once cases have moved', async () => {
    const mediated = await get(EMAILS.ward, '/api/officer/reports', { status: 'mediated' });
    const received = await get(EMAILS.ward, '/api/officer/reports', { status: 'received' });

    expect((mediated.body as { reports: { id: string }[] }).reports.map((r) => r.id)).toEqual([idOf(0)]);
    expect((received.body as { reports: { id: string }[] }).reports.map((r) => r.id)).toEqual([
      idOf(2),
      idOf(1),
    ]);
  });
});

describe('duty', () => {
  it("gives the officer their shifts ahead, and who is on duty now in the ward's places", async () => {
    now = new Date('2025-03-12T10:00:00.000Z');
    const shifts = await get(EMAILS.mediator, '/api/officer/shifts');
    const onDuty = await get(EMAILS.ward, '/api/officer/on-duty');

    expect(shifts).toEqual({
      status: 200,
      body: {
        shifts: [
          {
            area: 'UONG-BI-QT5A',
            areaName: 'Khu Quang Trung 5A',
            start: '2025-03-12T00:00:00.000Z',
            end: '2025-03-12T23:59:59.000Z',
            now: true,
          },
          {
            area: 'UONG-BI-QT5A',
            areaName: 'Khu Quang Trung 5A',
            start: '2025-03-13T11:00:00.000Z',
            end: '2025-03-13T23:00:00.000Z',
            now: false,
          },
        ],
      },
    });
    expect(onDuty).toEqual({
      status: 200,
      body: {
        at: '2025-03-12T10:00:00.000Z',
        areas: [
          {
            area: 'UONG-BI',
            name: 'Uông Bí',
            kind: 'ward',
            officers: [{ id: 'UB-CA1', name: 'Trần Công An', role: 'police', phone: '+84900002301' }],
          },
          {
            area: 'UONG-BI-QT5A',
            name: 'Khu Quang Trung 5A',
            kind: 'residential_group',
            // Shifts starting together come in the order of their keys.
            officers: [
              { id: 'UB-QT5A-HG', name: 'Lê Thị Hòa', role: 'mediator', phone: '+84900000102' },
              { id: 'UB-QT5A-TT', name: 'Nguyễn Văn Tổ', role: 'group_head', phone: '+84900000101' },
            ],
          },
          { area: 'UONG-BI-YT2', name: 'Khu Yên Thanh 2', kind: 'residential_group', officers: [] },
        ],
      },
    });
  });
});
