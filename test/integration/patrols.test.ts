import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as caseHandler } from '../../functions/cases/case.handler';
import { auditEntriesOfDay } from '../../functions/officers/store';
import { deps as patrolDeps } from '../../functions/patrols/deps';
import { handler as listHandler } from '../../functions/patrols/list.handler';
import { handler as recordHandler } from '../../functions/patrols/record.handler';
import { type RecordPatrolPorts, recordPatrol } from '../../functions/patrols/record-patrol';
import { PatrolSchema } from '../../functions/patrols/schema';
import { patrolStore } from '../../functions/patrols/store';
import type { Report } from '../../functions/reports/model';
import { newReportItem } from '../../functions/reports/store';
import { runRetention } from '../../functions/retention/retention.handler';
import { officerItem } from '../../functions/roster/store';
import { overrideClock } from '../../functions/shared/runtime';
import type { Store } from '../../functions/shared/store/client';
import { handler as addSpotHandler } from '../../functions/spots/add.handler';
import { spotId } from '../../functions/spots/model';
import { handler as statsHandler } from '../../functions/stats/stats.handler';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { putItems, testRetention, testStore } from '../support/store';
import { AREAS, allItems, arrangeProvince, JSON_HEADERS } from './reports-arrange';

/**
 * Patrol logs through their handlers on the test table, on a fake clock: recorded by the ward's
 * police officer with a group head and volunteers, listed newest first by day, linked to the report
 * raised on the way, counted once in the figures, and their notes erased by the retention job.
 */
const store = testStore();
let now = new Date('2025-03-20T14:00:00.000Z');
overrideClock({ now: () => now });

const WARD_POLICE = 'ca@example.vn';
const GROUP_HEAD = 'tt@example.vn';
const KEY = '6f1c1a52-3f44-4c7b-9a53-2d0c5a0c1e11';

function signedIn(
  email: string,
  init: Parameters<typeof httpEvent>[0] & { json?: unknown },
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  const { json, ...rest } = init;
  const event = httpEvent({
    ...rest,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    headers: { 'accept-language': 'en', ...(json !== undefined ? JSON_HEADERS : {}), ...headers },
  });
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    jwt: {
      claims: { sub: `sub-${email}`, email, email_verified: 'true', 'cognito:groups': '[officer]' },
      scopes: null,
    },
  };
  return event;
}

type Handler = (
  e: APIGatewayProxyEventV2,
  c: typeof lambdaContext,
) => Promise<APIGatewayProxyStructuredResultV2>;
const call = async (
  handler: Handler,
  email: string,
  init: Parameters<typeof signedIn>[1],
  headers?: Record<string, string>,
) => jsonOf(await handler(signedIn(email, init, headers), lambdaContext));

const record = (email: string, json: unknown, headers?: Record<string, string>) =>
  call(recordHandler, email, { method: 'POST', path: '/api/officer/patrols', json }, headers);
const list = (email: string, query: Record<string, string>) =>
  call(listHandler, email, { path: '/api/officer/patrols', query });
const fieldsOf = (answer: { body: unknown }) =>
  Object.keys((answer.body as { error: { fields: Record<string, string> } }).error.fields).sort();

const RAISED: Report = {
  id: 'a000000000000001',
  area: 'UONG-BI-QT5A',
  areaName: 'Khu Quang Trung 5A',
  ancestors: ['QN', 'UONG-BI'],
  category: 'theft',
  categoryLabel: { vi: 'Trộm cắp tài sản', en: 'Theft' },
  urgency: 'high',
  description: 'Cạy khóa xe ở ngõ 7',
  createdAt: '2025-03-20T13:10:00.000Z',
  status: 'received',
  notifyStatus: 'sent',
};
const ELSEWHERE: Report = {
  ...RAISED,
  id: 'a000000000000002',
  area: 'OTHER',
  areaName: 'Nơi khác',
  ancestors: ['QN'],
};
const LANE = spotId('UONG-BI-QT5A', 'Ngõ 7 Quang Trung');

