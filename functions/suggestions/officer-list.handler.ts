import { signedInRoute } from '../shared/http/route';
import { listSuggestions } from './answer';
import { deps } from './deps';
import { OfficerListQuerySchema } from './schema';

const ports = deps();

/** GET /api/officer/suggestions?box=&status=&cursor=&limit=: newest first, a page at a time. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/suggestions', query: OfficerListQuerySchema, limits: ports.limits },
  async ({ query, identity }) => ({ body: await listSuggestions(query, identity, ports.answer) }),
);
