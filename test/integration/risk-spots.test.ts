import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as caseHandler } from '../../functions/cases/case.handler';
import { handler as inboxHandler } from '../../functions/cases/inbox.handler';
import { auditEntriesOfDay } from '../../functions/officers/store';
import { handler as caseSpotHandler } from '../../functions/patrols/case-spot.handler';
import type { Report } from '../../functions/reports/model';
import { newReportItem } from '../../functions/reports/store';
import { overrideClock } from '../../functions/shared/runtime';
import { handler as addSpotHandler } from '../../functions/spots/add.handler';
import { handler as listSpotsHandler } from '../../functions/spots/list.handler';
import { spotId } from '../../functions/spots/model';
import { spotStore } from '../../functions/spots/store';
import { handler as statsHandler } from '../../functions/stats/stats.handler';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { putItems, testRetention, testStore } from '../support/store';
import { arrangeProvince, JSON_HEADERS } from './reports-arrange';

/**
 * Risk spots through their handlers on the test table: the ward's police officer keeps the ward's
 * spots, a group head keeps the group's; a case names a spot of its place or above; the inbox marks
 * it and the figures count the incidents at each spot.
 */
const store = testStore();
const now = new Date('2025-03-20T03:00:00.000Z');
overrideClock({ now: () => now });

const WARD_POLICE = 'ca@example.vn';
const GROUP_HEAD = 'tt@example.vn';

function signedIn(
  email: string,
  init: Parameters<typeof httpEvent>[0] & { json?: unknown },
): APIGatewayProxyEventV2 {
  const { json, ...rest } = init;
  const event = httpEvent({
    ...rest,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    headers: { 'accept-language': 'en', ...(json !== undefined ? JSON_HEADERS : {}) },
  });
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    jwt: {
      claims: { sub: `sub-${email}`, email, email_verified: 'true', 'cognito:groups': '[officer]' },
      scopes: null,
    },
  };
  return event;
}

const call = async (
  handler: (e: APIGatewayProxyEventV2, c: typeof lambdaContext) => Promise<APIGatewayProxyStructuredResultV2>,
  email: string,
  init: Parameters<typeof signedIn>[1],
) => jsonOf(await handler(signedIn(email, init), lambdaContext));

const addSpot = (email: string, json: unknown) =>
  call(addSpotHandler, email, { method: 'POST', path: '/api/officer/risk-spots', json });
const listSpots = (email: string, query: Record<string, string>) =>
  call(listSpotsHandler, email, { path: '/api/officer/risk-spots', query });
const setSpot = (email: string, id: string, json: unknown) =>
  call(caseSpotHandler, email, {
    method: 'POST',
    path: `/api/officer/reports/${id}/spot`,
    pathParameters: { id },
    json,
  });

function report(id: string, area: string, ancestors: string[], extra: Partial<Report> = {}): Report {
  return {
    id,
    area,
    areaName: area,
    ancestors,
    category: 'theft',
    categoryLabel: { vi: 'Trộm cắp tài sản', en: 'Theft' },
    urgency: 'high',
    description: 'Mất xe máy ở cổng chợ',
    createdAt: '2025-03-19T01:00:00.000Z',
    status: 'received',
    notifyStatus: 'sent',
    ...extra,
  };
}

const IN_GROUP = report('f000000000000001', 'UONG-BI-QT5A', ['QN', 'UONG-BI']);
const IN_OTHER_GROUP = report('f000000000000002', 'UONG-BI-YT2', ['QN', 'UONG-BI']);

const MARKET = { area: 'UONG-BI', name: 'Chợ Uông Bí', reason: 'Trộm xe máy ở bãi gửi xe buổi sáng' };
const LANE = { area: 'UONG-BI-QT5A', name: 'Ngõ 7 Quang Trung', reason: 'Tụ tập uống rượu ban đêm' };
const WHARF = { area: 'UONG-BI-YT2', name: 'Bến đò Yên Thanh', reason: 'Đuối nước mùa mưa' };

beforeAll(async () => {
  await arrangeProvince(store);
  await putItems(
    store,
    [IN_GROUP, IN_OTHER_GROUP].map((r) => newReportItem(r, testRetention())),
  );
});

