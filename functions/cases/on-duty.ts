import type { Area, AreaKind } from '../areas/model';
import {
  type AuditLog,
  authorizeArea,
  currentOfficer,
  type OfficerLookup,
  servedRoots,
} from '../officers/access';
import type { OfficerOnDuty, OfficerRole } from '../roster/model';
import { NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';

export interface OnDuty {
  at: string;
  areas: {
    area: string;
    name: string;
    kind: AreaKind;
    officers: { id: string; name: string; role: OfficerRole; phone: string }[];
  }[];
}

export interface OnDutyPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  province: Pick<Province, 'rootArea'>;
  roster: {
    onDutyInAreas(codes: readonly string[], at: Date): Promise<{ area: string; officers: OfficerOnDuty[] }[]>;
  };
  areas: { getArea(code: string): Promise<Area | undefined>; children(code: string): Promise<Area[]> };
}

/**
 * GET /api/officer/on-duty?area=: who is on duty now in an area and in each place one level down (a
 * ward and its groups; for the province, its communes and wards). Without `area`, the officer's own
 * areas. Phones are in the answer on purpose: officers on duty call each other to hand over a case.
 */
export async function onDutyNow(
  identity: Identity,
  query: { area?: string | undefined },
  ports: OnDutyPorts,
): Promise<OnDuty> {
  const officer = await currentOfficer(identity, ports.officers);
  let roots: Area[];
  if (query.area) {
    const area = await ports.areas.getArea(query.area);
    if (!area) throw new NotFound('error.area_not_found');
    await authorizeArea(officer, area, 'read duty', ports);
    roots = [area];
  } else {
    const found = await Promise.all(servedRoots(officer, ports.province).map((c) => ports.areas.getArea(c)));
    roots = found.filter((a): a is Area => a !== undefined);
  }
  const places: Area[] = [];
  for (const root of roots) places.push(root, ...(await ports.areas.children(root.code)));
  const unique = [...new Map(places.map((a) => [a.code, a])).values()];
  const now = ports.clock.now();
  const duty = await ports.roster.onDutyInAreas(
    unique.map((a) => a.code),
    now,
  );
  return {
    at: now.toISOString(),
    areas: unique.map((area, i) => ({
      area: area.code,
      name: area.name,
      kind: area.kind,
      officers: (duty[i]?.officers ?? []).map((o) => ({
        id: o.id,
        name: o.name,
        role: o.role,
        phone: o.phone,
      })),
    })),
  };
}
