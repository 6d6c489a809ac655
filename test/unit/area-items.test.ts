import { describe, expect, it } from 'vitest';
import { areaItems } from '../../functions/areas/store';

describe('areaItems', () => {
  it('writes one name-index item per word, partitioned by its first letter', () => {
    const items = areaItems({
      code: 'UB-QT5A',
      name: 'Khu Quang Trung 5A',
      kind: 'residential_group',
      parent: 'UB',
      ancestors: ['QN', 'UB'],
    });
    expect(items.filter((i) => i.type === 'areaName').map((i) => [i.pk, i.sk])).toEqual([
      ['AREANAME#k', 'khu quang trung 5a#UB-QT5A'],
      ['AREANAME#q', 'quang trung 5a#UB-QT5A'],
      ['AREANAME#t', 'trung 5a#UB-QT5A'],
      ['AREANAME#5', '5a#UB-QT5A'],
    ]);
  });

  it('keeps a letter outside the Basic Multilingual Plane whole in the partition key', () => {
    const items = areaItems({ code: 'X1', name: '𝐀lpha', kind: 'village', parent: 'QN', ancestors: ['QN'] });
    const pk = items.find((i) => i.type === 'areaName')?.pk as string;
    expect(pk).toBe('AREANAME#𝐀');
    expect(encodeURIComponent(pk)).toBe(`AREANAME%23${encodeURIComponent('𝐀')}`);
  });
});
