import { signedInRoute } from '../shared/http/route';
import { openCase } from './open';
import { CaseParamsSchema } from './schema';
import { casePorts } from './wiring';

const ports = casePorts();

/** GET /api/officer/reports/{id}: the case, its timeline, who was texted, replies and notes. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/reports/{id}', params: CaseParamsSchema },
  async ({ identity, params }) => ({ body: await openCase(identity, params.id, ports) }),
);
