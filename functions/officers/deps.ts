import { getArea } from '../areas/store';
import { officerLookup } from '../roster/store';
import { cacheFound } from '../shared/cache';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';

/** The officers folder's ports, made once per process. Places change only when a province imports data. */
export const deps = once(() => {
  const { store, province } = runtime();
  return {
    officers: officerLookup(store),
    province,
    areas: { getArea: cacheFound((code: string) => getArea(store, code), { ttlMs: 60_000 }) },
    limits: province.rateLimits,
  };
});
