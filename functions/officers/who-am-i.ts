import type { Area, AreaKind } from '../areas/model';
import type { Identity } from '../shared/identity';
import type { Province } from '../shared/province';
import { currentOfficer, type OfficerLookup, servedRoots } from './access';
import { servedPlaceLabel } from './model';

/** A served place as the console names it ("Phường Uông Bí", "Toàn tỉnh Quảng Ninh"), not by its code. */
interface ServedPlace {
  code: string;
  name: string;
  kind: AreaKind;
  /** How the console names it, in both languages: "Toàn tỉnh Quảng Ninh", "Phường Uông Bí". */
  label: { vi: string; en: string };
}

export interface Me {
  id: string;
  name: string;
  role: 'officer' | 'admin';
  areas: string[];
  /** The places served, named: the officer's areas, an admin's the province; a code no longer imported is left out. */
  places: ServedPlace[];
}

export interface WhoAmIPorts {
  officers: OfficerLookup;
  province: Pick<Province, 'rootArea'>;
  areas: { getArea(code: string): Promise<Area | undefined> };
}

/** GET /api/officer/me: who I am, my role, my areas and their names. */
export async function whoAmI(identity: Identity, ports: WhoAmIPorts): Promise<Me> {
  const officer = await currentOfficer(identity, ports.officers);
  const found = await Promise.all(
    servedRoots(officer, ports.province).map((code) => ports.areas.getArea(code)),
  );
  const places = found
    .filter((a): a is Area => a !== undefined)
    .map((a) => ({ code: a.code, name: a.name, kind: a.kind, label: servedPlaceLabel(a) }));
  return { id: officer.id, name: officer.name, role: officer.access, areas: officer.areas, places };
}
