import type { Area } from '../areas/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import { NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import { type RiskSpot, SPOTS_LISTED } from './model';
import type { SpotStore } from './store';

export interface ListSpotsPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  areas: { getArea(code: string): Promise<Area | undefined> };
  spots: Pick<SpotStore, 'under' | 'at'>;
}

export interface SpotList {
  spots: RiskSpot[];
  /** Present when there were more than SPOTS_LISTED: the list is their first ones, in its order. */
  truncated?: true;
}

/**
 * GET /api/officer/risk-spots?area=&around=: the spots of a place the officer serves and of every
 * place under it, in the order of the tree; `around` adds those of the places above it (what a report
 * filed there may name: the ward's market for a report from one of its residential groups). At most
 * SPOTS_LISTED, and `truncated` says when there were more, so that a page never passes a cut list off
 * as the whole.
 */
export async function listSpots(
  identity: Identity,
  query: { area: string; around?: '0' | '1' | undefined },
  ports: ListSpotsPorts,
): Promise<SpotList> {
  const officer = await currentOfficer(identity, ports.officers);
  const area = await ports.areas.getArea(query.area);
  if (!area) throw new NotFound('error.area_not_found');
  await authorizeArea(officer, area, 'list risk spots', ports);

  // One more than is shown tells whether there were more.
  const max = SPOTS_LISTED + 1;
  const above =
    query.around === '1'
      ? await Promise.all(
          area.ancestors.map((code, i) =>
            ports.spots.at({ code, ancestors: area.ancestors.slice(0, i) }, max),
          ),
        )
      : [];
  const spots = [...above.flat(), ...(await ports.spots.under(area, max))];
  return spots.length > SPOTS_LISTED ? { spots: spots.slice(0, SPOTS_LISTED), truncated: true } : { spots };
}
