import type { Area } from '../areas/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import { Conflict, NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import { type RiskSpot, spotId } from './model';
import type { RiskSpotInput } from './schema';
import type { SpotStore } from './store';

export interface AddSpotPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  areas: { getArea(code: string): Promise<Area | undefined> };
  spots: Pick<SpotStore, 'add' | 'get'>;
}

/**
 * POST /api/officer/risk-spots: an officer who serves the place (or a place above it) adds a spot
 * there. The same name again in the same place (folded: case, marks and spaces aside) is the same
 * spot: with the same reason it answers the spot's id (a retry, or a colleague who typed it too),
 * with another reason it is refused, so that nobody's reason is overwritten unseen.
 */
export async function addSpot(
  identity: Identity,
  input: RiskSpotInput,
  ports: AddSpotPorts,
): Promise<{ id: string; created: boolean }> {
  const officer = await currentOfficer(identity, ports.officers);
  const area = await ports.areas.getArea(input.area);
  if (!area) throw new NotFound('error.area_not_found');
  await authorizeArea(officer, area, 'add risk spot', ports);

  const spot: RiskSpot = {
    id: spotId(area.code, input.name),
    area: area.code,
    ancestors: area.ancestors,
    name: input.name,
    reason: input.reason,
    createdAt: ports.clock.now().toISOString(),
    createdBy: officer.id,
  };
  if ((await ports.spots.add(spot)) === 'created') return { id: spot.id, created: true };
  const existing = await ports.spots.get(spot.id);
  if (existing?.reason !== spot.reason) throw new Conflict('error.spot_name_taken');
  return { id: spot.id, created: false };
}
