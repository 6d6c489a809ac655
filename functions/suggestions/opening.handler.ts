import * as z from 'zod/mini';
import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { recordOpening } from './opening';
import { BoxIdSchema, OpeningInputSchema } from './schema';

const ports = deps();
const Params = z.strictObject({ id: BoxIdSchema });

/** POST /api/officer/boxes/{id}/openings: a paper box opened and what was in it; 201 with the ids. */
export const handler = signedInRoute(
  {
    name: 'POST /api/officer/boxes/{id}/openings',
    params: Params,
    body: OpeningInputSchema,
    limits: ports.limits,
  },
  async ({ params, body, identity }) => ({
    status: 201,
    body: await recordOpening(params.id, body, identity, ports.opening),
  }),
);
