import { randomBytes } from 'node:crypto';
import { areasByParent, getArea } from '../areas/store';
import { getCategory } from '../categories/store';
import { auditLog } from '../officers/audit-store';
import { reportPartition } from '../reports/store';
import { getOfficers, officerBySubject, onDutyInAreas, shiftsOfOfficer } from '../roster/store';
import { cacheFound } from '../shared/cache';
import { dynamoIdempotencyStore } from '../shared/idempotency';
import { runtime } from '../shared/runtime';
import { dynamoStatsRecorder } from '../stats/recorder';
import { newestInProvince } from './listing';
import { placesUnder } from './places';
import type { CasePorts } from './ports';
import { applyStatusChange, getCaseRecord, putCaseEntries, reportsInPlaces } from './store';

let ports: CasePorts | undefined;

/** The console's ports, made once per process (per Lambda container; once for the local runtime). */
export function casePorts(): CasePorts {
  if (ports) return ports;
  const { store, clock, province, secrets } = runtime();
  const children = (code: string) => areasByParent(store, code);
  // Places change only when a province imports data: a minute per process saves a Query per place.
  const places = cacheFound(
    (code: string) => getArea(store, code).then((a) => (a ? placesUnder(a, children) : undefined)),
    {
      ttlMs: 60_000,
    },
  );
  ports = {
    officers: {
      officerBySubject: (email) => officerBySubject(store, email),
      byIds: (ids) => getOfficers(store, ids),
    },
    audit: auditLog(store),
    clock,
    province,
    areas: {
      getArea: cacheFound((code) => getArea(store, code), { ttlMs: 60_000 }),
      children,
      placesUnder: async (area) => (await places(area.code)) ?? [area.code],
    },
    categories: { getCategory: cacheFound((code) => getCategory(store, code), { ttlMs: 60_000 }) },
    reports: {
      getCase: (id) => getCaseRecord(store, id),
      partition: (id) => reportPartition(store, id),
      inPlaces: (list, options) => reportsInPlaces(store, list, options),
      inProvince: (options) => newestInProvince(store, options),
      applyStatusChange: (id, change) => applyStatusChange(store, id, change),
      putEntries: (id, entries) => putCaseEntries(store, id, entries),
    },
    roster: {
      shiftsOfOfficer: (officerId, from, to) => shiftsOfOfficer(store, officerId, from, to),
      onDutyInAreas: (codes, at) => onDutyInAreas(store, codes, at),
    },
    stats: dynamoStatsRecorder(store, province.timeZone),
    idempotency: dynamoIdempotencyStore(store),
    secrets,
    newChangeId: () => randomBytes(6).toString('base64url'),
  };
  return ports;
}
