import type { Area } from '../areas/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import type { Report } from '../reports/model';
import type { Officer } from '../roster/model';
import { servesArea } from '../roster/model';
import { type FieldProblem, InvalidInput, NotFound } from '../shared/errors';
import { type IdempotencyStore, rememberAnswer } from '../shared/idempotency';
import type { Identity } from '../shared/identity';
import { log } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { Secrets } from '../shared/secrets';
import { type RiskSpot, spotIn } from '../spots/model';
import { localMonth, type Tally } from '../stats/model';
import {
  PATROL_MAX_AGE_DAYS,
  PATROL_MAX_HOURS,
  type Patrol,
  patrolCounts,
  patrolNotesErasure,
  patrolTimesProblem,
} from './model';
import type { PatrolInput } from './schema';
import type { PatrolStore } from './store';

export interface RecordPatrolPorts {
  officers: OfficerLookup & { byIds(ids: readonly string[]): Promise<Map<string, Officer>> };
  audit: AuditLog;
  clock: Clock;
  province: Pick<Province, 'timeZone' | 'retention'>;
  areas: { getArea(code: string): Promise<Area | undefined> };
  spots: { byIds(ids: readonly string[]): Promise<Map<string, RiskSpot>> };
  patrols: Pick<PatrolStore, 'add' | 'listUnder' | 'reportsByIds' | 'linkReport' | 'keepReports'>;
  /** Adds a tally to one place's counters of one month (stats/store.ts coalescingCounters). */
  counters(area: string, month: string, tally: Tally): Promise<void>;
  idempotency: IdempotencyStore;
  secrets: Secrets;
  newId(): string;
}

/** The place lies in `area` or under it. */
const within = (place: Pick<Area, 'code' | 'ancestors'>, area: string) =>
  place.code === area || place.ancestors.includes(area);

/**
 * POST /api/officer/patrols: an officer records a patrol of a place they serve. Everything it names
 * must lie in that place: its places and risk spots, its reports; its officers must serve it (or a
 * place in it). The patrol is one new item, counted once in the month's counters of its place and
 * those above when the item is created (a retry with the same Idempotency-Key finds the item and
 * counts nothing); then it is listed under every place above its own, and its reports are marked as
 * raised on it (one that another patrol took meanwhile is taken off this patrol's list).
 */
