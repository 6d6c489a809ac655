import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { inbox } from './inbox';
import { InboxQuerySchema } from './schema';

const ports = deps();

/** GET /api/officer/reports?status=&area=&cursor=: the reports of my places, newest first. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/reports', query: InboxQuerySchema, limits: ports.limits },
  async ({ identity, query }) => ({ body: await inbox(identity, query, ports) }),
);