const NIGHT = {
  area: 'UONG-BI',
  startedAt: '2025-03-20T19:30:00+07:00',
  endedAt: '2025-03-20T22:45:00+07:00',
  officers: ['UB-QT5A-TT'],
  volunteers: 6,
  places: ['UONG-BI-QT5A'],
  spots: [LANE],
  notes: 'Nhắc nhóm thanh niên ở ngõ 7 giải tán lúc 22:00.',
  reports: [RAISED.id],
};

beforeAll(async () => {
  await arrangeProvince(store);
  await putItems(
    store,
    [RAISED, ELSEWHERE].map((r) => newReportItem(r, testRetention())),
  );
  now = new Date('2025-03-20T16:00:00.000Z');
  const lane = await call(addSpotHandler, GROUP_HEAD, {
    method: 'POST',
    path: '/api/officer/risk-spots',
    json: { area: 'UONG-BI-QT5A', name: 'Ngõ 7 Quang Trung', reason: 'Tụ tập uống rượu ban đêm' },
  });
  if (lane.status !== 201) throw new Error(`arranging the spot: ${JSON.stringify(lane)}`);
});

describe('a patrol', () => {
  let id = '';

  it('is recorded once with an Idempotency-Key, listed, and its report shows it was raised on it', async () => {
    const first = await record(WARD_POLICE, NIGHT, { 'idempotency-key': KEY });
    const retry = await record(WARD_POLICE, NIGHT, { 'idempotency-key': KEY });
    id = (first.body as { id: string }).id;

    const listed = await list(WARD_POLICE, { area: 'UONG-BI', from: '2025-03-20', to: '2025-03-20' });
    const opened = await call(caseHandler, WARD_POLICE, {
      path: `/api/officer/reports/${RAISED.id}`,
      pathParameters: { id: RAISED.id },
    });

    expect(first).toEqual({ status: 201, body: { id: expect.stringMatching(/^[0-9a-z]{16}$/) } });
    expect(retry).toEqual({ status: 200, body: { id } });
    expect(listed).toEqual({
      status: 200,
      body: {
        patrols: [
          {
            id,
            area: 'UONG-BI',
            areaName: 'Uông Bí',
            ancestors: ['QN'],
            startedAt: '2025-03-20T12:30:00.000Z',
            endedAt: '2025-03-20T15:45:00.000Z',
            officers: ['UB-QT5A-TT'],
            volunteers: 6,
            places: ['UONG-BI-QT5A'],
            spots: [{ id: LANE, name: 'Ngõ 7 Quang Trung' }],
            notes: NIGHT.notes,
            reports: [RAISED.id],
            createdAt: now.toISOString(),
            createdBy: 'UB-CA1',
          },
        ],
      },
    });
    expect(opened.body).toMatchObject({
      report: { id: RAISED.id, patrol: { id, startedAt: '2025-03-20T12:30:00.000Z' } },
    });
  });

  it('is counted once in its month, beside the incidents, in its place and the province', async () => {
    const ward = await call(statsHandler, WARD_POLICE, {
      path: '/api/officer/stats',
      query: { area: 'UONG-BI', from: '2025-03', to: '2025-03' },
    });

    expect((ward.body as { patrols: unknown }).patrols).toEqual({
      total: 1,
      months: [{ month: '2025-03', patrols: 1, incidents: 0 }],
      areas: [
        { code: 'UONG-BI-QT5A', name: 'Khu Quang Trung 5A', patrols: 0, incidents: 0 },
        { code: 'UONG-BI-YT2', name: 'Khu Yên Thanh 2', patrols: 0, incidents: 0 },
      ],
      spots: [],
    });
  });

  it('refuses a report already raised on another patrol', async () => {
    const second = await record(WARD_POLICE, { ...NIGHT, notes: 'Lần hai' });

    expect(second.status).toBe(400);
    expect(fieldsOf(second)).toEqual(['reports']);
  });

  it('refuses times, people, places, spots and reports that do not hold, naming each field', async () => {
    const backwards = await record(WARD_POLICE, {
      ...NIGHT,
      reports: [],
      endedAt: '2025-03-20T19:00:00+07:00',
    });
    const dayLong = await record(WARD_POLICE, {
      ...NIGHT,
      reports: [],
      startedAt: '2025-03-19T20:00:00+07:00',
    });
    const future = await record(WARD_POLICE, { ...NIGHT, reports: [], endedAt: '2025-03-20T23:30:00+07:00' });
    const old = await record(WARD_POLICE, {
      ...NIGHT,
      reports: [],
      startedAt: '2025-02-17T19:30:00+07:00',
      endedAt: '2025-02-17T22:45:00+07:00',
    });
    const outside = await record(GROUP_HEAD, {
      ...NIGHT,
      area: 'UONG-BI-QT5A',
      officers: ['UB-CA1', 'NOBODY'],
      places: ['UONG-BI-YT2'],
      spots: [spotId('UONG-BI', 'Không có')],
      reports: [ELSEWHERE.id],
    });
    const shape = await record(WARD_POLICE, {
      ...NIGHT,
      volunteers: 501,
      notes: 'x'.repeat(2001),
      startedAt: 'tối qua',
    });

    expect([
      backwards.status,
      dayLong.status,
      future.status,
      old.status,
      outside.status,
      shape.status,
    ]).toEqual([400, 400, 400, 400, 400, 400]);
    expect((backwards.body as { error: { fields: object } }).error.fields).toEqual({
      endedAt: 'The end must come after the start.',
    });
    expect((dayLong.body as { error: { fields: object } }).error.fields).toEqual({
      endedAt: 'A patrol lasts at most 24 hours.',
    });
    expect((future.body as { error: { fields: object } }).error.fields).toEqual({
      endedAt: 'This time has not come yet.',
    });
    expect((old.body as { error: { fields: object } }).error.fields).toEqual({
      startedAt: 'Only patrols that started in the last 30 days can be logged.',
    });
    expect(fieldsOf(outside)).toEqual(['officers', 'places', 'reports', 'spots']);
    expect(fieldsOf(shape)).toEqual(['notes', 'startedAt', 'volunteers']);
    expect((await list(WARD_POLICE, { area: 'UONG-BI' })).body).toMatchObject({ patrols: [{ id }] });
  });

  it('is refused in a place the officer does not serve, with an audit entry', async () => {
    const foreign = await record(GROUP_HEAD, { ...NIGHT, reports: [] });
    const listed = await list(GROUP_HEAD, { area: 'UONG-BI' });

    expect(foreign.status).toBe(403);
    expect(listed.status).toBe(403);
    const audit = await auditEntriesOfDay(store, '2025-03-20');
    expect(audit.filter((a) => a.officerId === 'UB-QT5A-TT')).toEqual([
      expect.objectContaining({ action: 'list patrols', targets: ['UONG-BI'] }),
      expect.objectContaining({ action: 'record patrol', targets: ['UONG-BI'] }),
    ]);
  });
});

