import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/areas/all.handler';
import { AREA_KINDS, type Area } from '../../functions/areas/model';
import { areaItems } from '../../functions/areas/store';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { putItems, testStore } from '../support/store';

const AREAS: Area[] = [
  { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
  { code: 'UONG-BI', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  { code: 'DUONG-HOA', name: 'Đường Hoa', kind: 'commune', parent: 'QN', ancestors: ['QN'] },
  {
    code: 'UONG-BI-YT2',
    name: 'Khu Yên Thanh 2',
    kind: 'residential_group',
    parent: 'UONG-BI',
    ancestors: ['QN', 'UONG-BI'],
  },
  {
    code: 'UONG-BI-QT5A',
    name: 'Khu Quang Trung 5A',
    kind: 'residential_group',
    parent: 'UONG-BI',
    ancestors: ['QN', 'UONG-BI'],
  },
  {
    code: 'DUONG-HOA-NS',
    name: 'Bản Nà Sa',
    kind: 'hamlet',
    parent: 'DUONG-HOA',
    ancestors: ['QN', 'DUONG-HOA'],
  },
];

const store = testStore();
const kind = (k: Area['kind']) => AREA_KINDS.indexOf(k);

beforeAll(async () => {
  await putItems(store, AREAS.flatMap(areaItems));
});

describe('GET /api/areas/all', () => {
  it("answers the province's places from the table, each parent's row before its children, by name within a parent", async () => {
    const result = await handler(httpEvent({ path: '/api/areas/all' }), lambdaContext);

    expect(jsonOf(result)).toEqual({
      status: 200,
      body: {
        kinds: [...AREA_KINDS],
        places: [
          ['QN', 'Quảng Ninh', kind('province'), -1],
          ['DUONG-HOA', 'Đường Hoa', kind('commune'), 0],
          ['UONG-BI', 'Uông Bí', kind('ward'), 0],
          ['DUONG-HOA-NS', 'Bản Nà Sa', kind('hamlet'), 1],
          ['UONG-BI-QT5A', 'Khu Quang Trung 5A', kind('residential_group'), 2],
          ['UONG-BI-YT2', 'Khu Yên Thanh 2', kind('residential_group'), 2],
        ],
      },
    });
    // Places change only with an import: shared caches may keep it an hour.
    expect(result.headers?.['cache-control']).toBe('public, max-age=3600');
  });
});
