import type { Area } from '../areas/model';
import type { Category } from '../categories/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import { InvalidInput, NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { computeFigures, type FigureInputs, type Figures, previousPeriod } from './figures';
import { localMonth, monthsFrom } from './months';
import type { Tally } from './tally';

/** Longest period one page compares with the year before. */
export const MAX_MONTHS = 24;

export interface StatsPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  province: Pick<Province, 'rootArea' | 'timeZone' | 'sms'>;
  areas: { getArea(code: string): Promise<Area | undefined>; children(code: string): Promise<Area[]> };
  categories: { all(): Promise<Category[]> };
  counters: { ofPlace(area: string, from: string, to: string): Promise<Map<string, Tally>> };
}

export interface FiguresQuery {
  area?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * GET /api/officer/stats: the figures of one place for a period of months, against the same months a
 * year before. Admins may ask for any place (the province by default), officers for the places they
 * serve (their first by default). Drawn from counters (two Queries and the names), never from reports.
 */
export async function figuresFor(
  identity: Identity,
  query: FiguresQuery,
  ports: StatsPorts,
): Promise<{ figures: Figures; inputs: FigureInputs }> {
  const officer = await currentOfficer(identity, ports.officers);
  const current = localMonth(ports.clock.now(), ports.province.timeZone);
  const to = query.to ?? current;
  const from = query.from ?? (query.to ? to : `${current.slice(0, 4)}-01`);
  const length = monthsFrom(from, to).length;
  if (length === 0 || length > MAX_MONTHS) {
    throw new InvalidInput({ from: { key: 'field.period_too_long', params: { months: MAX_MONTHS } } });
  }

  const code =
    query.area ??
    (officer.access === 'admin' ? ports.province.rootArea : (officer.areas[0] ?? ports.province.rootArea));
  const area = await ports.areas.getArea(code);
  if (!area) throw new NotFound('error.area_not_found');
  await authorizeArea(officer, area, 'read figures', ports);

  const period = { from, to };
  const [children, categories, counters] = await Promise.all([
    ports.areas.children(area.code),
    ports.categories.all(),
    ports.counters.ofPlace(area.code, previousPeriod(period).from, to),
  ]);
  const inputs: FigureInputs = {
    area: { code: area.code, name: area.name },
    children: children.map((c) => ({ code: c.code, name: c.name })),
    categories,
    period,
    counters,
    smsPriceUsd: ports.province.sms.estimatedPriceUsd,
  };
  return { figures: computeFigures(inputs), inputs };
}
