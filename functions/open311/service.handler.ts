import { NotFound } from '../shared/errors';
import { httpRoute } from '../shared/http/route';
import { servicesDeps } from './deps';
import { jsonFileName } from './model';
import { Open311FileParams, Open311ListQuery } from './schema';
import { serviceDefinition } from './services';

const { ports, limits } = servicesDeps();

/** GET /open311/v2/services/{code}.json: a service's definition (no attributes: an empty list). */
export const handler = httpRoute(
  {
    name: 'GET /open311/v2/services/{code}.json',
    query: Open311ListQuery,
    params: Open311FileParams,
    limits,
    errorShape: 'open311',
  },
  async ({ query, params }) => {
    const code = jsonFileName(params.file);
    if (code === undefined) throw new NotFound('error.not_found');
    return {
      body: await serviceDefinition({ code, jurisdiction: query.jurisdiction_id }, ports),
      maxAge: 300,
    };
  },
);
