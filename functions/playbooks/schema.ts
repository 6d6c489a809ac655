import * as z from 'zod/mini';

/** Category codes as categories.csv writes them (lower case, digits and _). */
const CategoryCode = z.string().check(z.regex(/^[a-z][a-z0-9_]{1,39}$/));

/** GET /api/officer/playbooks?category= */
export const PlaybookQuerySchema = z.strictObject({ category: CategoryCode });
