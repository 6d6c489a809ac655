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
/** The list items of an areas page, as rendered. */
const placesOf = (page: string) => [...page.matchAll(/<li>.*?<\/li>/g)].map((m) => m[0]);
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
          message: 'Not sent yet. Correct the marked boxes, then send again.',
          fields: { parent: 'Not filled in right.' },
        },
      },
    });
  });

  it('answers a browser with a page to pick the place step by step', async () => {
    const result = await get({ parent: 'QN-UB', next: 'contacts', lang: 'en' }, { accept: 'text/html' });
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(result.body).toContain('<html lang="en">');
    expect(result.body).toContain(
      '<h2 id="places-title">Villages and neighbourhoods of <span lang="vi">Uông Bí</span></h2>',
    );
    // The place's name is the link that chooses it; a residential group is offered no step down.
    expect(placesOf(result.body ?? '')).toEqual([
      '<li><span class="name"><a class="choose" href="/api/contacts?area=QN-UB-QT5A&amp;lang=en"><span lang="vi">Khu Quang Trung 5A</span></a></span></li>',
    ]);
    expect(result.body).toContain(
      '<a id="back" href="/api/areas?lang=en&amp;next=contacts">Back to the communes, wards and special zones</a>',
    );
    // Someone who does not know which village can still take the whole ward.
    expect(result.body).toContain(
      '<p id="whole">Not sure which one? Choose all of <a class="choose" href="/api/contacts?area=QN-UB&amp;lang=en"><span lang="vi">Uông Bí</span></a> (ward)</p>',
    );
    expect(result.body).toContain(
      '<p class="switch"><a href="/api/areas?parent=QN-UB&amp;lang=vi&amp;next=contacts" lang="vi" hreflang="vi">Tiếng Việt</a></p>',
    );
  });

  it('names the level of each commune and ward, and leads down from each and back from a search', async () => {
    const top = await get({ next: 'report', lang: 'vi' }, { accept: 'text/html' });
    const row = (code: string, name: string, kind: string) =>
      `<li><span class="name"><a class="choose" href="/api/forms/report?area=${code}&amp;lang=vi">${name}</a> <span class="kind">(${kind})</span></span> <a href="/api/areas?parent=${code}&amp;lang=vi&amp;next=report" aria-label="Xem thôn, bản, khu, tổ dân phố của ${name}">Xem thôn, bản, khu, tổ dân phố</a></li>`;
    expect(placesOf(top.body ?? '')).toEqual([
      row('QN-DH', 'Đường Hoa', 'xã'),
      row('QN-HL', 'Hạ Long', 'phường'),
      row('QN-UB', 'Uông Bí', 'phường'),
    ]);
    expect(top.body).not.toContain('id="back"');

    const none = await get({ q: 'không có nơi này', next: 'report', lang: 'vi' }, { accept: 'text/html' });
    expect(none.body).toContain('<p>Không tìm thấy.</p>');
    expect(none.body).toContain(
      '<a id="back" href="/api/areas?lang=vi&amp;next=report">Quay lại danh sách xã, phường, đặc khu</a>',
    );
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
