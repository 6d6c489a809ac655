import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import { SuggestionFormQuery } from './schema';
import { publicSuggestionForm, suggestionForm } from './suggestion-form';
import { suggestionFormPage } from './suggestion-page';

const ports = deps();

/**
 * GET /api/forms/suggestion?area=CODE[&box=ID]: the suggestion form with the place's boxes, rendered
 * on the server for a person without JavaScript; it posts straight to /api/suggestions with its own
 * idempotency key and signed form token, so it is never cached (no-store).
 */
export const handler = httpRoute(
  { name: 'GET /api/forms/suggestion', query: SuggestionFormQuery, limits: ports.limits },
  async ({ query }) => {
    const form = await suggestionForm(query, ports.suggestionForm);
    return { body: publicSuggestionForm(form), html: (lang) => suggestionFormPage(lang, form) };
  },
);
