import { FormRefused, InvalidInput } from '../shared/errors';
import type { FormPass } from '../shared/form-token';
import { type Lang, t } from '../shared/i18n';
import type { Submitted } from '../shared/submit-once';
import type { Filled } from './parts';

/** How a form post from a page without JavaScript ends: stored, or sent back to be corrected. */
export type FormPostOutcome<F> = { sent: Submitted } | { refused: F; filled: Filled };

/** Why a form post is sent back, in the form's words, and the pass its next post may use. */
export interface Refusal {
  errors: Record<string, string>;
  general?: string;
  /** The abuse guard's pass for the next post (a form sent too soon keeps its own token). */
  pass?: FormPass;
}

/** "contact.phone" (the API's path) → "contactPhone" (the form's field and error slot). */
function flatFieldId(path: string): string {
  return path.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
}

/**
 * A refusal the form can show: bad fields (from the schema or the use case) beside their fields (an
 * empty one said to be empty), a
 * problem with a field the form does not show (a hidden one) or with its token as one general line.
 * Anything else (a rate limit, the store down) is not the person's to correct: undefined.
 */
export function refusalOf(
  error: unknown,
  lang: Lang,
  form: { shown: ReadonlySet<string>; values: Readonly<Record<string, string | undefined>> },
): Refusal | undefined {
  if (error instanceof FormRefused) {
    const { idempotencyKey, formToken } = error.resend;
    return { errors: {}, general: t(lang, error.messageKey), pass: { idempotencyKey, formToken } };
  }
  if (!(error instanceof InvalidInput)) return undefined;
  const errors: Record<string, string> = {};
  let hidden = false;
  for (const [path, problem] of Object.entries(error.fields)) {
    const id = flatFieldId(path);
    // A field left empty is said to be empty, whatever check of its shape failed first.
    const blank = (form.values[id] ?? '').trim() === '';
    if (form.shown.has(id))
      errors[id] ??= blank ? t(lang, 'field.required') : t(lang, problem.key, problem.params);
    else hidden = true;
  }
  return hidden ? { errors, general: t(lang, 'error.invalid_input') } : { errors };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The key a corrected form posts with: the one it came with (nothing was stored under it, since it
 * was refused), so that the corrected form sent twice is still one submission.
 */
export function keptKey(fields: Readonly<Record<string, string | undefined>>): string | undefined {
  const key = fields.idempotencyKey;
  return key && UUID.test(key) ? key : undefined;
}

/** A place code as the forms post it; anything else cannot name the form to send back. */
export const POSTED_AREA = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
