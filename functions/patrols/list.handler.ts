import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { listPatrols } from './list-patrols';
import { PatrolQuerySchema } from './schema';

const ports = deps();

/** GET /api/officer/patrols?area=&from=&to=&cursor=: a place's patrols, newest first. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/patrols', query: PatrolQuerySchema, limits: ports.limits },
  async ({ identity, query }) => ({ body: await listPatrols(identity, query, ports) }),
);
