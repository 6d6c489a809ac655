import { httpRoute } from '../shared/http/route';
import { followDeps } from './deps';
import { followRequests } from './follow-requests';
import { langOf } from './model';
import { Open311RequestsQuery } from './schema';

const { ports, limits } = followDeps();

/** GET /open311/v2/requests.json: the requests named by service_request_id, and nothing else. */
export const handler = httpRoute(
  { name: 'GET /open311/v2/requests.json', query: Open311RequestsQuery, limits, errorShape: 'open311' },
  async ({ query, lang }) => {
    const body = await followRequests(
      {
        requestIds: query.service_request_id,
        jurisdiction: query.jurisdiction_id,
        lang: langOf(query.locale, lang),
      },
      ports,
    );
    return { body };
  },
);
