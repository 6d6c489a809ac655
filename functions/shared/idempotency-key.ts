import * as z from 'zod/mini';

/** The page makes one UUID per form (api.md); anything else is refused rather than trusted. */
export const IdempotencyKeySchema = /* @__PURE__ */ z.uuid();
