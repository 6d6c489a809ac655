import type { OfficerLookup } from '../../functions/officers/access';
import type { Officer } from '../../functions/roster/model';

/**
 * The officer look-up of roster/store.ts over a list in memory: by bound sub, by login, and the binding
 * that records a sub once (a second, different one is refused).
 */
export function memoryOfficerLookup(officers: readonly Officer[]): OfficerLookup {
  const subs = new Map(officers.flatMap((o) => (o.sub ? [[o.id, o.sub] as const] : [])));
  const withSub = (o: Officer): Officer => {
    const sub = subs.get(o.id);
    return sub ? { ...o, sub } : o;
  };
  const sole = (found: Officer[]) => (found.length === 1 && found[0] ? withSub(found[0]) : undefined);
  return {
    officerBySubject: async (sub) => sole(officers.filter((o) => subs.get(o.id) === sub)),
    officerByLogin: async (email) => sole(officers.filter((o) => o.login === email.trim().toLowerCase())),
    bindSubject: async (officer, sub) => {
      const held = subs.get(officer.id);
      if (held !== undefined && held !== sub) return false;
      subs.set(officer.id, sub);
      return true;
    },
  };
}
