import { describe, expect, it } from 'vitest';
import { placesUnder } from '../../functions/areas/model';
import { AREAS } from './cases-fakes';

describe('placesUnder', () => {
  it('lists an area and every place under it, asking only places that can have children', async () => {
    const asked: string[] = [];
    const children = async (code: string) => {
      asked.push(code);
      return AREAS.filter((a) => a.parent === code);
    };
    const province = AREAS[0] as (typeof AREAS)[number];

    expect(await placesUnder(province, children)).toEqual([
      'QN',
      'HA-LONG',
      'UONG-BI',
      'HA-LONG-K1',
      'UONG-BI-QT5A',
      'UONG-BI-YT2',
    ]);
    expect(asked).toEqual(['QN', 'HA-LONG', 'UONG-BI']);
  });
});
