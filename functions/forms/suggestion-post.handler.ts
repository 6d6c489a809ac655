import { UnsupportedMediaType } from '../shared/errors';
import { httpRoute } from '../shared/http/route';
import { PostedForm } from './schema';
import { sendSuggestionForm } from './send-suggestion';
import { suggestionFormPage, suggestionReceiptPage } from './suggestion-page';
import { deps } from './suggestion-post.deps';

const ports = deps();

/**
 * POST /api/forms/suggestion: where the server-rendered suggestion form posts (a page without
 * JavaScript). The receipt page (200), or the same form filled in with its errors (400).
 */
export const handler = httpRoute(
  { name: 'POST /api/forms/suggestion', body: PostedForm, fromForm: (fields) => fields },
  async ({ body, isForm, client, lang }) => {
    if (!isForm) throw new UnsupportedMediaType();
    const outcome = await sendSuggestionForm(body, { client, lang }, ports);
    if ('sent' in outcome) return { body: outcome.sent, html: (l) => suggestionReceiptPage(l, outcome.sent) };
    const { refused, filled } = outcome;
    return {
      status: 400,
      body: { errors: filled.errors },
      html: (l) => suggestionFormPage(l, refused, filled),
    };
  },
);
