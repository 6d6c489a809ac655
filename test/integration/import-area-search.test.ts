import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { findAreas } from '../../functions/areas/find-areas';
import { areasByName, areasByParent, getArea } from '../../functions/areas/store';
import { parseProvince } from '../../functions/shared/province';
import type { Store } from '../../functions/shared/store/client';
import { formatCsv } from '../../infra/import/csv';
import { importProvince } from '../../infra/import/import';
import { ensureTable } from '../../infra/local/dynamo';
import { testStore } from '../support/store';

const province = parseProvince(
  JSON.parse(readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8')),
  'quang-ninh.json',
);
const dir = mkdtempSync(join(tmpdir(), 'tuquan-search-'));
let tables = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Strips Vietnamese marks by table, independently of the code under test. */
const BASE: Record<string, string> = {};
for (const [base, marked] of Object.entries({
  a: 'àáảãạăằắẳẵặâầấẩẫậ',
  e: 'èéẻẽẹêềếểễệ',
  i: 'ìíỉĩị',
  o: 'òóỏõọôồốổỗộơờớởỡợ',
  u: 'ùúủũụưừứửữự',
  y: 'ỳýỷỹỵ',
  d: 'đ',
}))
  for (const letter of marked) {
    BASE[letter] = base;
    BASE[letter.toUpperCase()] = base.toUpperCase();
  }
const withoutMarks = (text: string) => [...text].map((c) => BASE[c] ?? c).join('');

const WORDS = [
  'Uông',
  'Bí',
  'Đường',
  'Hoa',
  'Hạ',
  'Long',
  'Bãi',
  'Cháy',
  'Cẩm',
  'Phả',
  'Móng',
  'Cái',
  'Vân',
  'Đồn',
  'Cô',
  'Tô',
  'Quang',
  'Trung',
  'Yên',
  'Thanh',
  'Đông',
  'Thành',
];
const names = fc.uniqueArray(
  fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
  { minLength: 1, maxLength: 12, selector: (n) => withoutMarks(n).toLowerCase() },
);

async function imported(list: string[]): Promise<Store> {
  const base = testStore();
  const store = { doc: base.doc, table: `${base.table}-s${++tables}` };
  await ensureTable(process.env.TUQUAN_DYNAMODB_ENDPOINT as string, store.table);
  const folder = join(dir, String(tables));
  const rows = [
    ['QN', 'Quảng Ninh', 'province', ''],
    ['W', 'Uông Bí', 'ward', 'QN'],
    ...list.map((n, i) => [`A${i}`, `Khu ${n}`, 'residential_group', 'W']),
  ];
  mkdirSync(folder);
  writeFileSync(join(folder, 'areas.csv'), formatCsv(['code', 'name', 'kind', 'parent'], rows));
  const summary = await importProvince(store, folder, { province, now: new Date('2026-03-01T03:00:00Z') });
  expect(summary.errors).toEqual([]);
  return store;
}

describe('area search on the real store, after an import', () => {
  it('never misses an imported place given its name without diacritics', async () => {
    await fc.assert(
      fc.asyncProperty(names, fc.nat(), async (list, pick) => {
        const store = await imported(list);
        const index = pick % list.length;
        const reader = {
          getArea: (code: string) => getArea(store, code),
          areasByParent: (parent: string) => areasByParent(store, parent),
          areasByName: (q: string) => areasByName(store, q),
        };
        const whole = await findAreas(
          { q: withoutMarks(`Khu ${list[index]}`).toUpperCase() },
          { areas: reader, rootArea: 'QN' },
        );
        const partial = await findAreas(
          { q: withoutMarks(list[index] as string) },
          { areas: reader, rootArea: 'QN' },
        );
        expect([whole[0]?.code, partial.map((a) => a.code)]).toEqual([
          `A${index}`,
          expect.arrayContaining([`A${index}`]),
        ]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
