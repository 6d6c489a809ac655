import type { Area } from '../areas/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import { NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import type { RiskSpot } from './model';
import type { SpotStore } from './store';

export interface ListSpotsPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  areas: { getArea(code: string): Promise<Area | undefined> };
  spots: Pick<SpotStore, 'under' | 'at'>;
}

/**
 * GET /api/officer/risk-spots?area=&around=: the spots of a place the officer serves and of every
 * place under it, in the order of the tree; `around` adds those of the places above it (what a report
 * filed there may name: the ward's market for a report from one of its residential groups).
 */
export async function listSpots(
  identity: Identity,
  query: { area: string; around?: '0' | '1' | undefined },
  ports: ListSpotsPorts,
): Promise<{ spots: RiskSpot[] }> {
  const officer = await currentOfficer(identity, ports.officers);
  const area = await ports.areas.getArea(query.area);
  if (!area) throw new NotFound('error.area_not_found');
  await authorizeArea(officer, area, 'list risk spots', ports);

  const above =
    query.around === '1'
      ? await Promise.all(
          area.ancestors.map((code, i) => ports.spots.at({ code, ancestors: area.ancestors.slice(0, i) })),
        )
      : [];
  return { spots: [...above.flat(), ...(await ports.spots.under(area))] };
}
