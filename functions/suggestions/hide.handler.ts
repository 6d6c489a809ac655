import * as z from 'zod/mini';
import { signedInRoute } from '../shared/http/route';
import { hideSuggestion } from './answer';
import { HideSchema, SuggestionIdSchema } from './schema';
import { suggestionWiring } from './wiring';

const { officer } = suggestionWiring();
const Params = z.strictObject({ id: SuggestionIdSchema });

/** POST /api/officer/suggestions/{id}/hide {"reason"}: withheld; the text stays for the audit. */
export const handler = signedInRoute(
  { name: 'POST /api/officer/suggestions/{id}/hide', params: Params, body: HideSchema },
  async ({ params, body, identity }) => ({
    body: await hideSuggestion(params.id, body.reason, identity, officer),
  }),
);
