import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { onDutyNow } from './on-duty';
import { AreaQuerySchema } from './schema';

const ports = deps();

/** GET /api/officer/on-duty?area=: who is on duty now in my areas and one level below. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/on-duty', query: AreaQuerySchema, limits: ports.limits },
  async ({ identity, query }) => ({ body: await onDutyNow(identity, query, ports) }),
);
