import * as z from 'zod/mini';
import { AreaCode } from './model';

/** GET /api/areas?q=&parent=&next= */
export const AreasQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(100))),
  parent: z.optional(AreaCode),
  /** Where a person picking a place without JavaScript goes next (see pages.ts). */
  next: z.optional(z.enum(['report', 'suggestion', 'contacts'])),
});
