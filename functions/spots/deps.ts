import { getArea } from '../areas/store';
import { auditLog } from '../officers/store';
import { officerLookup } from '../roster/store';
import { cacheFound } from '../shared/cache';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import type { AddSpotPorts } from './add-spot';
import type { ListSpotsPorts } from './list-spots';
import { spotStore } from './store';

/** The risk spots' ports, made once per process; places are kept a minute, as the console's are. */
export const deps = once(() => {
  const { store, clock, province } = runtime();
  const ports: AddSpotPorts & ListSpotsPorts = {
    officers: officerLookup(store),
    audit: auditLog(store, province.retention.auditDays),
    clock,
    areas: { getArea: cacheFound((code) => getArea(store, code), { ttlMs: 60_000 }) },
    spots: spotStore(store),
  };
  return { ...ports, limits: province.rateLimits };
});
