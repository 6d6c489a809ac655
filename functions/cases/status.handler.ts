import { signedInRoute } from '../shared/http/route';
import { changeStatus } from './change-status';
import { deps } from './deps';
import { CaseParamsSchema, StatusChangeSchema } from './schema';

const ports = deps();

/** POST /api/officer/reports/{id}/status: moves the case on, with a reply to the resident or a note. */
export const handler = signedInRoute(
  {
    name: 'POST /api/officer/reports/{id}/status',
    params: CaseParamsSchema,
    body: StatusChangeSchema,
    idempotent: true,
    limits: ports.limits,
  },
  async ({ identity, params, body, idempotencyKey }) => {
    return { body: await changeStatus(identity, params.id, body, { idempotencyKey }, ports) };
  },
);
