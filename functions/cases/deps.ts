import { randomBytes } from 'node:crypto';
import { type Area, placesUnder } from '../areas/model';
import { areasByParent, getArea } from '../areas/store';
import { getCategory } from '../categories/store';
import { auditLog } from '../officers/store';
import { getPlaybook } from '../playbooks/store';
import { getOfficers, officerLookup, onDutyInAreas, shiftsOfOfficer } from '../roster/store';
import { cacheFound } from '../shared/cache';
import { dynamoIdempotencyStore } from '../shared/idempotency';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { dynamoStatsRecorder } from '../stats/store';
import { caseStore } from './store';

/**
 * The console's ports, made once per process. Places and categories change only when a province
 * imports data: keeping them a minute per process saves a read per request and a Query per place.
 */
export const deps = once(() => {
  const { store, clock, province, secrets } = runtime();
  const children = (code: string) => areasByParent(store, code);
  const places = cacheFound(
    (code: string) => getArea(store, code).then((a) => (a ? placesUnder(a, children) : undefined)),
    { ttlMs: 60_000 },
  );
  return {
    officers: { ...officerLookup(store), byIds: (ids: readonly string[]) => getOfficers(store, ids) },
    audit: auditLog(store, province.retention.auditDays),
    clock,
    province,
    limits: province.rateLimits,
    areas: {
      getArea: cacheFound((code) => getArea(store, code), { ttlMs: 60_000 }),
      children,
      placesUnder: async (area: Area) => (await places(area.code)) ?? [area.code],
    },
    categories: { getCategory: cacheFound((code) => getCategory(store, code), { ttlMs: 60_000 }) },
    // Imported like the categories: a minute per process.
    playbooks: { getPlaybook: cacheFound((category) => getPlaybook(store, category), { ttlMs: 60_000 }) },
    reports: caseStore(store),
    roster: {
      shiftsOfOfficer: (officerId: string, from: Date, to: Date) =>
        shiftsOfOfficer(store, officerId, from, to),
      onDutyInAreas: (codes: readonly string[], at: Date) => onDutyInAreas(store, codes, at),
    },
    stats: dynamoStatsRecorder(store, province.timeZone),
    idempotency: dynamoIdempotencyStore(store),
    secrets,
    newChangeId: () => randomBytes(6).toString('base64url'),
  };
});
