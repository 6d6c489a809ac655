import { httpRoute } from '../shared/http/route';
import { discoveryDeps } from './deps';
import { checkJurisdiction, discoveryOf } from './model';
import { Open311ListQuery } from './schema';

const ports = discoveryDeps();

/** GET /open311/v2/discovery.json: the GeoReport v2 endpoint of this province. */
export const handler = httpRoute(
  {
    name: 'GET /open311/v2/discovery.json',
    query: Open311ListQuery,
    limits: ports.limits,
    errorShape: 'open311',
  },
  async ({ query }) => {
    checkJurisdiction(query.jurisdiction_id, ports.province);
    return { body: discoveryOf(ports.province), maxAge: 3600 };
  },
);