describe('the patrols of a place', () => {
  it('are listed newest first by the day they started, a page at a time', async () => {
    // Arrange: 22 more patrols in the group, one every evening from 1 March (+07:00).
    now = new Date('2025-03-25T00:00:00.000Z');
    for (let day = 1; day <= 22; day++) {
      const d = String(day).padStart(2, '0');
      const done = await record(GROUP_HEAD, {
        area: 'UONG-BI-QT5A',
        startedAt: `2025-03-${d}T20:00:00+07:00`,
        endedAt: `2025-03-${d}T21:00:00+07:00`,
        volunteers: day,
      });
      if (done.status !== 201) throw new Error(JSON.stringify(done));
    }

    const first = await list(GROUP_HEAD, { area: 'UONG-BI-QT5A', from: '2025-03-01', to: '2025-03-21' });
    const cursor = (first.body as { cursor?: string }).cursor as string;
    const second = await list(GROUP_HEAD, {
      area: 'UONG-BI-QT5A',
      from: '2025-03-01',
      to: '2025-03-21',
      cursor,
    });
    const bad = await list(GROUP_HEAD, { area: 'UONG-BI-QT5A', cursor: 'bm9wZQ' });

    const volunteers = (page: { body: unknown }) =>
      (page.body as { patrols: { volunteers: number }[] }).patrols.map((p) => p.volunteers);
    expect(volunteers(first)).toEqual([
      21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2,
    ]);
    expect(cursor).toEqual(expect.any(String));
    expect(volunteers(second)).toEqual([1]);
    expect((second.body as { cursor?: string }).cursor).toBeUndefined();
    expect(bad.status).toBe(400);
  });

  it('are counted in the months they started: patrols per place beside incidents', async () => {
    const ward = await call(statsHandler, WARD_POLICE, {
      path: '/api/officer/stats',
      query: { area: 'UONG-BI', from: '2025-03', to: '2025-03' },
    });

    expect((ward.body as { patrols: { total: number; areas: unknown[] } }).patrols).toMatchObject({
      total: 23,
      months: [{ month: '2025-03', patrols: 23, incidents: 0 }],
      areas: [
        { code: 'UONG-BI-QT5A', patrols: 22, incidents: 0 },
        { code: 'UONG-BI-YT2', patrols: 0, incidents: 0 },
      ],
    });
  });
});

