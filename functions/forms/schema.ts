import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { BoxIdSchema } from '../suggestions/schema';

/** GET /api/forms/report: the place picked on the /api/areas pages. */
export const ReportFormQuery = /* @__PURE__ */ z.strictObject({ area: AreaCode });

/** GET /api/forms/suggestion: the place, and a box a link may name. */
export const SuggestionFormQuery = /* @__PURE__ */ z.strictObject({
  area: AreaCode,
  box: /* @__PURE__ */ z.optional(BoxIdSchema),
});

/**
 * POST /api/forms/report and /api/forms/suggestion: a form's fields as posted, each a string. Checked
 * by the intake's own schema inside the use case, so that a refused form can be sent back filled in.
 */
export const PostedForm = /* @__PURE__ */ z.record(z.string(), z.string());
