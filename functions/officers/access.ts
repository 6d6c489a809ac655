import type { Area } from '../areas/model';
import { type Officer, servesArea } from '../roster/model';
import { Forbidden } from '../shared/errors';
import type { Identity } from '../shared/identity';
import { log } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { AuditEntry } from './model';

/** How a signed-in identity finds its officer (roster/store.ts `officerLookup`). */
export interface OfficerLookup {
  /** The officer bound to this Cognito user (its `sub`). */
  officerBySubject(sub: string): Promise<Officer | undefined>;
  /** The imported officer whose `login` is this e-mail. */
  officerByLogin(email: string): Promise<Officer | undefined>;
  /** Binds the officer to `sub` unless they are bound to another user: true when they are now `sub`'s. */
  bindSubject(officer: Pick<Officer, 'id' | 'login'>, sub: string): Promise<boolean>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/**
 * The imported officer behind a signed-in identity; signed in but not an officer is a 403. An officer is
 * bound to one Cognito user (its `sub`): the import may name it, or the first sign-in whose verified
 * e-mail is the officer's `login` records it (identity.ts has refused unverified ones). Once bound, the
 * officer is found by the sub alone, and another user with the same address is refused.
 */
export async function currentOfficer(identity: Identity, officers: OfficerLookup): Promise<Officer> {
  const bound = await officers.officerBySubject(identity.subject);
  if (bound) return bound;
  const officer = await officers.officerByLogin(identity.email);
  if (!officer) throw new Forbidden();
  // Bound a moment ago: the sub index has not caught up yet.
  if (officer.sub === identity.subject) return officer;
  if (officer.sub === undefined && (await officers.bindSubject(officer, identity.subject)))
    return { ...officer, sub: identity.subject };
  log.warn('sign-in refused: the officer is bound to another Cognito user', { officerId: officer.id });
  throw new Forbidden();
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

/**
 * Work over the whole province's cases (their export) is for admins only: an officer is refused and
 * audited, whatever places they serve, the province itself included.
 */
export async function authorizeAdmin(
  officer: Officer,
  action: string,
  ports: { audit: AuditLog; clock: Clock; province: Pick<Province, 'rootArea'> },
): Promise<void> {
  if (officer.access === 'admin') return;
  await ports.audit.record({
    at: ports.clock.now().toISOString(),
    officerId: officer.id,
    action,
    target: ports.province.rootArea,
    outcome: 'denied',
  });
  throw new Forbidden();
}

/** The places an officer serves; an admin serves the whole province whatever the import says. */
export function servedRoots(officer: Officer, province: Pick<Province, 'rootArea'>): string[] {
  return officer.access === 'admin' ? [province.rootArea] : officer.areas;
}
