import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FindAreasPorts, findAreas } from '../../functions/areas/find-areas';
import type { Area, AreaNameHit } from '../../functions/areas/model';
import { NotFound } from '../../functions/shared/errors';
import { foldForSearch, searchTokens } from '../../functions/shared/text';

/** An in-memory reader with the same matching rule as the store: the query starts the name or one of its words. */
function memoryReader(areas: Area[]): FindAreasPorts['areas'] {
  return {
    getArea: async (code) => areas.find((a) => a.code === code),
    areasByParent: async (parent) => areas.filter((a) => a.parent === parent),
    areasByName: async (q) => {
      const folded = foldForSearch(q);
      const hits: AreaNameHit[] = [];
      for (const area of areas) {
        const words = searchTokens(area.name);
        words.forEach((_, i) => {
          if (!words.slice(i).join(' ').startsWith(folded)) return;
          hits.push({ area, rank: i > 0 ? 2 : foldForSearch(area.name) === folded ? 0 : 1 });
        });
      }
      return hits;
    },
  };
}

const QN: Area = { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] };
const UB: Area = { code: 'QN-UB', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] };
const UBT: Area = { code: 'QN-UBT', name: 'Uông Bí Tây', kind: 'ward', parent: 'QN', ancestors: ['QN'] };
const QT: Area = {
  code: 'QN-UB-QT5A',
  name: 'Khu Quang Trung 5A',
  kind: 'residential_group',
  parent: 'QN-UB',
  ancestors: ['QN', 'QN-UB'],
};
const KUB: Area = {
  code: 'QN-HL-K1',
  name: 'Khu Uông Bí',
  kind: 'village',
  parent: 'QN-HL',
  ancestors: ['QN'],
};
const DH: Area = { code: 'QN-DH', name: 'Đường Hoa', kind: 'commune', parent: 'QN', ancestors: ['QN'] };
const ALL = [QN, UB, UBT, QT, KUB, DH];

describe('findAreas', () => {
  const ports = { areas: memoryReader(ALL), rootArea: 'QN' };

  it('ranks an exact name before a prefix, and a prefix before a later word', async () => {
    const found = await findAreas({ q: 'uong bi' }, ports);
    expect(found.map((a) => a.code)).toEqual(['QN-UB', 'QN-UBT', 'QN-HL-K1']);
  });

  it('finds a name typed without diacritics, with đ as d', async () => {
    expect(await findAreas({ q: 'duong hoa' }, ports)).toEqual([DH]);
  });

  it('finds a residential group by a word inside its name', async () => {
    expect(await findAreas({ q: 'quang trung' }, ports)).toEqual([QT]);
  });

  it('lists the communes and wards with neither q nor parent', async () => {
    expect(await findAreas({}, ports)).toEqual([UB, UBT, DH]);
  });

  it("lists a place's direct children", async () => {
    expect(await findAreas({ parent: 'QN-UB' }, ports)).toEqual([QT]);
  });

  it('refuses an unknown parent', async () => {
    await expect(findAreas({ parent: 'NOPE' }, ports)).rejects.toBeInstanceOf(NotFound);
  });

  it('treats a blank q as no search', async () => {
    expect(await findAreas({ q: '   ' }, ports)).toEqual([UB, UBT, DH]);
  });

  it('never misses a name given without diacritics', async () => {
    const letters = 'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệóòỏõọốồổỗộớờởỡợúùủũụứừửữự';
    const word = fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 8 });
    const name = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(name, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        async (names, pick) => {
          const areas: Area[] = names.map((n, i) => ({
            code: `A${i}`,
            name: n.charAt(0).toUpperCase() + n.slice(1),
            kind: 'village',
            parent: 'QN',
            ancestors: ['QN'],
          }));
          const target = areas[pick % areas.length] as Area;
          const found = await findAreas(
            { q: foldForSearch(target.name) },
            { areas: memoryReader(areas), rootArea: 'QN' },
          );
          expect(found.map((a) => a.code)).toContain(target.code);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
