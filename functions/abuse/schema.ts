import * as z from 'zod/mini';

/**
 * GET /api/challenge?area=CODE: the place a page is about to report (or drop a suggestion) for, so
 * that its challenge is as hard as that place's recent rate asks. A place's code, as the areas take it
 * (spelled out here: abuse/ imports no other folder); an unknown one counts as a quiet place.
 */
export const ChallengeQuery = /* @__PURE__ */ z.strictObject({
  area: /* @__PURE__ */ z.optional(z.string().check(z.regex(/^[A-Z0-9][A-Z0-9-]{0,39}$/))),
});