describe('the retention of patrol notes', () => {
  it('erases the notes as long after the patrol as a settled report keeps its words; the rest stays', async () => {
    now = new Date(
      Date.parse('2025-03-20T15:45:00.000Z') + (testRetention().reportTextDaysAfterSettled + 1) * 86_400_000,
    );

    const counts = await runRetention();
    const listed = await list(WARD_POLICE, { area: 'UONG-BI', from: '2025-03-20', to: '2025-03-20' });

    expect(counts).toMatchObject({ patrolNotes: 1 });
    // The ward's list holds the group's patrol of that evening too, which had no notes.
    expect((listed.body as { patrols: unknown[] }).patrols).toEqual([
      expect.objectContaining({ area: 'UONG-BI-QT5A', notes: '', volunteers: 20 }),
      expect.objectContaining({
        area: 'UONG-BI',
        notes: '',
        notesRemovedAt: now.toISOString(),
        volunteers: 6,
        spots: [expect.any(Object)],
      }),
    ]);
  });
});

describe('a report two patrols name at once', () => {
  it('stays with the patrol that marked it first, and the other no longer names it', async () => {
    // Arrange: between this patrol's checks and its writes, another patrol takes the report.
    now = new Date('2025-04-10T16:00:00.000Z');
    const raced: Report = { ...RAISED, id: 'a000000000000003', createdAt: '2025-04-10T13:00:00.000Z' };
    await putItems(store, [newReportItem(raced, testRetention())]);
    const ports = patrolDeps();
    const other = { id: 'b000000000000001', startedAt: '2025-04-10T12:00:00.000Z' };
    const racing: RecordPatrolPorts = {
      ...ports,
      patrols: {
        ...ports.patrols,
        reportsByIds: async (ids) => {
          const found = await ports.patrols.reportsByIds(ids);
          await ports.patrols.linkReport(raced.id, other);
          return found;
        },
      },
    };
    const identity = { subject: `sub-${WARD_POLICE}`, email: WARD_POLICE, groups: ['officer'] };

    // Act
    const { id, created } = await recordPatrol(
      identity,
      PatrolSchema.parse({
        ...NIGHT,
        startedAt: '2025-04-10T19:00:00+07:00',
        endedAt: '2025-04-10T21:00:00+07:00',
        notes: '',
        reports: [raced.id],
      }),
      {},
      racing,
    );

    // Assert
    expect(created).toBe(true);
    expect(await patrolStore(store).get(id)).toMatchObject({ id, reports: [] });
    expect(await ports.patrols.getReport(raced.id)).toMatchObject({ id: raced.id, patrol: other });
  });
});

