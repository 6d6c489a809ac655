import * as z from 'zod/mini';
import { signedInRoute } from '../shared/http/route';
import { markRead } from './answer';
import { deps } from './deps';
import { SuggestionIdSchema } from './schema';

const ports = deps();
const Params = z.strictObject({ id: SuggestionIdSchema });

/** POST /api/officer/suggestions/{id}/read: the suggestion as it now stands. */
export const handler = signedInRoute(
  { name: 'POST /api/officer/suggestions/{id}/read', params: Params, limits: ports.limits },
  async ({ params, identity }) => ({ body: await markRead(params.id, identity, ports.answer) }),
);
