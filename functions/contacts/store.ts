import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import { byKindThenName, type Contact, type ContactKind } from './contact';

/**
 * Contacts live in their place's partition, so a place's list is one Query:
 *   pk AREA#<code>   sk CONTACT#<id>   gsi2 CONTACT#<id> / CONTACT
 * The gsi2 entry finds a contact by id wherever it is, so that an import moving a contact to
 * another place can remove it from the old one.
 */
export const contactKeys = {
  contact: (area: string, id: string) => ({ pk: `AREA#${area}`, sk: `CONTACT#${id}` }),
  byId: (id: string) => `CONTACT#${id}`,
};

export function contactItem(contact: Contact): Record<string, unknown> {
  return {
    ...contactKeys.contact(contact.area, contact.id),
    type: 'contact',
    ...contact,
    gsi2pk: contactKeys.byId(contact.id),
    gsi2sk: 'CONTACT',
  };
}

function toContact(item: Record<string, unknown>): Contact {
  return {
    id: item.id as string,
    area: item.area as string,
    name: item.name as string,
    role: item.role as string,
    phone: item.phone as string,
    kind: item.kind as ContactKind,
    visibility: item.visibility === 'public' ? 'public' : 'internal',
    verifiedAt: item.verifiedAt as string,
  };
}

/** A place's own contacts, public and internal, urgent kinds first. */
export async function contactsOfArea(store: Store, area: string): Promise<Contact[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :contact)',
    ExpressionAttributeValues: { ':pk': `AREA#${area}`, ':contact': 'CONTACT#' },
  });
  return items.map(toContact).sort(byKindThenName);
}

/** Where a contact id is stored now (normally one place). */
export async function contactPlaces(store: Store, id: string): Promise<string[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': contactKeys.byId(id) },
  });
  return items.map((item) => item.area as string);
}
