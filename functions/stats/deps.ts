import { areasByParent, getArea } from '../areas/store';
import { allCategories } from '../categories/store';
import { auditLog } from '../officers/store';
import { officerBySubject } from '../roster/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import type { FiguresPorts } from './figures';
import { countersOfPlace } from './store';

/** The figures' ports, made once per process. */
export const deps = once((): FiguresPorts => {
  const { store, clock, province } = runtime();
  return {
    officers: { officerBySubject: (email) => officerBySubject(store, email) },
    audit: auditLog(store),
    clock,
    province,
    areas: { getArea: (code) => getArea(store, code), children: (code) => areasByParent(store, code) },
    categories: { all: () => allCategories(store) },
    counters: { ofPlace: (area, from, to) => countersOfPlace(store, area, from, to) },
  };
});
