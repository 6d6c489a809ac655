import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import { areaPicker } from './find-areas';
import { publicArea } from './model';
import { areasPage } from './pages';
import { AreasQuerySchema } from './schema';

const ports = deps();

/** GET /api/areas: places by name, the children of a place, or the province's communes and wards. */
export const handler = httpRoute(
  { name: 'GET /api/areas', query: AreasQuerySchema, limits: ports.limits },
  async ({ query, wantsHtml }) => {
    const found = await areaPicker(query, ports, { named: wantsHtml });
    return {
      body: { areas: found.areas.map(publicArea) },
      html: (lang) => areasPage(lang, found, query),
      maxAge: 60,
    };
  },
);
