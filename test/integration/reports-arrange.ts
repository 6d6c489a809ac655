import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Area } from '../../functions/areas/model';
import { areaItems } from '../../functions/areas/store';
import { categoryItem } from '../../functions/categories/store';
import type { Officer } from '../../functions/roster/model';
import { officerItem, shiftItem } from '../../functions/roster/store';
import type { Store } from '../../functions/shared/store/client';
import { httpEvent } from '../support/events';
import { putItems } from '../support/store';

/**
 * What the report, dispatch, ack and follow-up integration tests share: a small province (a ward,
 * one of its groups, a village with nobody on duty), two categories, officers on duty all day.
 */
export const AREAS: Area[] = [
  { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
  { code: 'UONG-BI', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  {
    code: 'UONG-BI-QT5A',
    name: 'Khu Quang Trung 5A',
    kind: 'residential_group',
    parent: 'UONG-BI',
    ancestors: ['QN', 'UONG-BI'],
  },
  {
    code: 'UONG-BI-YT2',
    name: 'Khu Yên Thanh 2',
    kind: 'residential_group',
    parent: 'UONG-BI',
    ancestors: ['QN', 'UONG-BI'],
  },
];

export const officers: Officer[] = [
  {
    id: 'UB-QT5A-TT',
    name: 'Nguyễn Văn Tổ',
    phone: '+84900000101',
    role: 'group_head',
    access: 'officer',
    areas: ['UONG-BI-QT5A'],
    login: 'tt@example.vn',
  },
  {
    id: 'UB-QT5A-HG',
    name: 'Lê Thị Hòa',
    phone: '+84900000102',
    role: 'mediator',
    access: 'officer',
    areas: ['UONG-BI-QT5A'],
    login: 'hg@example.vn',
  },
  {
    id: 'UB-CA1',
    name: 'Trần Công An',
    phone: '+84900002301',
    role: 'police',
    access: 'officer',
    areas: ['UONG-BI'],
    login: 'ca@example.vn',
  },
];

/** Areas, categories, officers, and day-long shifts from `day` (UTC) for the group and the ward. */
export async function arrangeProvince(store: Store, day = '2025-03-12'): Promise<void> {
  const shift = (area: string, officer: string) =>
    shiftItem({
      area,
      officer,
      start: `${day}T00:00:00.000Z`,
      end: `${day}T23:59:59.000Z`,
      source: 'file',
    });
  await putItems(store, [
    ...AREAS.flatMap(areaItems),
    // Who each is texted to: these tests are about intake, acknowledging, follow-up and figures, and
    // text the khu's officers (then the ward, then the desk). Routing by category has its own tests,
    // on the demo's categories (test/unit/dispatch-routing.test.ts, test/integration/dispatch.test.ts).
    categoryItem({
      code: 'theft',
      label: { vi: 'Trộm cắp tài sản', en: 'Theft' },
      urgency: 'high',
      mediable: false,
      order: 1,
      roles: ['mediator', 'group_head', 'police'],
      informed: [],
    }),
    categoryItem({
      code: 'noise',
      label: { vi: 'Gây ồn ào', en: 'Noise' },
      urgency: 'low',
      mediable: true,
      order: 2,
      roles: ['mediator', 'group_head', 'police'],
      informed: [],
    }),
    ...officers.map(officerItem),
    shift('UONG-BI-QT5A', 'UB-QT5A-TT'),
    shift('UONG-BI-QT5A', 'UB-QT5A-HG'),
    shift('UONG-BI', 'UB-CA1'),
  ]);
}

/** Every item of the table (tests only: nothing on a request path scans). */
export async function allItems(store: Store): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({
        TableName: store.table,
        ...(start ? { ExclusiveStartKey: start } : {}),
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export const itemsOfType = async (store: Store, type: string) =>
  (await allItems(store)).filter((item) => item.type === type);

/** A POST as the HTTP API hands it over, from a client with the given address and browser. */
export function post(
  path: string,
  body: string,
  headers: Record<string, string>,
  client: { ip: string; userAgent: string } = { ip: '203.0.113.7', userAgent: 'test' },
): APIGatewayProxyEventV2 {
  const event = httpEvent({
    method: 'POST',
    path,
    headers: { 'user-agent': client.userAgent, ...headers },
    body,
  });
  event.requestContext.http.sourceIp = client.ip;
  event.requestContext.http.userAgent = client.userAgent;
  return event;
}

export const JSON_HEADERS = { 'content-type': 'application/json' };
export const FORM_HEADERS = {
  'content-type': 'application/x-www-form-urlencoded',
  accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
};
