import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import { Conflict, InvalidInput, NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import { log } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { RiskSpot, SpotRef } from '../spots/model';
import { localMonth, type Tally } from '../stats/model';
import { spotCounts } from './model';
import type { PatrolStore } from './store';

export interface CaseSpotPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  province: Pick<Province, 'timeZone'>;
  spots: { get(id: string): Promise<RiskSpot | undefined> };
  patrols: Pick<PatrolStore, 'getReport' | 'setReportSpot'>;
  counters(area: string, month: string, tally: Tally): Promise<void>;
}

/**
 * POST /api/officer/reports/{id}/spot: an officer of the case names the risk spot it happened at (a
 * spot of the report's place or of a place above it), or none. One conditional write on the report,
 * on the spot it named when read: when two officers change it at once, one wins and the other is told.
 * The figures move the incident from the old spot to the new one in the month the report arrived.
 */
export async function setCaseSpot(
  identity: Identity,
  id: string,
  input: { spot?: string | undefined },
  ports: CaseSpotPorts,
): Promise<{ id: string; spot?: SpotRef }> {
  const officer = await currentOfficer(identity, ports.officers);
  const report = await ports.patrols.getReport(id);
  if (!report) throw new NotFound('error.report_not_found');
  await authorizeArea(officer, { code: report.area, ancestors: report.ancestors }, 'set report spot', ports);

  let spot: SpotRef | undefined;
  if (input.spot) {
    const found = await ports.spots.get(input.spot);
    const applies = found && (found.area === report.area || report.ancestors.includes(found.area));
    if (!found || !applies) throw new InvalidInput({ spot: { key: 'field.unknown_spot' } });
    spot = { id: found.id, name: found.name };
  }
  const previous = report.spot?.id;
  if (previous === spot?.id) return { id, ...(report.spot ? { spot: report.spot } : {}) };
  if (!(await ports.patrols.setReportSpot(id, spot, previous))) throw new Conflict('error.conflict');

  const month = localMonth(report.createdAt, ports.province.timeZone);
  const writes = await Promise.allSettled(
    spotCounts(report, previous, spot?.id).map((place) => ports.counters(place.area, month, place.tally)),
  );
  if (writes.some((w) => w.status === 'rejected'))
    log.error('stats count lost', { event: 'spot', reportId: id });
  return { id, ...(spot ? { spot } : {}) };
}
