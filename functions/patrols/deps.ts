import { randomBytes } from 'node:crypto';
import { getArea } from '../areas/store';
import { auditLog } from '../officers/store';
import { getOfficers, officerLookup } from '../roster/store';
import { cacheFound } from '../shared/cache';
import { dynamoIdempotencyStore } from '../shared/idempotency';
import { once } from '../shared/once';
import { encodeCrockford } from '../shared/receipts';
import { runtime } from '../shared/runtime';
import { spotStore } from '../spots/store';
import { coalescingCounters } from '../stats/store';
import type { CaseSpotPorts } from './case-spot';
import type { ListPatrolsPorts } from './list-patrols';
import type { RecordPatrolPorts } from './record-patrol';
import { patrolStore } from './store';

/** The patrols' ports, made once per process; places are kept a minute, as the console's are. */
export const deps = once(() => {
  const { store, clock, province, secrets } = runtime();
  const ports: RecordPatrolPorts & ListPatrolsPorts & CaseSpotPorts = {
    officers: { ...officerLookup(store), byIds: (ids) => getOfficers(store, ids) },
    audit: auditLog(store, province.retention.auditDays),
    clock,
    province,
    areas: { getArea: cacheFound((code) => getArea(store, code), { ttlMs: 60_000 }) },
    spots: spotStore(store),
    patrols: patrolStore(store),
    counters: coalescingCounters(store),
    idempotency: dynamoIdempotencyStore(store),
    secrets,
    // 16 lower-case base32 characters, like report ids.
    newId: () => encodeCrockford(randomBytes(10)).toLowerCase(),
  };
  return { ...ports, limits: province.rateLimits };
});
