import { officerLookup } from '../roster/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';

/** The officers folder's ports, made once per process. */
export const deps = once(() => {
  const { store, province } = runtime();
  return { officers: officerLookup(store), limits: province.rateLimits };
});
