import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SECRET_FILE = `${dir}/secret.key`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
});

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler as statusHandler } from '../../functions/cases/status.handler';
import { deps as dispatchPorts } from '../../functions/dispatch/deps';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { auditLog } from '../../functions/officers/store';
import { handler as createReport } from '../../functions/reports/create.handler';
import { eraseDue } from '../../functions/retention/erase-due';
import { noErasures } from '../../functions/retention/model';
import { runRetention } from '../../functions/retention/retention.handler';
import { retentionStore } from '../../functions/retention/store';
import { overrideClock } from '../../functions/shared/runtime';
import type { Store } from '../../functions/shared/store/client';
import type { Suggestion } from '../../functions/suggestions/model';
import { digestStore, openingStore, suggestionStore } from '../../functions/suggestions/store';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { testRetention, testStore } from '../support/store';
import { allItems, arrangeProvince, JSON_HEADERS, post } from './reports-arrange';

/**
 * The retention rules on a fake clock, through the same handlers and job as on AWS: the demo's
 * periods (30 / 180 days for contact details, 730 / 1,095 for the words, a year for the audit log).
 */
const store = testStore();
const T0 = Date.parse('2025-03-12T07:00:00.000Z');
const DAY = 24 * 3600 * 1000;
let now = new Date(T0);
overrideClock({ now: () => now });
const at = (days: number, minutes = 0) => {
  now = new Date(T0 + days * DAY + minutes * 60_000);
};

const REPORTER_PHONE = '+84912345678';
const SENTINELS = [
  'SENTINEL-NAME',
  REPORTER_PHONE,
  'SENTINEL-DESC',
  'SENTINEL-PLACE',
  'SENTINEL-REPLY',
  'SENTINEL-NOTE',
  'SENTINEL-SUGGESTION',
  'SENTINEL-ANSWER',
  'SENTINEL-WITNESS',
  'SENTINEL-PAPER',
  // An officer's phone, in a digest plan.
  '+84900000999',
];

function asOfficer(email: string, init: Parameters<typeof httpEvent>[0] & { json: unknown }) {
  const { json, ...rest } = init;
  const event: APIGatewayProxyEventV2 = httpEvent({
    ...rest,
    body: JSON.stringify(json),
    headers: JSON_HEADERS,
  });
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    jwt: {
      claims: { sub: `sub-${email}`, email, email_verified: 'true', 'cognito:groups': '[officer]' },
      scopes: null,
    },
  };
  return event;
}

async function submit(body: Record<string, unknown>): Promise<string> {
  const result = jsonOf(
    await createReport(post('/api/reports', JSON.stringify(body), JSON_HEADERS), lambdaContext),
  );
  expect(result.status).toBe(201);
  return (result.body as { id: string }).id;
}

/** The items of one report's partition, by sort key. */
async function partition(id: string): Promise<Map<string, Record<string, unknown>>> {
  const items = (await allItems(store)).filter((item) => item.pk === `REPORT#${id}`);
  return new Map(items.map((item) => [String(item.sk), item]));
}

const statsItems = async () =>
  (await allItems(store))
    .filter((item) => String(item.pk).startsWith('STATS#'))
    .sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));

/** A store whose reads are counted by kind of call (the job's, watched). */
function watched(): { store: Store; calls: string[] } {
  const own = testStore();
  const calls: string[] = [];
  const send = own.doc.send.bind(own.doc) as (command: unknown) => Promise<unknown>;
  vi.spyOn(own.doc, 'send').mockImplementation(((command: {
    constructor: { name: string };
    input: { IndexName?: string; Key?: { pk: string } };
  }) => {
    const name = command.constructor.name.replace('Command', '');
    calls.push(`${name} ${command.input.IndexName ?? command.input.Key?.pk ?? ''}`.trim());
    return send(command);
  }) as never);
  return { store: own, calls };
}

afterEach(() => vi.restoreAllMocks());

const ids = { settled: '', open: '', anonymous: '' };
const suggestion: Suggestion = {
  id: 'sugg0000000000000001',
  kind: 'online',
  box: 'BOX-UB',
  boxName: 'Hòm thư Uông Bí',
  area: 'UONG-BI',
  ancestors: ['QN'],
  commune: 'UONG-BI',
  text: 'SENTINEL-SUGGESTION: đèn đường hỏng',
  status: 'received',
  createdAt: new Date(T0).toISOString(),
  replies: [],
};

