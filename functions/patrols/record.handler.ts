import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { recordPatrol } from './record-patrol';
import { PatrolSchema } from './schema';

const ports = deps();

/** POST /api/officer/patrols: a patrol of a place the officer serves, with who went, where, and what was seen. */
export const handler = signedInRoute(
  { name: 'POST /api/officer/patrols', body: PatrolSchema, idempotent: true, limits: ports.limits },
  async ({ identity, body, idempotencyKey }) => {
    const { id, created } = await recordPatrol(identity, body, { idempotencyKey }, ports);
    return { status: created ? 201 : 200, body: { id } };
  },
);