describe('risk spots', () => {
  it('are added by the officers who serve the place and listed with the places under it', async () => {
    // Arrange: the ward's police officer adds the market and the wharf, the group head the lane.
    const market = await addSpot(WARD_POLICE, MARKET);
    const wharf = await addSpot(WARD_POLICE, WHARF);
    const lane = await addSpot(GROUP_HEAD, LANE);

    // Act
    const ward = await listSpots(WARD_POLICE, { area: 'UONG-BI' });
    const group = await listSpots(GROUP_HEAD, { area: 'UONG-BI-QT5A' });
    const around = await listSpots(GROUP_HEAD, { area: 'UONG-BI-QT5A', around: '1' });

    // Assert
    const ids = { market: spotId('UONG-BI', MARKET.name), lane: spotId('UONG-BI-QT5A', LANE.name) };
    expect(market).toEqual({ status: 201, body: { id: ids.market } });
    expect(lane).toEqual({ status: 201, body: { id: ids.lane } });
    expect(wharf.status).toBe(201);
    const stored = (spot: typeof MARKET, id: string, ancestors: string[], createdBy: string) => ({
      id,
      ...spot,
      ancestors,
      createdAt: now.toISOString(),
      createdBy,
    });
    const marketSpot = stored(MARKET, ids.market, ['QN'], 'UB-CA1');
    const laneSpot = stored(LANE, ids.lane, ['QN', 'UONG-BI'], 'UB-QT5A-TT');
    const wharfSpot = stored(WHARF, (wharf.body as { id: string }).id, ['QN', 'UONG-BI'], 'UB-CA1');
    expect(ward).toEqual({ status: 200, body: { spots: [marketSpot, laneSpot, wharfSpot] } });
    expect(group).toEqual({ status: 200, body: { spots: [laneSpot] } });
    expect(around).toEqual({ status: 200, body: { spots: [marketSpot, laneSpot] } });
  });

  it('take the same name in the same place as the same spot, and refuse it with another reason', async () => {
    const again = await addSpot(WARD_POLICE, { ...MARKET, name: '  chợ  UÔNG BÍ ' });
    const other = await addSpot(WARD_POLICE, { ...MARKET, reason: 'Một lý do khác hẳn' });

    expect(again).toEqual({ status: 200, body: { id: spotId('UONG-BI', MARKET.name) } });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: 'conflict' } });
  });

  it('refuse text with control characters, a blank reason or a name too long, naming each field', async () => {
    const control = await addSpot(WARD_POLICE, { ...MARKET, name: 'Chợ\u0000đêm' });
    const blank = await addSpot(WARD_POLICE, { ...MARKET, name: 'Bãi xe', reason: '   ' });
    const long = await addSpot(WARD_POLICE, { ...MARKET, name: 'x'.repeat(81) });

    expect(control.status).toBe(400);
    expect(control.body).toMatchObject({
      error: { code: 'invalid_input', fields: { name: expect.any(String) } },
    });
    expect(Object.keys((blank.body as { error: { fields: object } }).error.fields)).toEqual(['reason']);
    expect(Object.keys((long.body as { error: { fields: object } }).error.fields)).toEqual(['name']);
    expect((await listSpots(WARD_POLICE, { area: 'UONG-BI' })).body).toMatchObject({
      spots: expect.not.arrayContaining([expect.objectContaining({ name: 'Bãi xe' })]),
    });
  });

  it('refuse a place the officer does not serve and leave an audit entry', async () => {
    const added = await addSpot(GROUP_HEAD, { ...MARKET, name: 'Quảng trường' });
    const listed = await listSpots(GROUP_HEAD, { area: 'UONG-BI-YT2' });

    expect(added.status).toBe(403);
    expect(listed.status).toBe(403);
    const audit = await auditEntriesOfDay(store, now.toISOString().slice(0, 10));
    expect(audit.filter((a) => a.officerId === 'UB-QT5A-TT')).toEqual([
      expect.objectContaining({ action: 'add risk spot', targets: ['UONG-BI'], count: 1 }),
      expect.objectContaining({ action: 'list risk spots', targets: ['UONG-BI-YT2'], count: 1 }),
    ]);
  });
});

