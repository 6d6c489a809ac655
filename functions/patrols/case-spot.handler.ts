import { signedInRoute } from '../shared/http/route';
import { setCaseSpot } from './case-spot';
import { deps } from './deps';
import { CaseParamsSchema, CaseSpotSchema } from './schema';

const ports = deps();

/** POST /api/officer/reports/{id}/spot: the risk spot a case happened at, or none. */
export const handler = signedInRoute(
  {
    name: 'POST /api/officer/reports/{id}/spot',
    params: CaseParamsSchema,
    body: CaseSpotSchema,
    limits: ports.limits,
  },
  async ({ identity, params, body }) => ({ body: await setCaseSpot(identity, params.id, body, ports) }),
);
