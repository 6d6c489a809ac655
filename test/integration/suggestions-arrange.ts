import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Area } from '../../functions/areas/model';
import { areaItems } from '../../functions/areas/store';
import type { Officer } from '../../functions/roster/model';
import { officerItem, shiftItem } from '../../functions/roster/store';
import { runtime } from '../../functions/shared/runtime';
import type { Store } from '../../functions/shared/store/client';
import { areaBox, type Box } from '../../functions/suggestions/model';
import { boxItem } from '../../functions/suggestions/store';
import { httpEvent } from '../support/events';
import { solvedProof } from '../support/proof-of-work';
import { putItems } from '../support/store';
import { JSON_HEADERS, post } from './reports-arrange';

/**
 * What the suggestion and box integration tests share: two wards, a residential group with its
 * self-management group's box, the wards' own boxes, officers of the group, of each ward, an admin.
 */
const AREAS: Area[] = [
  { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
  { code: 'UONG-BI', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  {
    code: 'UONG-BI-QT5A',
    name: 'Khu Quang Trung 5A',
    kind: 'residential_group',
    parent: 'UONG-BI',
    ancestors: ['QN', 'UONG-BI'],
  },
  { code: 'HA-LONG', name: 'Hạ Long', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
];

const byCode = (code: string) => AREAS.find((a) => a.code === code) as Area;

export const GROUP_BOX: Box = {
  id: 'G-QN-G-UONG-BI-QT5A',
  name: 'Hòm thư góp ý Tổ tự quản an ninh trật tự khu Quang Trung 5A',
  area: 'UONG-BI-QT5A',
  kind: 'group',
  group: 'QN-G-UONG-BI-QT5A',
};
export const WARD_BOX = areaBox(byCode('UONG-BI'));
export const HA_LONG_BOX = areaBox(byCode('HA-LONG'));

const officer = (id: string, role: Officer['role'], areas: string[], phone: string): Officer => ({
  id,
  name: `Cán bộ ${id}`,
  phone,
  role,
  access: role === 'admin' ? 'admin' : 'officer',
  areas,
  login: `${id.toLowerCase()}@example.vn`,
});

export const OFFICERS = {
  groupHead: officer('QT5A-TT', 'group_head', ['UONG-BI-QT5A'], '+84900000101'),
  mediator: officer('QT5A-HG', 'mediator', ['UONG-BI-QT5A'], '+84900000102'),
  wardPolice: officer('UB-CA1', 'police', ['UONG-BI'], '+84900002301'),
  haLong: officer('HL-CA1', 'police', ['HA-LONG'], '+84900003401'),
  admin: officer('QN-ADMIN', 'admin', ['QN'], '+84900000001'),
};

/** Areas, boxes, officers, and day-long shifts on `day` (UTC) for the group and both wards. */
export async function arrangeBoxes(store: Store, day = '2025-03-12'): Promise<void> {
  const shift = (area: string, o: Officer) =>
    shiftItem({
      area,
      officer: o.id,
      start: `${day}T00:00:00.000Z`,
      end: `${day}T23:59:59.000Z`,
      source: 'file',
    });
  await putItems(store, [
    ...AREAS.flatMap(areaItems),
    ...[GROUP_BOX, WARD_BOX, HA_LONG_BOX].map(boxItem),
    ...Object.values(OFFICERS).map(officerItem),
    shift('UONG-BI-QT5A', OFFICERS.groupHead),
    shift('UONG-BI-QT5A', OFFICERS.mediator),
    shift('UONG-BI', OFFICERS.wardPolice),
    shift('HA-LONG', OFFICERS.haLong),
  ]);
}

/**
 * An ALTCHA solution the server will accept once: a challenge signed with its key, as hard as the
 * province's quiet difficulty (these tests send a few reports, far from a flood), solved.
 */
export async function proofOfWork(now: Date): Promise<string> {
  const { secrets, province } = runtime();
  const hmacKey = (await secrets.key('altcha')).toString('hex');
  return solvedProof(hmacKey, now, province.challenge.quietMaxNumber);
}

let client = 0;
/** A client address of its own for each request unless one is given: these tests are not about limits. */
export function freshClient(): { ip: string; userAgent: string } {
  client++;
  return { ip: `10.9.${(client >> 8) & 255}.${client & 255}`, userAgent: 'test' };
}

export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  return post(path, JSON.stringify(body), { ...JSON_HEADERS, ...headers }, freshClient());
}

/** An event as the JWT authorizer leaves it: the ID token's claims, every value a string. */
export function signedIn(
  o: Officer,
  init: Parameters<typeof httpEvent>[0] & { json?: unknown },
): APIGatewayProxyEventV2 {
  const { json, ...rest } = init;
  const event = httpEvent({
    ...rest,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    headers: { ...(json !== undefined ? JSON_HEADERS : {}), ...(init.headers ?? {}) },
  });
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    jwt: {
      claims: {
        sub: `sub-${o.id}`,
        email: o.login,
        email_verified: 'true',
        'cognito:groups': `[${o.access}]`,
      },
      scopes: null,
    },
  };
  return event;
}
