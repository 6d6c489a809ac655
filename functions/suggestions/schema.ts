import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { textField } from '../shared/fields';

const SUGGESTION_TEXT = { min: 10, max: 2000 } as const;
export const TOPICS = ['security', 'order', 'environment', 'public_services', 'other'] as const;
export type Topic = (typeof TOPICS)[number];

export const SUGGESTION_STATUSES = ['received', 'read', 'answered', 'hidden'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** A box id as the import makes them (`G-<group>`, `A-<area>`): the box page's path, the form's `box`. */
export const BoxIdSchema = /* @__PURE__ */ z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/));

/** GET /api/boxes?area=: the boxes of a place and of the places above it. */
export const BoxesQuerySchema = z.strictObject({ area: AreaCode });

const OptionalTopic = z.pipe(
  z.transform((v) => (v === '' ? undefined : v)),
  z.optional(z.enum(TOPICS)),
);

/** POST /api/suggestions: anonymous always, so there is no contact field at all. */
export const SuggestionInputSchema = z.strictObject({
  box: BoxIdSchema,
  text: textField(SUGGESTION_TEXT),
  topic: OptionalTopic,
  website: z.optional(z.string().check(z.maxLength(2000))),
});

export type SuggestionInput = z.output<typeof SuggestionInputSchema>;

function suggestionFromForm(fields: Record<string, string | undefined>): unknown {
  const { idempotencyKey: _key, formToken: _token, altcha: _altcha, ...rest } = fields;
  return rest;
}

/**
 * What POST /api/suggestions parses: the suggestion, and what a form may carry in hidden fields: the
 * idempotency key (a page with JavaScript sends the Idempotency-Key header instead) and its form's
 * token (abuse/guard.ts, never stored). The key is a UUID, spelled out
 * here to keep this module free of the store and crypto code, since the site's build imports it.
 */
export const SuggestionRequestSchema = z.extend(SuggestionInputSchema, {
  idempotencyKey: z.pipe(
    z.transform((v) => (v === '' ? undefined : v)),
    z.optional(z.uuid()),
  ),
  formToken: z.optional(z.string().check(z.maxLength(200))),
});

export function suggestionRequestFromForm(fields: Record<string, string | undefined>): unknown {
  const { idempotencyKey, formToken } = fields;
  const suggestion = suggestionFromForm(fields) as Record<string, unknown>;
  return {
    ...suggestion,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(formToken ? { formToken } : {}),
  };
}

/** What an officer writes for the public: shown by follow-up (online) or on the box's page (paper). */
const REPLY_TEXT = { min: 2, max: 2000 } as const;
/** Why a suggestion is withheld: kept for the audit, never shown publicly. */
const HIDE_REASON = { min: 3, max: 500 } as const;

export const ReplySchema = z.strictObject({ text: textField(REPLY_TEXT) });
export const HideSchema = z.strictObject({ reason: textField(HIDE_REASON) });

/** GET /api/officer/suggestions. `cursor` is opaque: what the previous page answered. */
export const OfficerListQuerySchema = z.strictObject({
  box: z.optional(BoxIdSchema),
  status: z.optional(z.enum(SUGGESTION_STATUSES)),
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,200}$/))),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(50))),
});

/** Suggestion ids: 80 bits in lower-case Crockford base32, like report ids. */
export const SuggestionIdSchema = z.string().check(z.regex(/^[0-9a-hjkmnp-tv-z]{16}$/));

/** A paper suggestion as the officer copies it from the box: short notes are fine. */
const PAPER_TEXT = { min: 1, max: 2000 } as const;
const PERSON_NAME = { min: 1, max: 100 } as const;
const MAX_WITNESSES = 10;
const MAX_ENTRIES = 100;

/**
 * POST /api/officer/boxes/{id}/openings: a paper box opened, by whom, before whom, and what was in it.
 * The names are kept on purpose, for the paper trail; they never reach a public answer.
 */
export const OpeningInputSchema = z.strictObject({
  openedAt: z.iso.datetime({ offset: true }),
  openedBy: textField(PERSON_NAME),
  witnesses: z.array(textField(PERSON_NAME)).check(z.minLength(1), z.maxLength(MAX_WITNESSES)),
  entries: z
    .array(z.strictObject({ text: textField(PAPER_TEXT), topic: OptionalTopic }))
    .check(z.maxLength(MAX_ENTRIES)),
});

export type OpeningInput = z.output<typeof OpeningInputSchema>;