beforeAll(async () => {
  await arrangeProvince(store);
  // A theft with the reporter's contact and place, dispatched, then resolved with a reply and a note.
  ids.settled = await submit({
    area: 'UONG-BI-QT5A',
    category: 'theft',
    description: 'SENTINEL-DESC: mất xe máy trước nhà văn hoá',
    place: 'SENTINEL-PLACE: ngõ 12',
    contact: { name: 'SENTINEL-NAME Nguyễn', phone: REPORTER_PHONE },
  });
  // The same contact on a case nobody settles, and an anonymous one.
  ids.open = await submit({
    area: 'UONG-BI-QT5A',
    category: 'noise',
    description: 'SENTINEL-DESC: hát karaoke sau 23 giờ',
    contact: { name: 'SENTINEL-NAME Trần', phone: REPORTER_PHONE },
  });
  ids.anonymous = await submit({
    area: 'UONG-BI-YT2',
    category: 'noise',
    description: 'SENTINEL-DESC: chó sủa cả đêm',
  });
  await dispatchReport(dispatchPorts(), ids.settled);
  const suggestions = suggestionStore(store, testRetention());
  await suggestions.put(suggestion);
  // A paper box opened with witnesses, its slips typed in.
  await openingStore(store, testRetention()).put({
    id: 'open0000000000000001',
    box: 'BOX-UB',
    openedAt: new Date(T0).toISOString(),
    openedBy: 'SENTINEL-WITNESS Phạm Văn Mở',
    witnesses: ['SENTINEL-WITNESS Đỗ Thị Chứng'],
    entries: ['SENTINEL-PAPER: xin lắp camera ở chợ'],
    fingerprint: 'f',
    recordedAt: new Date(T0).toISOString(),
    recordedBy: 'UB-CA1',
  });
  // A day's suggestion digest: the plan names the phone it texts.
  await digestStore(store, testRetention()).putPlan({
    box: 'BOX-UB',
    day: '2025-03-12',
    cutoff: new Date(T0).toISOString(),
    count: 1,
    level: 'UONG-BI',
    recipients: [{ key: 'UB-CA9', to: '+84900000999', role: 'police' }],
  });
  await auditLog(store, testRetention().auditDays).record({
    at: new Date(T0).toISOString(),
    officerId: 'UB-CA1',
    action: 'read report',
    target: 'HA-LONG',
    outcome: 'denied',
  });

  at(1);
  const moved = jsonOf(
    await statusHandler(
      asOfficer('ca@example.vn', {
        method: 'POST',
        path: `/api/officer/reports/${ids.settled}/status`,
        pathParameters: { id: ids.settled },
        json: {
          status: 'resolved',
          publicReply: 'SENTINEL-REPLY: đã tìm thấy xe',
          internalNote: 'SENTINEL-NOTE: gọi lại cho người báo',
        },
      }),
      lambdaContext,
    ),
  );
  expect(moved.status).toBe(200);
  // The suggestion is answered on day 2: its words are kept 730 days from then.
  await suggestions.change(suggestion.id, {
    kind: 'reply',
    at: new Date(T0 + 2 * DAY).toISOString(),
    reply: {
      at: new Date(T0 + 2 * DAY).toISOString(),
      text: 'SENTINEL-ANSWER: đã báo điện lực',
      by: 'UB-CA1',
    },
  });
});

