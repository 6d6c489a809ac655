import { floodAlertsOn } from '../abuse/store';
import { areasByParent, getArea } from '../areas/store';
import { allCategories } from '../categories/store';
import { auditLog } from '../officers/store';
import { allPlaybooks } from '../playbooks/store';
import { officerLookup } from '../roster/store';
import { once } from '../shared/once';
import type { Province } from '../shared/province';
import { runtime } from '../shared/runtime';
import { smsDayState } from '../sms/store';
import { spotStore } from '../spots/store';
import type { FiguresPorts } from './figures';
import { countersOfPlace, dayCountersOfPlace } from './store';

/** The figures' ports, made once per process. */
export const deps = once((): FiguresPorts & { limits: Province['rateLimits'] } => {
  const { store, clock, province } = runtime();
  return {
    officers: officerLookup(store),
    audit: auditLog(store, province.retention.auditDays),
    clock,
    province,
    limits: province.rateLimits,
    areas: { getArea: (code) => getArea(store, code), children: (code) => areasByParent(store, code) },
    categories: { all: () => allCategories(store) },
    counters: { ofPlace: (area, from, to) => countersOfPlace(store, area, from, to) },
    sms: {
      daysOfPlace: (area, from, to) => dayCountersOfPlace(store, area, from, to),
      budgetOn: (day) => smsDayState(store, day),
    },
    floods: { on: (day) => floodAlertsOn(store, day) },
    playbooks: {
      categories: async () =>
        (await allPlaybooks(store)).filter((p) => p.steps.length > 0).map((p) => p.category),
    },
    spots: spotStore(store),
  };
});