describe('the patrols of a place and of the places under it', () => {
  const PROVINCE_POLICE = 'qn@example.vn';
  const NEIGHBOUR_HEAD = 'yt@example.vn';
  const identity = (email: string) => ({ subject: `sub-${email}`, email, groups: ['officer'] });
  /** A patrol of a May evening (+07:00), an hour long. */
  const evening = (area: string, day: number, hour: number, volunteers: number) => {
    const d = String(day).padStart(2, '0');
    return {
      area,
      startedAt: `2025-05-${d}T${hour}:00:00+07:00`,
      endedAt: `2025-05-${d}T${hour}:59:00+07:00`,
      volunteers,
    };
  };
  /** The patrol a list shows for one recorded from `input` by `createdBy`. */
  const stored = (id: string, input: ReturnType<typeof evening>, createdBy: string) => {
    const place = AREAS.find((a) => a.code === input.area) as (typeof AREAS)[number];
    return {
      id,
      area: place.code,
      areaName: place.name,
      ancestors: place.ancestors,
      startedAt: new Date(input.startedAt).toISOString(),
      endedAt: new Date(input.endedAt).toISOString(),
      officers: [],
      volunteers: input.volunteers,
      places: [],
      spots: [],
      notes: '',
      reports: [],
      createdAt: now.toISOString(),
      createdBy,
    };
  };
  /** The test table, but a listing under `place` fails as a reset connection would (the rest is written). */
  const failingToList = (place: string): Store => ({
    ...store,
    doc: {
      send: (command: { input: { Item?: { sk?: string } } }) =>
        command instanceof PutCommand && command.input.Item?.sk === `IN#${place}`
          ? Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
          : store.doc.send(command as never),
    } as unknown as Store['doc'],
  });
  const recorded = async (email: string, input: ReturnType<typeof evening>) => {
    const done = await record(email, input);
    if (done.status !== 201) throw new Error(`arranging a patrol: ${JSON.stringify(done)}`);
    return (done.body as { id: string }).id;
  };
  const idsOf = (answer: { body: unknown }) =>
    (answer.body as { patrols: { id: string }[] }).patrols.map((p) => p.id);

  // Arranged in the tests below, in order: a group patrol on 2 May, a ward and a group patrol on 3
  // and 4 May, then 22 more from 5 to 15 May, two an evening.
  const GROUP_2 = evening('UONG-BI-QT5A', 2, 20, 2);
  const WARD_3 = evening('UONG-BI', 3, 19, 3);
  const GROUP_4 = evening('UONG-BI-QT5A', 4, 20, 4);
  let group2 = '';
  let ward3 = '';
  let group4 = '';

  beforeAll(async () => {
    now = new Date('2025-05-31T16:00:00.000Z');
    await putItems(store, [
      officerItem({
        id: 'QN-CA1',
        name: 'Phạm Văn Tỉnh',
        phone: '+84900009001',
        role: 'police',
        access: 'officer',
        areas: ['QN'],
        login: PROVINCE_POLICE,
      }),
      officerItem({
        id: 'UB-YT2-TT',
        name: 'Hoàng Văn Minh',
        phone: '+84900000201',
        role: 'group_head',
        access: 'officer',
        areas: ['UONG-BI-YT2'],
        login: NEIGHBOUR_HEAD,
      }),
    ]);
  });

  it("lists a group's patrol in its ward's and its province's lists, not in a neighbouring group's", async () => {
    group2 = await recorded(GROUP_HEAD, GROUP_2);
    const period = { from: '2025-05-02', to: '2025-05-02' };

    const own = await list(GROUP_HEAD, { area: 'UONG-BI-QT5A', ...period });
    const ward = await list(WARD_POLICE, { area: 'UONG-BI', ...period });
    const province = await list(PROVINCE_POLICE, { area: 'QN', ...period });
    const neighbour = await list(NEIGHBOUR_HEAD, { area: 'UONG-BI-YT2', ...period });

    const shown = { status: 200, body: { patrols: [stored(group2, GROUP_2, 'UB-QT5A-TT')] } };
    expect(own).toEqual(shown);
    expect(ward).toEqual(shown);
    expect(province).toEqual(shown);
    expect(neighbour).toEqual({ status: 200, body: { patrols: [] } });
  });

  it("merges a ward's own patrols with its groups' newest first, within the period asked", async () => {
    ward3 = await recorded(WARD_POLICE, WARD_3);
    group4 = await recorded(GROUP_HEAD, GROUP_4);

    const ward = await list(WARD_POLICE, { area: 'UONG-BI', from: '2025-05-02', to: '2025-05-04' });
    const province = await list(PROVINCE_POLICE, { area: 'QN', from: '2025-05-03', to: '2025-05-04' });
    const group = await list(GROUP_HEAD, { area: 'UONG-BI-QT5A', from: '2025-05-02', to: '2025-05-04' });

    expect(ward).toEqual({
      status: 200,
      body: {
        patrols: [
          stored(group4, GROUP_4, 'UB-QT5A-TT'),
          stored(ward3, WARD_3, 'UB-CA1'),
          stored(group2, GROUP_2, 'UB-QT5A-TT'),
        ],
      },
    });
    expect(province).toEqual({
      status: 200,
      body: { patrols: [stored(group4, GROUP_4, 'UB-QT5A-TT'), stored(ward3, WARD_3, 'UB-CA1')] },
    });
    expect(idsOf(group)).toEqual([group4, group2]);
  });

  it("pages through a ward's own patrols and its groups' together, each patrol once, newest first", async () => {
    // Arrange: 22 patrols from 5 to 15 May, the ward's at 19:00 and the group's at 20:00 each evening.
    const made: string[] = [];
    for (let day = 5; day <= 15; day++) {
      made.push(await recorded(WARD_POLICE, evening('UONG-BI', day, 19, day)));
      made.push(await recorded(GROUP_HEAD, evening('UONG-BI-QT5A', day, 20, day)));
    }
    const period = { area: 'UONG-BI', from: '2025-05-05', to: '2025-05-15' };

    const first = await list(WARD_POLICE, period);
    const cursor = (first.body as { cursor?: string }).cursor as string;
    const second = await list(WARD_POLICE, { ...period, cursor });

    expect(first.status).toBe(200);
    expect(idsOf(first)).toEqual(made.toReversed().slice(0, 20));
    expect(cursor).toEqual(expect.any(String));
    expect(second).toEqual({
      status: 200,
      body: {
        patrols: [
          stored(made[1] as string, evening('UONG-BI-QT5A', 5, 20, 5), 'UB-QT5A-TT'),
          stored(made[0] as string, evening('UONG-BI', 5, 19, 5), 'UB-CA1'),
        ],
      },
    });
  });

  it('refuses the list of the ward to an officer of one of its groups, with an audit entry', async () => {
    const refused = await list(NEIGHBOUR_HEAD, { area: 'UONG-BI' });

    expect(refused.status).toBe(403);
    expect((await auditEntriesOfDay(store, '2025-05-31')).filter((a) => a.officerId === 'UB-YT2-TT')).toEqual(
      [expect.objectContaining({ action: 'list patrols', targets: ['UONG-BI'], outcome: 'denied' })],
    );
  });

  it('is completed by the retry of a record that died before listing the patrol above its place', async () => {
    // Arrange: the ward's listing of a group patrol fails once, after the patrol and the province's
    // listing are written, as a timeout or a killed process would leave them.
    const key = '0b6e0f9a-8d4e-4f53-9c1e-5d2a4f6b7c81';
    const input = evening('UONG-BI-QT5A', 20, 20, 7);
    const ports = patrolDeps();
    const failing = failingToList('UONG-BI');
    const died = recordPatrol(
      identity(GROUP_HEAD),
      PatrolSchema.parse(input),
      { idempotencyKey: key },
      { ...ports, patrols: patrolStore(failing) },
    );
    await expect(died).rejects.toThrow('socket hang up');
    const day = { from: '2025-05-20', to: '2025-05-20' };
    const before = await list(WARD_POLICE, { area: 'UONG-BI', ...day });

    // Act
    const retry = await record(GROUP_HEAD, input, { 'idempotency-key': key });
    const id = (retry.body as { id: string }).id;
    const lists = await Promise.all([
      list(GROUP_HEAD, { area: 'UONG-BI-QT5A', ...day }),
      list(WARD_POLICE, { area: 'UONG-BI', ...day }),
      list(PROVINCE_POLICE, { area: 'QN', ...day }),
    ]);

    // Assert
    expect(before).toEqual({ status: 200, body: { patrols: [] } });
    expect(retry).toEqual({ status: 200, body: { id: expect.stringMatching(/^[0-9a-z]{16}$/) } });
    const shown = { status: 200, body: { patrols: [stored(id, input, 'UB-QT5A-TT')] } };
    expect(lists).toEqual([shown, shown, shown]);
    const items = (await allItems(store)).filter((item) => String(item.pk).startsWith('PATROL#'));
    expect(items.filter((item) => item.startedAt === '2025-05-20T13:00:00.000Z')).toHaveLength(1);
    expect(
      items
        .filter((item) => item.pk === `PATROL#${id}`)
        .map((item) => item.sk)
        .sort(),
    ).toEqual(['IN#QN', 'IN#UONG-BI', 'PATROL']);
  });

  it('completes on retry a record that died before its listings though another patrol took its report meanwhile, counted once', async () => {
    // Arrange: a group patrol naming a report dies before the ward's listing; then another patrol
    // takes that report; then the app retries with the same key.
    const key = '5d7c2b1e-9f3a-4e6b-8c2d-1a0b9c8d7e6f';
    const taken: Report = { ...RAISED, id: 'a000000000000021', createdAt: '2025-05-21T12:00:00.000Z' };
    await putItems(store, [newReportItem(taken, testRetention())]);
    const input = { ...evening('UONG-BI-QT5A', 21, 20, 5), reports: [taken.id] };
    const ports = patrolDeps();
    const failing = failingToList('UONG-BI');
    const patrolsInMay = async () =>
      (
        (
          await call(statsHandler, PROVINCE_POLICE, {
            path: '/api/officer/stats',
            query: { area: 'UONG-BI', from: '2025-05', to: '2025-05' },
          })
        ).body as { patrols: { total: number } }
      ).patrols.total;
    const countedBefore = await patrolsInMay();
    await expect(
      recordPatrol(
        identity(GROUP_HEAD),
        PatrolSchema.parse(input),
        { idempotencyKey: key },
        { ...ports, patrols: patrolStore(failing) },
      ),
    ).rejects.toThrow('socket hang up');
    const counted = await patrolsInMay();
    const other = { id: 'b000000000000021', startedAt: '2025-05-21T12:30:00.000Z' };
    await ports.patrols.linkReport(taken.id, other);

    // Act
    const retry = await record(GROUP_HEAD, input, { 'idempotency-key': key });
    const id = (retry.body as { id: string }).id;
    const ward = await list(WARD_POLICE, { area: 'UONG-BI', from: '2025-05-21', to: '2025-05-21' });

    // Assert
    expect(counted).toBe(countedBefore + 1);
    expect(retry).toEqual({ status: 200, body: { id: expect.stringMatching(/^[0-9a-z]{16}$/) } });
    expect(ward).toEqual({ status: 200, body: { patrols: [stored(id, input, 'UB-QT5A-TT')] } });
    expect(await ports.patrols.getReport(taken.id)).toMatchObject({ id: taken.id, patrol: other });
    expect(await patrolsInMay()).toBe(counted);
  });

  it('leaves out a listing whose patrol is missing', async () => {
    // Arrange: a listing under the ward whose patrol item is not there, on an evening with a patrol of
    // the ward itself before it.
    const own = await recorded(WARD_POLICE, evening('UONG-BI', 22, 19, 2));
    await putItems(store, [
      {
        pk: 'PATROL#zz00000000000001',
        sk: 'IN#UONG-BI',
        type: 'patrolListing',
        gsi1pk: 'PATROLS#UONG-BI',
        gsi1sk: '2025-05-22T13:30:00.000Z#zz00000000000001',
      },
    ]);

    // Act
    const answer = await list(WARD_POLICE, { area: 'UONG-BI', from: '2025-05-22', to: '2025-05-22' });

    // Assert
    expect(answer).toEqual({
      status: 200,
      body: { patrols: [stored(own, evening('UONG-BI', 22, 19, 2), 'UB-CA1')] },
    });
  });
});
