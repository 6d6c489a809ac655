import * as z from 'zod/mini';
import { AreaCode, publicArea } from '../areas/model';
import { getArea } from '../areas/store';
import { httpRoute } from '../shared/http/route';
import { runtime } from '../shared/runtime';
import { lookupContacts } from './lookup';
import { contactsPage } from './pages';
import { contactsOfArea } from './store';

const Query = z.strictObject({ area: AreaCode });

const { store } = runtime();
const ports = {
  areas: { getArea: (code: string) => getArea(store, code) },
  contacts: { contactsOfArea: (code: string) => contactsOfArea(store, code) },
};

export const handler = httpRoute({ name: 'GET /api/contacts', query: Query }, async ({ query, lang }) => {
  const found = await lookupContacts({ area: query.area, lang }, ports);
  return {
    body: { area: publicArea(found.area), contacts: found.contacts },
    html: (pageLang) => contactsPage(pageLang, found),
    maxAge: 60,
  };
});
