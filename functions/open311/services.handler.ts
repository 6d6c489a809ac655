import { httpRoute } from '../shared/http/route';
import { servicesDeps } from './deps';
import { langOf } from './model';
import { Open311ListQuery } from './schema';
import { listServices } from './services';

const { ports, limits } = servicesDeps();

/** GET /open311/v2/services.json: the categories as GeoReport v2 services, in the request's language. */
export const handler = httpRoute(
  { name: 'GET /open311/v2/services.json', query: Open311ListQuery, limits, errorShape: 'open311' },
  async ({ query, lang }) => {
    const answerLang = langOf(query.locale, lang);
    const services = await listServices({ jurisdiction: query.jurisdiction_id, lang: answerLang }, ports);
    return { body: services, headers: { 'content-language': answerLang }, maxAge: 300 };
  },
);
