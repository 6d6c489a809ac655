import { describe, expect, it } from 'vitest';
import type { Patrol } from '../../functions/patrols/model';
import { patrolStore } from '../../functions/patrols/store';
import { runPatrolsRelist } from '../../infra/cli/commands';
import { runOnTestTable } from '../support/cli';
import { testStore } from '../support/store';
import { allItems } from './reports-arrange';

const store = testStore();
const patrols = patrolStore(store);

/** A group's evening patrol, stored as its record stores it but with no listing above its place. */
const UNLISTED: Patrol = {
  id: 'p000000000000001',
  area: 'UONG-BI-QT5A',
  areaName: 'Khu Quang Trung 5A',
  ancestors: ['QN', 'UONG-BI'],
  startedAt: '2025-05-02T13:00:00.000Z',
  endedAt: '2025-05-02T14:00:00.000Z',
  officers: [],
  volunteers: 4,
  places: [],
  spots: [],
  notes: 'Ngõ 7 yên tĩnh.',
  reports: [],
  createdAt: '2025-05-02T14:05:00.000Z',
  createdBy: 'UB-QT5A-TT',
};
const MAY_2 = { from: '2025-05-02T00:00:00.000Z', to: '2025-05-03T00:00:00.000Z', limit: 20 };

const run = () => runOnTestTable(runPatrolsRelist, store);

describe('npm run patrols:relist', () => {
  it('lists a patrol missing from the lists above its place under each of them, and a second run changes nothing', async () => {
    await patrols.add(UNLISTED, undefined);
    const before = await patrols.underPlace('UONG-BI', MAY_2);

    const first = await run();
    const afterFirst = await allItems(store);
    const second = await run();

    const place = `the DynamoDB-API server at ${process.env.TUQUAN_DYNAMODB_ENDPOINT}, table ${store.table}`;
    expect(before).toEqual({ patrols: [] });
    expect(first).toEqual({
      code: 0,
      lines: [
        `Listing patrols under the places above their own in ${place} (province quang-ninh).`,
        'Listed 1 patrol.',
      ],
    });
    expect(second.lines.at(-1)).toBe('Listed 1 patrol.');
    expect(await allItems(store)).toEqual(afterFirst);
    expect(
      afterFirst
        .filter((item) => item.pk === `PATROL#${UNLISTED.id}`)
        .map((item) => item.sk)
        .sort(),
    ).toEqual(['IN#QN', 'IN#UONG-BI', 'PATROL']);
    expect(await patrols.underPlace('UONG-BI', MAY_2)).toEqual({ patrols: [UNLISTED] });
    expect(await patrols.underPlace('QN', MAY_2)).toEqual({ patrols: [UNLISTED] });
  });
});
