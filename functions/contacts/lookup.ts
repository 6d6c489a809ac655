import { type Area, publicArea } from '../areas/model';
import { NotFound } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import { type Contact, NATIONAL_NUMBERS, type PublicContact, publicContact } from './model';

export interface LookupContactsPorts {
  areas: { getArea(code: string): Promise<Area | undefined> };
  contacts: { contactsOfArea(code: string): Promise<Contact[]> };
}

export interface ContactLookup {
  area: Area;
  /** The place and its ancestors, nearest first (to name each group of contacts on the page). */
  places: Area[];
  contacts: PublicContact[];
}

/**
 * GET /api/contacts: the place's public contacts, then each ancestor's (nearest first), then the
 * national numbers. Internal contacts are dropped here, whatever the store returns.
 */
export async function lookupContacts(
  input: { area: string; lang: Lang },
  ports: LookupContactsPorts,
): Promise<ContactLookup> {
  const area = await ports.areas.getArea(input.area);
  if (!area) throw new NotFound('error.area_not_found');
  const codes = [area.code, ...[...area.ancestors].reverse()];
  const [lists, ancestors] = await Promise.all([
    Promise.all(codes.map((code) => ports.contacts.contactsOfArea(code))),
    Promise.all(codes.slice(1).map((code) => ports.areas.getArea(code))),
  ]);
  const contacts = lists
    .flat()
    .filter((c) => c.visibility === 'public')
    .map(publicContact);
  for (const national of NATIONAL_NUMBERS) {
    contacts.push({
      name: national.name[input.lang],
      role: national.role[input.lang],
      phone: national.phone,
      kind: national.kind,
      area: null,
      verifiedAt: null,
    });
  }
  const places = [area, ...ancestors.filter((a): a is Area => a !== undefined)];
  return { area, places, contacts };
}

/** The JSON answer: the place as the public API shows it, and the contacts. */
export function contactsBody(found: ContactLookup) {
  return { area: publicArea(found.area), contacts: found.contacts };
}
