import type { Area } from '../areas/model';
import { type AuditLog, authorizeAdmin, currentOfficer, type OfficerLookup } from '../officers/access';
import { InvalidInput } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { addDays, zonedInstant } from '../shared/time';
import { casesCsv, communeOf } from './csv';
import type { CaseStore } from './store';

/** The longest period one export covers: a year, a leap year's too. */
const EXPORT_MAX_DAYS = 366;
/**
 * Cases one export holds at most: about 4 MB of CSV, under the 6 MB a function may answer. A busier
 * period is refused with a word to choose a shorter one, never cut short without saying so.
 */
const EXPORT_MAX_CASES = 20_000;

export interface ExportCasesPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  province: Pick<Province, 'rootArea' | 'timeZone'>;
  areas: { getArea(code: string): Promise<Area | undefined> };
  reports: Pick<CaseStore, 'arrivedBetween'>;
}

/**
 * GET /api/officer/cases.csv: the province's cases that arrived from the first to the last day of a
 * period (the province's calendar, both days included), oldest first, as a CSV without personal data,
 * for an admin to report upward. Anyone else is refused and audited.
 */
export async function exportCases(
  identity: Identity,
  period: { from: string; to: string },
  ports: ExportCasesPorts,
): Promise<{ file: string; csv: string }> {
  const officer = await currentOfficer(identity, ports.officers);
  await authorizeAdmin(officer, 'export cases', ports);
  const days = daysFrom(period.from, period.to);
  if (days < 1 || days > EXPORT_MAX_DAYS) {
    throw new InvalidInput({ to: { key: 'field.period_too_many_days', params: { days: EXPORT_MAX_DAYS } } });
  }

  const { timeZone } = ports.province;
  const start = zonedInstant(period.from, '00:00', timeZone).toISOString();
  const end = zonedInstant(addDays(period.to, 1), '00:00', timeZone).toISOString();
  const cases = await ports.reports.arrivedBetween(start, end, EXPORT_MAX_CASES + 1);
  if (cases.length > EXPORT_MAX_CASES) {
    throw new InvalidInput({ from: { key: 'field.export_too_large', params: { max: EXPORT_MAX_CASES } } });
  }

  // The communes' names: a case filed at a commune carries its own, the others need a look-up each.
  const codes = new Set(cases.map(communeOf).filter((code, i) => code && code !== cases[i]?.area));
  const names = new Map<string, string>();
  await Promise.all(
    [...codes].map(async (code) => {
      const area = code ? await ports.areas.getArea(code) : undefined;
      if (area) names.set(area.code, area.name);
    }),
  );
  return {
    file: `tuquan-cases-${period.from}-${period.to}.csv`,
    csv: casesCsv(cases, names, timeZone),
  };
}

/** Days from `from` to `to`, both included: 1 for a single day, 0 or less when `to` comes first. */
function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
