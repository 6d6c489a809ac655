import * as z from 'zod';
import { textField } from '../shared/fields';

export const SUGGESTION_TEXT = { min: 10, max: 2000 } as const;
export const TOPICS = ['security', 'order', 'environment', 'public_services', 'other'] as const;

/** POST /api/suggestions: anonymous always, so there is no contact field at all. */
export const SuggestionInputSchema = z.strictObject({
  box: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/),
  text: textField(SUGGESTION_TEXT),
  topic: z.preprocess((v) => (v === '' ? undefined : v), z.enum(TOPICS).optional()),
  website: z.string().max(2000).optional(),
});

export type SuggestionInput = z.output<typeof SuggestionInputSchema>;

export function suggestionFromForm(fields: Record<string, string | undefined>): unknown {
  const { idempotencyKey: _key, altcha: _altcha, ...rest } = fields;
  return rest;
}
