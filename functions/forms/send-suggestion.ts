import type { AbuseGuard } from '../abuse/guard';
import { RateLimited } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import { parseInput } from '../shared/validation';
import { SuggestionRequestSchema, suggestionRequestFromForm } from '../suggestions/schema';
import { type SubmitSuggestionPorts, submitSuggestion } from '../suggestions/submit';
import { type FormPostOutcome, keptKey, POSTED_AREA, refusalOf } from './refusal';
import { SUGGESTION_FIELD_IDS } from './suggestion-fields';
import { type SuggestionForm, type SuggestionFormPorts, suggestionForm } from './suggestion-form';

export interface SendSuggestionFormPorts {
  /**
   * Counts a refused post against the client's limit (a refusal reads the place and renders a form,
   * as the form's GET does); seconds to wait when over it.
   */
  refusals(client: string): number | undefined;
  form: SuggestionFormPorts;
  submit: SubmitSuggestionPorts;
  guard: AbuseGuard;
}

/**
 * POST /api/forms/suggestion: the server-rendered suggestion form, posted by a page without
 * JavaScript; stored as POST /api/suggestions stores a form post, or sent back filled in with each
 * error beside its field. The form posts its place (`area`) only so that it can be sent back with the
 * same boxes: the suggestion itself never takes it.
 */
export async function sendSuggestionForm(
  fields: Readonly<Record<string, string | undefined>>,
  request: { client: string; lang: Lang },
  ports: SendSuggestionFormPorts,
): Promise<FormPostOutcome<SuggestionForm>> {
  const { area, ...posted } = fields;
  try {
    const { idempotencyKey, formToken, ...suggestion } = parseInput(
      SuggestionRequestSchema,
      suggestionRequestFromForm(posted),
    );
    const admit = () =>
      ports.guard.admit({
        route: 'suggestions',
        client: request.client,
        isForm: true,
        solution: undefined,
        form: { token: formToken, idempotencyKey },
      });
    return {
      sent: await submitSuggestion(suggestion, { idempotencyKey, admit, proofOffered: false }, ports.submit),
    };
  } catch (error) {
    const refusal = refusalOf(error, request.lang, { shown: SUGGESTION_FIELD_IDS, values: fields });
    if (!refusal || !area || !POSTED_AREA.test(area)) throw error;
    const wait = ports.refusals(request.client);
    if (wait !== undefined) throw new RateLimited(wait);
    const { pass } = refusal;
    const form = await suggestionForm(
      { area },
      { ...ports.form, pass: pass ? async () => pass : () => ports.form.pass(keptKey(fields)) },
    ).catch(() => {
      throw error;
    });
    return {
      refused: form,
      filled: {
        values: fields,
        errors: refusal.errors,
        ...(refusal.general ? { general: refusal.general } : {}),
      },
    };
  }
}
