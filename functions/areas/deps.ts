import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { areasByName, areasByParent, getArea } from './store';

/** The areas folder's ports, made once per process. */
export const deps = once(() => {
  const { store, province } = runtime();
  return {
    rootArea: province.rootArea,
    limits: province.rateLimits,
    areas: {
      getArea: (code: string) => getArea(store, code),
      areasByParent: (parent: string) => areasByParent(store, parent),
      areasByName: (query: string) => areasByName(store, query),
    },
  };
});
