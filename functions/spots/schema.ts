import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { optionalBlank, textField } from '../shared/fields';
import { SPOT_NAME, SPOT_REASON } from './model';

/** Spot ids: 16 lower-case base32 characters (model.ts spotId). */
export const SpotId = z.string().check(z.regex(/^[0-9a-z]{16}$/));

/** POST /api/officer/risk-spots */
export const RiskSpotSchema = z.strictObject({
  area: AreaCode,
  name: textField(SPOT_NAME),
  reason: textField(SPOT_REASON),
});

export type RiskSpotInput = z.output<typeof RiskSpotSchema>;

/**
 * GET /api/officer/risk-spots?area=&around=: the spots of the place and of every place under it; with
 * `around=1` those of the places above it too (what a report filed there may name).
 */
export const RiskSpotQuerySchema = z.strictObject({
  area: AreaCode,
  around: optionalBlank(z.enum(['0', '1'])),
});
