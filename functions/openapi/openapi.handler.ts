import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import generated from './openapi.json';

const { baseUrl, limits } = deps();
// The document is generated at build time (npm run openapi), never here; it is serialized once per
// container, with this province's address as its server.
const { openapi, info, ...rest } = generated;
const served = JSON.stringify({ openapi, info, servers: [{ url: baseUrl }], ...rest });

/** GET /api/openapi.json: the OpenAPI 3.1 document of every route, generated from their schemas. */
export const handler = httpRoute({ name: 'GET /api/openapi.json', limits }, async () => ({
  body: undefined,
  text: served,
  maxAge: 300,
}));
