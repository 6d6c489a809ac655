import type { Area } from '../areas/model';
import { authorizeArea, currentOfficer } from '../officers/access';
import type { OfficerRole } from '../roster/model';
import { NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import { type CasePorts, servedRoots } from './ports';

/** How far ahead "my shifts" look. */
export const SHIFTS_AHEAD_DAYS = 14;

export interface MyShifts {
  shifts: { area: string; areaName: string; start: string; end: string; now: boolean }[];
}

export interface OnDuty {
  at: string;
  areas: {
    area: string;
    name: string;
    officers: { id: string; name: string; role: OfficerRole; phone: string }[];
  }[];
}

async function names(
  codes: readonly string[],
  ports: Pick<CasePorts, 'areas'>,
): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const found = await Promise.all(unique.map((code) => ports.areas.getArea(code)));
  return new Map(unique.map((code, i) => [code, found[i]?.name ?? code]));
}

/** GET /api/officer/shifts: the signed-in officer's shifts from the one under way to two weeks ahead. */
export async function myShifts(
  identity: Identity,
  ports: Pick<CasePorts, 'officers' | 'clock' | 'roster' | 'areas'>,
): Promise<MyShifts> {
  const officer = await currentOfficer(identity, ports.officers);
  const now = ports.clock.now();
  const until = new Date(now.getTime() + SHIFTS_AHEAD_DAYS * 86_400_000);
  const shifts = await ports.roster.shiftsOfOfficer(officer.id, now, until);
  const areaNames = await names(
    shifts.map((s) => s.area),
    ports,
  );
  const at = now.toISOString();
  return {
    shifts: shifts.map((s) => ({
      area: s.area,
      areaName: areaNames.get(s.area) ?? s.area,
      start: s.start,
      end: s.end,
      now: s.start <= at && s.end > at,
    })),
  };
}

/**
 * GET /api/officer/on-duty?area=: who is on duty now in an area and in each place one level down (a
 * ward and its groups; for the province, its communes and wards). Without `area`, the officer's own
 * areas. Phones are in the answer on purpose: officers on duty call each other to hand over a case.
 */
export async function onDutyNow(
  identity: Identity,
  query: { area?: string | undefined },
  ports: Pick<CasePorts, 'officers' | 'audit' | 'clock' | 'roster' | 'areas' | 'province'>,
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
      officers: (duty[i]?.officers ?? []).map((o) => ({
        id: o.id,
        name: o.name,
        role: o.role,
        phone: o.phone,
      })),
    })),
  };
}
