import type { Identity } from '../shared/identity';
import { currentOfficer, type OfficerLookup } from './access';

export interface Me {
  id: string;
  name: string;
  role: 'officer' | 'admin';
  areas: string[];
}

export interface WhoAmIPorts {
  officers: OfficerLookup;
}

/** GET /api/officer/me: who I am, my role and my areas. */
export async function whoAmI(identity: Identity, ports: WhoAmIPorts): Promise<Me> {
  const officer = await currentOfficer(identity, ports.officers);
  return { id: officer.id, name: officer.name, role: officer.access, areas: officer.areas };
}
