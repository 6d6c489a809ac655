import { NotFound } from '../shared/errors';
import { httpRoute } from '../shared/http/route';
import { followDeps } from './deps';
import { followRequest } from './follow-requests';
import { jsonFileName, langOf } from './model';
import { Open311FileParams, Open311ListQuery } from './schema';

const { ports, limits } = followDeps();

/** GET /open311/v2/requests/{id}.json: one request's status, as an array of one; never its words. */
export const handler = httpRoute(
  {
    name: 'GET /open311/v2/requests/{id}.json',
    query: Open311ListQuery,
    params: Open311FileParams,
    limits,
    errorShape: 'open311',
  },
  async ({ query, params, lang }) => {
    const requestId = jsonFileName(params.file);
    if (requestId === undefined) throw new NotFound('error.open311_request_not_found');
    const lang311 = langOf(query.locale, lang);
    return {
      body: await followRequest({ requestId, jurisdiction: query.jurisdiction_id, lang: lang311 }, ports),
    };
  },
);
