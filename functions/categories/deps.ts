import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { allCategories } from './store';

/** The categories folder's ports, made once per process. */
export const deps = once(() => {
  const { store, province } = runtime();
  return { allCategories: () => allCategories(store), limits: province.rateLimits };
});
