import * as z from 'zod/mini';
import { signedInRoute } from '../shared/http/route';
import { replyToSuggestion } from './answer';
import { deps } from './deps';
import { ReplySchema, SuggestionIdSchema } from './schema';

const ports = deps();
const Params = z.strictObject({ id: SuggestionIdSchema });

/** POST /api/officer/suggestions/{id}/reply {"text"}: a public answer; the suggestion as it now stands. */
export const handler = signedInRoute(
  {
    name: 'POST /api/officer/suggestions/{id}/reply',
    params: Params,
    body: ReplySchema,
    limits: ports.limits,
  },
  async ({ params, body, identity }) => ({
    body: await replyToSuggestion(params.id, body.text, identity, ports.answer),
  }),
);
