import type { Area } from '../areas/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import { InvalidInput, NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { addDays, localDate, zonedInstant } from '../shared/time';
import type { Patrol } from './model';
import { decodeCursor, encodeCursor, type PatrolQuery } from './schema';
import type { PatrolStore } from './store';

/** Patrols a page shows. */
const PATROL_PAGE = 20;
/** With no `from`, the list reaches back this many days. */
const DEFAULT_DAYS = 90;

export interface ListPatrolsPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  province: Pick<Province, 'timeZone'>;
  areas: { getArea(code: string): Promise<Area | undefined> };
  patrols: Pick<PatrolStore, 'underPlace'>;
}

export interface PatrolPage {
  patrols: Patrol[];
  /** Present when there are older patrols in the period: pass it back as `cursor`. */
  cursor?: string;
}

/**
 * GET /api/officer/patrols?area=&from=&to=&cursor=: the patrols recorded for a place the officer serves
 * and for every place under it (a commune's list holds its villages' patrols, as its figures count
 * them), that started from the first to the last day (the province's calendar, both included; by
 * default the last 90 days), newest first, a page at a time: one Query of the place's list, bounded
 * by the period, and one BatchGet of the patrols of the places under it on that page.
 */
export async function listPatrols(
  identity: Identity,
  query: PatrolQuery,
  ports: ListPatrolsPorts,
): Promise<PatrolPage> {
  const officer = await currentOfficer(identity, ports.officers);
  const before = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
  if (query.cursor !== undefined && !before) throw new InvalidInput({ cursor: { key: 'field.invalid' } });
  const area = await ports.areas.getArea(query.area);
  if (!area) throw new NotFound('error.area_not_found');
  await authorizeArea(officer, area, 'list patrols', ports);

  const { timeZone } = ports.province;
  const today = localDate(ports.clock.now(), timeZone);
  const last = query.to ?? today;
  const first = query.from ?? addDays(last, -DEFAULT_DAYS);
  if (first > last) throw new InvalidInput({ to: { key: 'field.invalid_day' } });
  const { patrols, next } = await ports.patrols.underPlace(area.code, {
    from: zonedInstant(first, '00:00', timeZone).toISOString(),
    to: zonedInstant(addDays(last, 1), '00:00', timeZone).toISOString(),
    before,
    limit: PATROL_PAGE,
  });
  return { patrols, ...(next ? { cursor: encodeCursor(next) } : {}) };
}
