import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import { contactsBody, lookupContacts } from './lookup';
import { contactsPage } from './pages';
import { ContactsQuerySchema } from './schema';

const ports = deps();

/** GET /api/contacts?area=: the place's public contacts, its ancestors', and the national numbers. */
export const handler = httpRoute(
  { name: 'GET /api/contacts', query: ContactsQuerySchema, limits: ports.limits },
  async ({ query, lang }) => {
    const found = await lookupContacts({ area: query.area, lang }, ports);
    return { body: contactsBody(found), html: (pageLang) => contactsPage(pageLang, found), maxAge: 60 };
  },
);
