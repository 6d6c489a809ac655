import * as z from 'zod/mini';

/** The longest receipt the form takes: 16 characters, with room for the spaces and dashes people type. */
export const RECEIPT_INPUT = { max: 64 } as const;

/** POST /api/follow-up: a receipt as a person may type it (any case, spaces or dashes). */
export const FollowUpInputSchema = z.strictObject({
  receipt: z.string().check(z.minLength(1), z.maxLength(RECEIPT_INPUT.max)),
});