// One story on one clock, in order (a file's tests run one after another): a case's and a suggestion's
// life from day 0 to day 1,096, each test moving the clock on and checking what went and what stayed.
describe('the retention job (DynamoDB, fake clock)', () => {
  it('erases nothing before its time, and reads only the queue to know it', async () => {
    at(30);
    const { store: jobStore, calls } = watched();

    const counts = await eraseDue({
      retention: retentionStore(jobStore),
      clock: { now: () => now },
      policy: testRetention(),
    });

    expect(counts).toEqual(noErasures());
    expect(calls).toEqual(['Query gsi4']);
    expect((await partition(ids.settled)).get('REPORT')?.contact).toEqual({
      name: 'SENTINEL-NAME Nguyễn',
      phone: REPORTER_PHONE,
    });
  });

  it("removes a settled case's contact details 30 days after it was settled, reading only that report", async () => {
    at(31, 1);
    const figures = await statsItems();
    const { store: jobStore, calls } = watched();

    const counts = await eraseDue({
      retention: retentionStore(jobStore),
      clock: { now: () => now },
      policy: testRetention(),
    });

    const report = (await partition(ids.settled)).get('REPORT') ?? {};
    expect(counts).toMatchObject({ due: 1, reportContacts: 1, reportTexts: 0, skipped: 0 });
    expect(calls).toEqual(['Query gsi4', `Get REPORT#${ids.settled}`, `Update REPORT#${ids.settled}`]);
    expect([report.contact, report.contactRemoved, report.description, report.gsi4sk]).toEqual([
      undefined,
      { at: now.toISOString(), by: 'retention' },
      'SENTINEL-DESC: mất xe máy trước nhà văn hoá',
      // Its words go 730 days after it was settled (day 1).
      `${new Date(T0 + 731 * DAY).toISOString()}#text`,
    ]);
    // The open case keeps its contact: 180 days from its arrival.
    expect((await partition(ids.open)).get('REPORT')?.contact).toEqual({
      name: 'SENTINEL-NAME Trần',
      phone: REPORTER_PHONE,
    });
    expect(await statsItems()).toEqual(figures);
  });

  it('removes the contact details of a case never settled 180 days after it arrived', async () => {
    at(180, 1);

    const counts = await runRetention();

    const report = (await partition(ids.open)).get('REPORT') ?? {};
    expect(counts).toMatchObject({ due: 1, reportContacts: 1 });
    expect([report.contact, report.contactRemoved]).toEqual([
      undefined,
      { at: now.toISOString(), by: 'retention' },
    ]);
  });

  it("deletes an audit record and a digest plan's record of the phones it texted after a year", async () => {
    at(365, 1);

    const counts = await runRetention();

    const left = (await allItems(store)).filter(
      (item) => item.type === 'audit' || item.type === 'digestPlan',
    );
    expect(counts).toMatchObject({ due: 2, auditRecords: 1, digestPlans: 1 });
    expect(left).toEqual([]);
  });

  it("erases a settled case's words, its officers' words and the phones it texted 730 days after it was settled", async () => {
    at(731, 1);
    const figures = await statsItems();

    const counts = await runRetention();

    const items = await partition(ids.settled);
    const report = items.get('REPORT') ?? {};
    const words = [...items.values()]
      .filter((item) => /^(REPLY|NOTE)#/.test(String(item.sk)))
      .map((item) => [item.type, item.text]);
    const phones = [...items.values()].flatMap((item) =>
      String(item.sk).startsWith('TIER#')
        ? (item.recipients as { to?: string }[]).map((r) => r.to)
        : String(item.sk).startsWith('NOTIFY#')
          ? [item.to]
          : [],
    );
    expect(counts).toMatchObject({ due: 1, reportTexts: 1 });
    expect([report.description, report.place, report.textRemovedAt, report.gsi4pk]).toEqual([
      '',
      undefined,
      now.toISOString(),
      undefined,
    ]);
    // What the figures and the timeline need stays.
    expect([report.status, report.category, report.area, report.settledAt, report.acknowledgedAt]).toEqual([
      'resolved',
      'theft',
      'UONG-BI-QT5A',
      new Date(T0 + DAY).toISOString(),
      new Date(T0 + DAY).toISOString(),
    ]);
    expect(words.sort()).toEqual([
      ['note', ''],
      ['reply', ''],
    ]);
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.every((phone) => phone === undefined)).toBe(true);
    expect(await statsItems()).toEqual(figures);
  });

  it("erases a suggestion's words and its answers 730 days after the answer", async () => {
    at(732, 1);

    const counts = await runRetention();

    const item = (await allItems(store)).find((i) => i.pk === `SUGG#${suggestion.id}`) ?? {};
    expect(counts).toMatchObject({ due: 1, suggestionTexts: 1 });
    expect([item.text, item.replies, item.status, item.answeredAt]).toEqual([
      '',
      [{ at: new Date(T0 + 2 * DAY).toISOString(), text: '', by: 'UB-CA1' }],
      'answered',
      new Date(T0 + 2 * DAY).toISOString(),
    ]);
  });

  it("erases the words of cases never settled and a paper box opening's names after 1,095 days: nothing personal left anywhere", async () => {
    at(1096);

    const counts = await runRetention();

    const items = await allItems(store);
    const text = JSON.stringify(items);
    const opening = items.find((i) => i.type === 'boxOpening') ?? {};
    expect(counts).toMatchObject({ due: 3, reportTexts: 2, openings: 1 });
    expect([opening.openedBy, opening.witnesses, opening.entries, opening.openedAt]).toEqual([
      '',
      [],
      [],
      new Date(T0).toISOString(),
    ]);
    expect(SENTINELS.filter((sentinel) => text.includes(sentinel))).toEqual([]);
    expect(items.filter((item) => item.gsi4pk !== undefined)).toEqual([]);
  });
});
