import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import { byKindThenName, type Contact, type ContactKind } from './model';

/**
 * Contacts live in their place's partition, so a place's list is one Query:
 *   contact:   pk AREA#<code>    sk CONTACT#<id>
 *   locator:   pk CONTACT#<id>   sk CONTACT        { area }
 * The locator says where a contact id is stored, so that an import moving a contact to another
 * place finds (by key, in its bulk read) the copy to remove from the old place.
 */
export const contactKeys = {
  contact: (area: string, id: string) => ({ pk: `AREA#${area}`, sk: `CONTACT#${id}` }),
  locator: (id: string) => ({ pk: `CONTACT#${id}`, sk: 'CONTACT' }),
};

export function contactItem(contact: Contact): Record<string, unknown> {
  return { ...contactKeys.contact(contact.area, contact.id), type: 'contact', ...contact };
}

export function contactLocatorItem(contact: Pick<Contact, 'id' | 'area'>): Record<string, unknown> {
  return { ...contactKeys.locator(contact.id), type: 'contactLocator', id: contact.id, area: contact.area };
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
