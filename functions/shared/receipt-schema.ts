import * as z from 'zod';

/** POST /api/follow-up: a receipt as a person may type it (any case, spaces or dashes). */
export const FollowUpInputSchema = z.strictObject({
  receipt: z.string().min(1).max(64),
});
