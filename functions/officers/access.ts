import type { Area } from '../areas/model';
import { type Officer, servesArea } from '../roster/model';
import { Forbidden } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { AuditEntry } from './model';

export interface OfficerLookup {
  officerBySubject(email: string): Promise<Officer | undefined>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** The imported officer behind a signed-in identity; signed in but not an officer is a 403. */
export async function currentOfficer(identity: Identity, officers: OfficerLookup): Promise<Officer> {
  const officer = await officers.officerBySubject(identity.email);
  if (!officer) throw new Forbidden();
  return officer;
}

/**
 * Officers act in the areas they serve and every place under them; admins everywhere. Anything
 * else is refused and leaves an audit entry.
 */
export async function authorizeArea(
  officer: Officer,
  area: Pick<Area, 'code' | 'ancestors'>,
  action: string,
  ports: { audit: AuditLog; clock: Clock },
): Promise<void> {
  if (officer.access === 'admin' || servesArea(officer.areas, area)) return;
  await ports.audit.record({
    at: ports.clock.now().toISOString(),
    officerId: officer.id,
    action,
    target: area.code,
    outcome: 'denied',
  });
  throw new Forbidden();
}

/** The places an officer serves; an admin serves the whole province whatever the import says. */
export function servedRoots(officer: Officer, province: Pick<Province, 'rootArea'>): string[] {
  return officer.access === 'admin' ? [province.rootArea] : officer.areas;
}
