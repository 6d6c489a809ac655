import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { listSpots } from './list-spots';
import { RiskSpotQuerySchema } from './schema';

const ports = deps();

/** GET /api/officer/risk-spots?area=&around=: the spots of a place and of the places under it. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/risk-spots', query: RiskSpotQuerySchema, limits: ports.limits },
  async ({ identity, query }) => ({ body: await listSpots(identity, query, ports) }),
);
