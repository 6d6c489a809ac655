import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { allPlaces } from '../../functions/areas/all-places';
import { AREA_KINDS, type Area, type AreaKind } from '../../functions/areas/model';
import { parseCsvText } from '../../infra/import/csv';
import { generateProvince } from '../support/province-generator';

/** The areas of a province as the store gives them, with a fake of the two reads the walk makes. */
function fakeStore(areas: Area[]) {
  const asked: string[] = [];
  return {
    asked,
    ports: {
      rootArea: areas[0]?.code ?? 'QN',
      areas: {
        getArea: async (code: string) => areas.find((a) => a.code === code),
        areasByParent: async (parent: string) => {
          asked.push(parent);
          return areas.filter((a) => a.parent === parent);
        },
      },
    },
  };
}

const area = (code: string, name: string, kind: AreaKind, parent?: string): Area => ({
  code,
  name,
  kind,
  ancestors: [],
  ...(parent ? { parent } : {}),
});

/** The generated "large province" of the import bench: 1 province, 170 communes and wards, 1,500 groups. */
function largeProvince(): Area[] {
  const folder = mkdtempSync(join(tmpdir(), 'tuquan-places-'));
  try {
    generateProvince(folder);
    const table = parseCsvText(readFileSync(join(folder, 'areas.csv'), 'utf8'), 'areas.csv');
    return table.records.map((record) => {
      const [code, name, kind, parent] = record.cells.map((cell) => cell.value);
      return area(code ?? '', name ?? '', kind as AreaKind, parent || undefined);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe("the province's places in one compact answer", () => {
  it('lists the province, then its communes and wards, then their villages, each pointing at its parent row', async () => {
    const { ports, asked } = fakeStore([
      area('QN', 'Quảng Ninh', 'province'),
      area('UONG-BI', 'Uông Bí', 'ward', 'QN'),
      area('UONG-BI-QT5A', 'Khu Quang Trung 5A', 'residential_group', 'UONG-BI'),
      area('CO-TO', 'Cô Tô', 'special_zone', 'QN'),
      area('CO-TO-T1', 'Thôn 1', 'village', 'CO-TO'),
    ]);

    const copy = await allPlaces(ports);

    expect(copy).toEqual({
      kinds: AREA_KINDS,
      places: [
        ['QN', 'Quảng Ninh', AREA_KINDS.indexOf('province'), -1],
        ['UONG-BI', 'Uông Bí', AREA_KINDS.indexOf('ward'), 0],
        ['CO-TO', 'Cô Tô', AREA_KINDS.indexOf('special_zone'), 0],
        ['UONG-BI-QT5A', 'Khu Quang Trung 5A', AREA_KINDS.indexOf('residential_group'), 1],
        ['CO-TO-T1', 'Thôn 1', AREA_KINDS.indexOf('village'), 2],
      ],
    });
    // Villages and groups have nothing under them: they are never asked for children.
    expect(asked).toEqual(['QN', 'UONG-BI', 'CO-TO']);
  });

  it('is empty when the province itself is not imported yet', async () => {
    const { ports } = fakeStore([]);

    expect(await allPlaces(ports)).toEqual({ kinds: AREA_KINDS, places: [] });
  });

  it('keeps a province of 1,671 places under 16 KB gzipped, what a phone downloads once', async () => {
    const areas = largeProvince();
    const { ports, asked } = fakeStore(areas);

    const copy = await allPlaces(ports);
    const gzipped = gzipSync(JSON.stringify(copy), { level: 6 }).length;

    expect(copy.places).toHaveLength(1671);
    expect(asked).toHaveLength(1 + 170);
    expect(gzipped).toBeLessThan(16 * 1024);
  });
});
