import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAreas } from '../../functions/areas/find-areas';
import type { Area } from '../../functions/areas/model';
import { areaItems, areasByName, areasByParent, getArea } from '../../functions/areas/store';
import type { Store } from '../../functions/shared/store/client';

/**
 * A store that answers the Query and GetItem calls of functions/areas/store.ts from memory, over
 * exactly the items the import writes (areaItems): the real key layout and the real search code,
 * thousands of times a second.
 */
function memoryStore(areas: Area[]): Store {
  const items = areas.flatMap(areaItems);
  const send = async (command: { input: QueryCommandInput & { Key?: { pk: string; sk: string } } }) => {
    const input = command.input;
    if (input.Key) return { Item: items.find((i) => i.pk === input.Key?.pk && i.sk === input.Key?.sk) };
    const values = input.ExpressionAttributeValues ?? {};
    const matches =
      input.IndexName === 'gsi1'
        ? items.filter((i) => i.gsi1pk === values[':pk'])
        : items.filter((i) => i.pk === values[':pk'] && String(i.sk).startsWith(String(values[':q'])));
    const sortKey = input.IndexName === 'gsi1' ? 'gsi1sk' : 'sk';
    // DynamoDB orders sort keys by their UTF-8 bytes.
    matches.sort((a, b) => Buffer.compare(Buffer.from(String(a[sortKey])), Buffer.from(String(b[sortKey]))));
    return { Items: matches };
  };
  return { doc: { send } as unknown as Store['doc'], table: 'memory' };
}

/** Vietnamese letters with their marks, to strip them independently of foldForSearch. */
const BASE: Record<string, string> = {};
for (const [base, marked] of Object.entries({
  a: 'àáảãạăằắẳẵặâầấẩẫậ',
  e: 'èéẻẽẹêềếểễệ',
  i: 'ìíỉĩị',
  o: 'òóỏõọôồốổỗộơờớởỡợ',
  u: 'ùúủũụưừứửữự',
  y: 'ỳýỷỹỵ',
  d: 'đ',
})) {
  for (const letter of marked) {
    BASE[letter] = base;
    BASE[letter.toUpperCase()] = base.toUpperCase();
  }
}
const withoutMarks = (text: string) => [...text].map((c) => BASE[c] ?? c).join('');

const INITIALS = [
  '',
  'b',
  'c',
  'ch',
  'd',
  'đ',
  'g',
  'gi',
  'h',
  'kh',
  'l',
  'm',
  'n',
  'ng',
  'nh',
  'ph',
  'qu',
  's',
  't',
  'th',
  'tr',
  'v',
  'x',
];
const VOWELS = [
  'a',
  'à',
  'á',
  'ả',
  'ã',
  'ạ',
  'ă',
  'ằ',
  'ắ',
  'â',
  'ấ',
  'ậ',
  'e',
  'é',
  'ê',
  'ế',
  'ề',
  'ệ',
  'i',
  'í',
  'ì',
  'o',
  'ó',
  'ô',
  'ố',
  'ồ',
  'ơ',
  'ớ',
  'ờ',
  'ợ',
  'u',
  'ú',
  'ư',
  'ứ',
  'ừ',
  'y',
  'ý',
  'uô',
  'uố',
  'ươ',
  'ướ',
  'iê',
  'iế',
];
const FINALS = ['', '', 'n', 'ng', 'nh', 'c', 'ch', 'm', 'p', 't', 'i', 'o', 'u'];

const syllable = fc
  .tuple(fc.constantFrom(...INITIALS), fc.constantFrom(...VOWELS), fc.constantFrom(...FINALS), fc.boolean())
  .map(([i, v, f, capital]) => {
    const s = `${i}${v}${f}`;
    return capital ? s.charAt(0).toUpperCase() + s.slice(1) : s;
  });
const placeName = fc
  .tuple(
    fc.constantFrom('', 'Khu ', 'Thôn ', 'Bản ', 'Tổ dân phố ', 'Xã ', 'Phường '),
    fc.array(syllable, { minLength: 1, maxLength: 4 }),
    fc.constantFrom('', ' 1', ' 5A', ' 12'),
  )
  .map(([prefix, words, suffix]) => `${prefix}${words.join(' ')}${suffix}`);

/** Up to 20 places under one ward: fewer than the 20 results search may return, so none is crowded out. */
const places = fc
  .array(placeName, { minLength: 1, maxLength: 20 })
  .map((names) =>
    names.map(
      (name, i): Area => ({ code: `A${i}`, name, kind: 'village', parent: 'W', ancestors: ['QN', 'W'] }),
    ),
  );

function randomCase(text: string, flips: boolean[]): string {
  return [...text].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join('');
}

async function search(areas: Area[], q: string): Promise<string[]> {
  const store = memoryStore(areas);
  const reader = {
    getArea: (code: string) => getArea(store, code),
    areasByParent: (parent: string) => areasByParent(store, parent),
    areasByName: (query: string) => areasByName(store, query),
  };
  return (await findAreas({ q }, { areas: reader, rootArea: 'QN' })).map((a) => a.code);
}

describe('area search over imported names', () => {
  it('never misses a place given its whole name without diacritics, in any case', async () => {
    await fc.assert(
      fc.asyncProperty(
        places,
        fc.nat(),
        fc.array(fc.boolean(), { minLength: 1 }),
        async (areas, pick, flips) => {
          const target = areas[pick % areas.length] as Area;
          const found = await search(areas, randomCase(withoutMarks(target.name), flips));
          expect(found).toContain(target.code);
        },
      ),
      { numRuns: 1000 },
    );
  }, 30_000);

  it('never misses a place given the start of any of its words without diacritics', async () => {
    await fc.assert(
      fc.asyncProperty(places, fc.nat(), fc.nat(), fc.nat(), async (areas, pick, wordPick, cut) => {
        const target = areas[pick % areas.length] as Area;
        const words = withoutMarks(target.name).split(' ');
        const word = words[wordPick % words.length] as string;
        const prefix = word.slice(0, 1 + (cut % word.length));
        const found = await search(areas, prefix);
        expect(found).toContain(target.code);
      }),
      { numRuns: 1000 },
    );
  }, 30_000);

  it('ranks the place whose whole name was typed first', async () => {
    const areas: Area[] = [
      { code: 'A1', name: 'Khu Uông Bí mới', kind: 'village', parent: 'W', ancestors: ['QN', 'W'] },
      { code: 'A2', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
      { code: 'A3', name: 'Uông Bí 2', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
    ];
    expect(await search(areas, 'UONG BI')).toEqual(['A2', 'A3', 'A1']);
  });
});
