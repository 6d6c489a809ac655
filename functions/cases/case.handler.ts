import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { openCase } from './open';
import { CaseParamsSchema } from './schema';

const ports = deps();

/** GET /api/officer/reports/{id}: the case, its timeline, who was texted, replies and notes. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/reports/{id}', params: CaseParamsSchema, limits: ports.limits },
  async ({ identity, params, lang }) => ({ body: await openCase(identity, params.id, ports, lang) }),
);