describe('a case at a risk spot', () => {
  const market = { id: spotId('UONG-BI', MARKET.name), name: MARKET.name };
  const lane = { id: spotId('UONG-BI-QT5A', LANE.name), name: LANE.name };
  const figures = async () =>
    (
      await call(statsHandler, WARD_POLICE, {
        path: '/api/officer/stats',
        query: { area: 'UONG-BI', from: '2025-03', to: '2025-03' },
      })
    ).body as { patrols: { spots: unknown[] } };

  it('names a spot of its place or above; the inbox marks it and the figures count it there', async () => {
    const set = await setSpot(GROUP_HEAD, IN_GROUP.id, { spot: market.id });

    const inbox = await call(inboxHandler, GROUP_HEAD, { path: '/api/officer/reports' });
    const opened = await call(caseHandler, GROUP_HEAD, {
      path: `/api/officer/reports/${IN_GROUP.id}`,
      pathParameters: { id: IN_GROUP.id },
    });
    expect(set).toEqual({ status: 200, body: { id: IN_GROUP.id, spot: market } });
    expect((inbox.body as { reports: unknown[] }).reports).toEqual([
      expect.objectContaining({ id: IN_GROUP.id, spot: market }),
    ]);
    expect(opened.body).toMatchObject({ report: { id: IN_GROUP.id, spot: market } });
    expect((await figures()).patrols.spots).toEqual([{ ...market, incidents: 1 }]);
    const csv = await statsHandler(
      signedIn(WARD_POLICE, {
        path: '/api/officer/stats',
        query: { area: 'UONG-BI', from: '2025-03', to: '2025-03', format: 'csv' },
      }),
      lambdaContext,
    );
    expect(String(csv.body).split('\r\n').slice(-2)).toEqual([
      `incidents_at_risk_spot,${market.id},${market.name},,,2025-03..2025-03,1`,
      '',
    ]);
  });

  it('moves the incident when the spot changes, and counts nothing when it is cleared twice', async () => {
    const moved = await setSpot(GROUP_HEAD, IN_GROUP.id, { spot: lane.id });
    const movedFigures = (await figures()).patrols.spots;
    const cleared = await setSpot(GROUP_HEAD, IN_GROUP.id, { spot: '' });
    const clearedAgain = await setSpot(GROUP_HEAD, IN_GROUP.id, {});

    expect(moved).toEqual({ status: 200, body: { id: IN_GROUP.id, spot: lane } });
    expect(movedFigures).toEqual([{ ...lane, incidents: 1 }]);
    expect(cleared).toEqual({ status: 200, body: { id: IN_GROUP.id } });
    expect(clearedAgain).toEqual({ status: 200, body: { id: IN_GROUP.id } });
    expect((await figures()).patrols.spots).toEqual([]);
  });

  it("refuses a spot of another place under the ward, and a case outside the officer's places", async () => {
    const wrongPlace = await setSpot(WARD_POLICE, IN_GROUP.id, { spot: spotId('UONG-BI-YT2', WHARF.name) });
    const foreign = await setSpot(GROUP_HEAD, IN_OTHER_GROUP.id, { spot: market.id });

    expect(wrongPlace.status).toBe(400);
    expect(wrongPlace.body).toMatchObject({ error: { fields: { spot: expect.any(String) } } });
    expect(foreign).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'You may not do this.' } },
    });
    const audit = await auditEntriesOfDay(store, now.toISOString().slice(0, 10));
    expect(audit.filter((a) => a.action === 'set report spot')).toEqual([
      {
        officerId: 'UB-QT5A-TT',
        action: 'set report spot',
        outcome: 'denied',
        targets: ['UONG-BI-YT2'],
        count: 1,
        hour: '2025-03-20T03',
        first: now.toISOString(),
        last: now.toISOString(),
      },
    ]);
    expect(
      (
        await call(caseHandler, WARD_POLICE, {
          path: `/api/officer/reports/${IN_OTHER_GROUP.id}`,
          pathParameters: { id: IN_OTHER_GROUP.id },
        })
      ).body,
    ).not.toMatchObject({ report: { spot: expect.anything() } });
  });
});

describe('a long list of risk spots', () => {
  it('lists the first 500 and says when there were more', async () => {
    // Arrange: 499 more spots at the wharf's group, 500 there in all and 502 in the ward.
    const spots = spotStore(store);
    const added = Array.from({ length: 499 }, (_, i) => `Điểm ${i + 1}`);
    for (let i = 0; i < added.length; i += 50)
      await Promise.all(
        added.slice(i, i + 50).map((name) =>
          spots.add({
            id: spotId('UONG-BI-YT2', name),
            area: 'UONG-BI-YT2',
            ancestors: ['QN', 'UONG-BI'],
            name,
            reason: 'Thử danh sách dài',
            createdAt: now.toISOString(),
            createdBy: 'UB-CA1',
          }),
        ),
      );

    // Act
    const group = await listSpots(WARD_POLICE, { area: 'UONG-BI-YT2' });
    const ward = await listSpots(WARD_POLICE, { area: 'UONG-BI' });
    const around = await listSpots(WARD_POLICE, { area: 'UONG-BI-YT2', around: '1' });

    // Assert
    const shape = (answer: { status?: number | undefined; body: unknown }) => {
      const { spots: listed, ...rest } = answer.body as { spots: { id: string }[] };
      return { status: answer.status, count: listed.length, first: listed[0]?.id, ...rest };
    };
    const market = spotId('UONG-BI', MARKET.name);
    expect(shape(group)).toEqual({ status: 200, count: 500, first: expect.any(String) });
    expect(shape(ward)).toEqual({ status: 200, count: 500, first: market, truncated: true });
    expect(shape(around)).toEqual({ status: 200, count: 500, first: market, truncated: true });
  }, 60_000);
});
