import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import { suggestionReceiptPage } from './pages';
import { SuggestionRequestSchema, suggestionRequestFromForm } from './schema';
import { submitSuggestion } from './submit';

const ports = deps();

/** POST /api/suggestions: JSON from the site's script, or the plain form (answered with a page). */
export const handler = httpRoute(
  {
    name: 'POST /api/suggestions',
    body: SuggestionRequestSchema,
    fromForm: suggestionRequestFromForm,
    idempotent: true,
  },
  async ({ body, headers, isForm, client, idempotencyKey }) => {
    const { idempotencyKey: fieldKey, formToken, ...suggestion } = body;
    const key = idempotencyKey ?? fieldKey;
    const solution = headers['x-altcha'];
    const admit = () =>
      ports.guard.admit({
        route: 'suggestions',
        client,
        isForm,
        solution,
        form: { token: formToken, idempotencyKey: key },
      });
    const submitted = await submitSuggestion(
      suggestion,
      { idempotencyKey: key, admit, proofOffered: solution !== undefined },
      ports.intake,
    );
    // A form's answer is the page showing the receipt (200, as a browser expects); JSON gets 201.
    return {
      status: isForm ? 200 : 201,
      body: submitted,
      html: (lang) => suggestionReceiptPage(lang, submitted),
    };
  },
);
