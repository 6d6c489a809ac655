import { getCategory } from '../categories/store';
import { officerLookup } from '../roster/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import type { ShowPlaybookPorts } from './show';
import { getPlaybook } from './store';

/** The playbooks folder's ports, made once per process. */
export const deps = once(() => {
  const { store, province } = runtime();
  const ports: ShowPlaybookPorts = {
    officers: officerLookup(store),
    categories: { getCategory: (code) => getCategory(store, code) },
    playbooks: { getPlaybook: (category) => getPlaybook(store, category) },
  };
  return { ...ports, limits: province.rateLimits };
});
