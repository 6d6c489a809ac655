import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { optionalBlank } from '../shared/fields';
import { MONTH } from './model';

const month = optionalBlank(
  z.string().check(z.refine((v) => MONTH.test(v), { params: { key: 'field.invalid_month' } })),
);

/** GET /api/officer/stats?area=&from=&to=&format= */
export const FiguresQuerySchema = z.strictObject({
  area: optionalBlank(AreaCode),
  from: month,
  to: month,
  format: z.optional(z.enum(['json', 'csv'])),
});
