import * as z from 'zod/mini';
import { signedInRoute } from '../shared/http/route';
import { hideSuggestion } from './answer';
import { deps } from './deps';
import { HideSchema, SuggestionIdSchema } from './schema';

const ports = deps();
const Params = z.strictObject({ id: SuggestionIdSchema });

/** POST /api/officer/suggestions/{id}/hide {"reason"}: withheld; the text stays for the audit. */
export const handler = signedInRoute(
  {
    name: 'POST /api/officer/suggestions/{id}/hide',
    params: Params,
    body: HideSchema,
    limits: ports.limits,
  },
  async ({ params, body, identity }) => ({
    body: await hideSuggestion(params.id, body.reason, identity, ports.answer),
  }),
);
