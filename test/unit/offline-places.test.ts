import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { allPlaces } from '../../functions/areas/all-places';
import type { Area, AreaKind } from '../../functions/areas/model';
import { childrenKept, findKept } from '../../site/src/scripts/offline-places';

const area = (code: string, name: string, kind: AreaKind, parent?: string): Area => ({
  code,
  name,
  kind,
  ancestors: [],
  ...(parent ? { parent } : {}),
});

const AREAS = [
  area('QN', 'Quảng Ninh', 'province'),
  area('UONG-BI', 'Uông Bí', 'ward', 'QN'),
  area('UONG-BI-QT5A', 'Khu Quang Trung 5A', 'residential_group', 'UONG-BI'),
  area('UONG-BI-YT2', 'Khu Yên Thanh 2', 'residential_group', 'UONG-BI'),
  area('DUONG-HOA', 'Đường Hoa', 'commune', 'QN'),
  area('DUONG-HOA-DL', 'Thôn Đồng Long', 'village', 'DUONG-HOA'),
  area('CO-TO', 'Cô Tô', 'special_zone', 'QN'),
  area('CO-TO-UB', 'Thôn Uông Bí Mới', 'village', 'CO-TO'),
];

const requested: string[] = [];

/** The page's fetch answered with what GET /api/areas/all answers for these places. */
beforeAll(async () => {
  const copy = await allPlaces({
    rootArea: 'QN',
    areas: {
      getArea: async (code) => AREAS.find((a) => a.code === code),
      areasByParent: async (parent) => AREAS.filter((a) => a.parent === parent),
    },
  });
  vi.stubGlobal('fetch', async (url: string) => {
    requested.push(url);
    return new Response(JSON.stringify(copy), { headers: { 'content-type': 'application/json' } });
  });
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe('the place picker without signal, from the kept copy of the places', () => {
  it('ranks as the API does: the whole name, then its start, then a later word; places above villages', async () => {
    const found = await findKept('uong bi', 'vi');

    expect(found.map((p) => p.code)).toEqual(['UONG-BI', 'CO-TO-UB']);
    expect(found[1]).toEqual({
      code: 'CO-TO-UB',
      name: 'Thôn Uông Bí Mới',
      kind: 'village',
      parent: 'CO-TO',
      parentName: 'Cô Tô',
      folded: 'thon uong bi moi',
    });
  });

  it('folds diacritics and đ, and matches the start of any word, not the middle of one', async () => {
    expect((await findKept('dong long', 'vi')).map((p) => p.code)).toEqual(['DUONG-HOA-DL']);
    expect((await findKept('Đường', 'vi')).map((p) => p.code)).toEqual(['DUONG-HOA']);
    expect(await findKept('ong bi', 'vi')).toEqual([]);
    expect(await findKept('   ', 'vi')).toEqual([]);
  });

  it("offers a ward's groups as the second step, and names no parent for the province's own places", async () => {
    const children = await childrenKept('UONG-BI', 'vi');
    const wards = await childrenKept('QN', 'vi');

    expect(children.map((p) => [p.code, p.parentName])).toEqual([
      ['UONG-BI-QT5A', 'Uông Bí'],
      ['UONG-BI-YT2', 'Uông Bí'],
    ]);
    expect(wards.map((p) => [p.code, p.parentName])).toEqual([
      ['UONG-BI', undefined],
      ['DUONG-HOA', undefined],
      ['CO-TO', undefined],
    ]);
  });

  it('reads the kept copy once for the page, however many searches', async () => {
    await findKept('khu', 'vi');
    await childrenKept('CO-TO', 'vi');

    expect(requested).toEqual(['/api/areas/all']);
  });
});
