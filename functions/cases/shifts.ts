import type { Area } from '../areas/model';
import { currentOfficer, type OfficerLookup } from '../officers/access';
import type { Shift } from '../roster/model';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';

/** How far ahead "my shifts" look. */
const SHIFTS_AHEAD_DAYS = 14;

export interface MyShifts {
  shifts: { area: string; areaName: string; start: string; end: string; now: boolean }[];
}

export interface MyShiftsPorts {
  officers: OfficerLookup;
  clock: Clock;
  roster: { shiftsOfOfficer(officerId: string, from: Date, to: Date): Promise<Shift[]> };
  areas: { getArea(code: string): Promise<Area | undefined> };
}

/** GET /api/officer/shifts: the signed-in officer's shifts from the one under way to two weeks ahead. */
export async function myShifts(identity: Identity, ports: MyShiftsPorts): Promise<MyShifts> {
  const officer = await currentOfficer(identity, ports.officers);
  const now = ports.clock.now();
  const until = new Date(now.getTime() + SHIFTS_AHEAD_DAYS * 86_400_000);
  const shifts = await ports.roster.shiftsOfOfficer(officer.id, now, until);
  const codes = [...new Set(shifts.map((s) => s.area))];
  const found = await Promise.all(codes.map((code) => ports.areas.getArea(code)));
  const areaNames = new Map(codes.map((code, i) => [code, found[i]?.name ?? code]));
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
