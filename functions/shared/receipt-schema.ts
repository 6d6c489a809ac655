import * as z from 'zod/mini';

/** POST /api/follow-up: a receipt as a person may type it (any case, spaces or dashes). */
export const FollowUpInputSchema = z.strictObject({
  receipt: z.string().check(z.minLength(1), z.maxLength(64)),
});