export async function recordPatrol(
  identity: Identity,
  input: PatrolInput,
  request: { idempotencyKey?: string | undefined },
  ports: RecordPatrolPorts,
): Promise<{ id: string; created: boolean }> {
  const officer = await currentOfficer(identity, ports.officers);
  const area = await ports.areas.getArea(input.area);
  if (!area) throw new NotFound('error.area_not_found');
  await authorizeArea(officer, area, 'record patrol', ports);

  const now = ports.clock.now();
  const startedAt = new Date(input.startedAt).toISOString();
  const endedAt = new Date(input.endedAt).toISOString();
  const problems: Record<string, FieldProblem> = {};
  const times = patrolTimesProblem(startedAt, endedAt, now);
  if (times)
    problems[times.field] = {
      key: times.key,
      ...(times.key === 'field.patrol_too_long' ? { params: { hours: PATROL_MAX_HOURS } } : {}),
      ...(times.key === 'field.patrol_too_old' ? { params: { days: PATROL_MAX_AGE_DAYS } } : {}),
    };

  const [places, spots, colleagues, reports] = await Promise.all([
    Promise.all(input.places.map((code) => ports.areas.getArea(code))),
    ports.spots.byIds(input.spots),
    ports.officers.byIds(input.officers),
    ports.patrols.reportsByIds(input.reports),
  ]);
  if (places.some((p) => !p || !within(p, area.code))) problems.places = { key: 'field.outside_area' };
  if (input.spots.some((id) => !spots.has(id) || !spotIn(spots.get(id) as RiskSpot, area.code)))
    problems.spots = { key: 'field.unknown_spot' };
  if (!(await officersServe(input.officers, colleagues, area, ports)))
    problems.officers = { key: 'field.unknown_officer' };
  if (input.reports.some((r) => !within(placeOf(reports.get(r)), area.code)))
    problems.reports = { key: 'field.unknown_report' };
  if (Object.keys(problems).length > 0) throw new InvalidInput(problems);

  const propose = () => ({ id: ports.newId(), at: now.toISOString() });
  const remembered = request.idempotencyKey
    ? await rememberAnswer(
        ports,
        { scope: `patrol#${officer.id}`, key: request.idempotencyKey, body: input },
        propose,
      )
    : { answer: propose(), replay: false, release: async () => undefined };
  const { id, at } = remembered.answer;
  // Raised on another patrol: refused, unless this is a retry, which must go on to finish a patrol it
  // may have stored already (its listings, its links); a report another patrol took meanwhile is then
  // dropped from this one's list below, as in a race.
  if (!remembered.replay && input.reports.some((r) => (reports.get(r)?.patrol?.id ?? id) !== id)) {
    await remembered.release();
    throw new InvalidInput({ reports: { key: 'field.report_on_other_patrol' } });
  }
  const patrol: Patrol = {
    id,
    area: area.code,
    areaName: area.name,
    ancestors: area.ancestors,
    startedAt,
    endedAt,
    officers: [...new Set(input.officers)],
    volunteers: input.volunteers,
    places: [...new Set(input.places)],
    spots: [...new Set(input.spots)].map((s) => ({ id: s, name: (spots.get(s) as RiskSpot).name })),
    notes: input.notes ?? '',
    reports: [...new Set(input.reports)],
    createdAt: at,
    createdBy: officer.id,
  };
  const created =
    (await ports.patrols.add(patrol, patrolNotesErasure(patrol, ports.province.retention))) === 'created';
  // Counted first: a retry finds the patrol and counts nothing, so a write failing below must not
  // come before the count (counting itself never throws).
  if (created) await countPatrol(patrol, ports);
  // The listings come after the patrol, and on a replay too: a request that died between the two is
  // completed by its retry with the same Idempotency-Key (the answer, so the id, is recorded; the
  // Puts are whole and idempotent). Written first, they could outlive a patrol never stored.
  await ports.patrols.listUnder(patrol);
  // A report another patrol took between the check and here stays with that patrol, and this one no
  // longer names it: a report is raised on one patrol, whichever list shows it.
  const linked = await Promise.all(patrol.reports.map((r) => ports.patrols.linkReport(r, patrol)));
  if (linked.includes(false))
    await ports.patrols.keepReports(
      id,
      patrol.reports.filter((_, i) => linked[i]),
    );
  return { id, created };
}

/** Each named officer serves the place, a place above it, or a place in it. */
async function officersServe(
  ids: readonly string[],
  found: ReadonlyMap<string, Officer>,
  area: Area,
  ports: Pick<RecordPatrolPorts, 'areas'>,
): Promise<boolean> {
  for (const id of ids) {
    const colleague = found.get(id);
    if (!colleague) return false;
    if (colleague.access === 'admin' || servesArea(colleague.areas, area)) continue;
    const served = await Promise.all(colleague.areas.map((code) => ports.areas.getArea(code)));
    if (!served.some((p) => p && within(p, area.code))) return false;
  }
  return true;
}

/** A report's place, or none that lies anywhere for a report not found. */
function placeOf(report: Report | undefined): Pick<Area, 'code' | 'ancestors'> {
  return report ? { code: report.area, ancestors: report.ancestors } : { code: '', ancestors: [] };
}

/** Counts the patrol in its month, in every place from the province down; a lost count is logged, never thrown. */
async function countPatrol(patrol: Patrol, ports: Pick<RecordPatrolPorts, 'counters' | 'province'>) {
  const month = localMonth(patrol.startedAt, ports.province.timeZone);
  const writes = await Promise.allSettled(
    patrolCounts(patrol).map((place) => ports.counters(place.area, month, place.tally)),
  );
  if (writes.some((w) => w.status === 'rejected'))
    log.error('stats count lost', { event: 'patrol', patrolId: patrol.id });
}
