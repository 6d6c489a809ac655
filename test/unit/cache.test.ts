import { describe, expect, it } from 'vitest';
import { cacheFound } from '../../functions/shared/cache';

describe('cacheFound', () => {
  it('reads a found value once per minute, and a missing one every time', async () => {
    let t = 0;
    const reads: string[] = [];
    const data = new Map([['QN', 'Quảng Ninh']]);
    const get = cacheFound(
      async (key: string) => {
        reads.push(key);
        return data.get(key);
      },
      { ttlMs: 60_000, now: () => t },
    );

    const first = [await get('QN'), await get('QN'), await get('NEW'), await get('NEW')];
    data.set('NEW', 'Mới');
    const imported = await get('NEW');
    t = 60_001;
    data.set('QN', 'Quảng Ninh (mới)');
    const later = await get('QN');

    expect([...first, imported, later]).toEqual([
      'Quảng Ninh',
      'Quảng Ninh',
      undefined,
      undefined,
      'Mới',
      'Quảng Ninh (mới)',
    ]);
    expect(reads).toEqual(['QN', 'NEW', 'NEW', 'NEW', 'QN']);
  });
});
