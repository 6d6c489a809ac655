import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { PlaybookQuerySchema } from './schema';
import { showPlaybook } from './show';

const ports = deps();

/** GET /api/officer/playbooks?category=: the category's steps in the request's language. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/playbooks', query: PlaybookQuerySchema, limits: ports.limits },
  async ({ identity, query, lang }) => ({
    body: await showPlaybook(identity, query.category, lang, ports),
  }),
);
