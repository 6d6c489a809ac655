import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/areas/list.handler';
import type { Area } from '../../functions/areas/model';
import { areaItems, areasByName } from '../../functions/areas/store';
import { handler as categoriesHandler } from '../../functions/categories/list.handler';
import { categoryItem } from '../../functions/categories/store';
import { handler as healthHandler } from '../../functions/health/health.handler';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { putItems, testStore } from '../support/store';

const AREAS: Area[] = [
  { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
  { code: 'QN-HL', name: 'Hạ Long', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  { code: 'QN-UB', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  { code: 'QN-DH', name: 'Đường Hoa', kind: 'commune', parent: 'QN', ancestors: ['QN'] },
  {
    code: 'QN-UB-QT5A',
    name: 'Khu Quang Trung 5A',
    kind: 'residential_group',
    parent: 'QN-UB',
    ancestors: ['QN', 'QN-UB'],
  },
];

const store = testStore();
const get = (query: Record<string, string>, headers: Record<string, string> = {}) =>
  handler(httpEvent({ path: '/api/areas', query, headers }), lambdaContext);

beforeAll(async () => {
  await putItems(store, AREAS.flatMap(areaItems));
  await putItems(store, [
    categoryItem({
      code: 'theft',
      label: { vi: 'Trộm cắp', en: 'Theft' },
      urgency: 'normal',
      mediable: false,
      order: 2,
    }),
    categoryItem({
      code: 'fight',
      label: { vi: 'Đánh nhau', en: 'Fight' },
      urgency: 'high',
      mediable: false,
      order: 1,
    }),
  ]);
});

describe('GET /api/areas', () => {
  it('finds Uông Bí from "uong bi"', async () => {
    expect(jsonOf(await get({ q: 'uong bi' }))).toEqual({
      status: 200,
      body: { areas: [{ code: 'QN-UB', name: 'Uông Bí', kind: 'ward', parent: 'QN' }] },
    });
  });

  it('finds Đường Hoa from "duong hoa"', async () => {
    expect(jsonOf(await get({ q: 'duong hoa' }))).toEqual({
      status: 200,
      body: { areas: [{ code: 'QN-DH', name: 'Đường Hoa', kind: 'commune', parent: 'QN' }] },
    });
  });

  it('finds a residential group by a word of its name, case and diacritics ignored', async () => {
    expect(jsonOf(await get({ q: 'QUANG trung' }))).toEqual({
      status: 200,
      body: {
        areas: [
          { code: 'QN-UB-QT5A', name: 'Khu Quang Trung 5A', kind: 'residential_group', parent: 'QN-UB' },
        ],
      },
    });
  });

  it('lists the communes and wards by name when asked nothing', async () => {
    expect(jsonOf(await get({}))).toEqual({
      status: 200,
      body: {
        areas: [
          { code: 'QN-DH', name: 'Đường Hoa', kind: 'commune', parent: 'QN' },
          { code: 'QN-HL', name: 'Hạ Long', kind: 'ward', parent: 'QN' },
          { code: 'QN-UB', name: 'Uông Bí', kind: 'ward', parent: 'QN' },
        ],
      },
    });
  });

  it("lists a ward's places", async () => {
    expect(jsonOf(await get({ parent: 'QN-UB' }))).toEqual({
      status: 200,
      body: {
        areas: [
          { code: 'QN-UB-QT5A', name: 'Khu Quang Trung 5A', kind: 'residential_group', parent: 'QN-UB' },
        ],
      },
    });
  });

  it('answers 404 for an unknown parent', async () => {
    expect(jsonOf(await get({ parent: 'QN-NOPE' }, { 'accept-language': 'en' }))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'This place was not found.' } },
    });
  });

  it('answers 400 naming the field for a malformed parent code', async () => {
    expect(jsonOf(await get({ parent: 'bad code!' }, { 'accept-language': 'en' }))).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Some of the information is not valid. Please check the fields listed.',
          fields: { parent: 'Not valid.' },
        },
      },
    });
  });

  it('answers a browser with a page to pick the place step by step', async () => {
    const result = await get({ parent: 'QN-UB', next: 'contacts', lang: 'en' }, { accept: 'text/html' });
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(result.body).toContain('<html lang="en">');
    expect(result.body).toContain('<span class="name">Khu Quang Trung 5A</span>');
    expect(result.body).toContain('href="/api/contacts?area=QN-UB-QT5A&amp;lang=en"');
  });

  it('finds a prefix of a name through the name index, ranked as a prefix', async () => {
    const hits = await areasByName(store, 'khu quang');
    expect(hits.map((h) => [h.area.code, h.rank])).toEqual([['QN-UB-QT5A', 1]]);
  });
});

describe('GET /api/categories', () => {
  it('lists categories in their order with labels and urgency', async () => {
    const result = await categoriesHandler(httpEvent({ path: '/api/categories' }), lambdaContext);
    expect(jsonOf(result)).toEqual({
      status: 200,
      body: {
        categories: [
          { code: 'fight', label: { vi: 'Đánh nhau', en: 'Fight' }, urgency: 'high' },
          { code: 'theft', label: { vi: 'Trộm cắp', en: 'Theft' }, urgency: 'normal' },
        ],
      },
    });
    expect(result.headers?.['cache-control']).toBe('public, max-age=300');
  });
});

describe('GET /api/health', () => {
  it('answers ok', async () => {
    expect(jsonOf(await healthHandler(httpEvent({ path: '/api/health' }), lambdaContext))).toEqual({
      status: 200,
      body: { ok: true },
    });
  });
});
