import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { positionCursor } from '../shared/cursor';
import { optionalBlank, optionalText } from '../shared/fields';
import { addDays } from '../shared/time';
import { SpotId } from '../spots/schema';
import { PATROL_LIST_MAX, PATROL_NOTES, VOLUNTEERS_MAX } from './model';

/** Report ids: 16 lower-case Crockford base32 characters (reports/model.ts). */
const ReportId = z.string().check(z.regex(/^[0-9a-z]{16}$/));
/** Officer ids of the roster (unknown ones are refused by the use case). */
const OfficerId = z.string().check(z.minLength(1), z.maxLength(64));
/** An instant with its offset, as a browser's clock or a phone writes it. */
const instant = z.iso.datetime({ offset: true });
const list = <T extends z.ZodMiniType>(item: T) =>
  z._default(z.array(item).check(z.maxLength(PATROL_LIST_MAX)), [] as never);

/** POST /api/officer/patrols */
export const PatrolSchema = z.strictObject({
  area: AreaCode,
  startedAt: instant,
  endedAt: instant,
  officers: list(OfficerId),
  volunteers: z._default(z.int().check(z.gte(0), z.lte(VOLUNTEERS_MAX)), 0),
  places: list(AreaCode),
  spots: list(SpotId),
  notes: optionalText(PATROL_NOTES),
  reports: list(ReportId),
});

export type PatrolInput = z.output<typeof PatrolSchema>;

/** A day of the province's calendar, YYYY-MM-DD, that exists. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = optionalBlank(
  z
    .string()
    .check(z.refine((v) => DAY.test(v) && addDays(v, 0) === v, { params: { key: 'field.invalid_day' } })),
);

/** GET /api/officer/patrols?area=&from=&to=&cursor=: days of the province's calendar, both included. */
export const PatrolQuerySchema = z.strictObject({
  area: AreaCode,
  from: day,
  to: day,
  cursor: optionalBlank(z.string().check(z.maxLength(200))),
});

export type PatrolQuery = z.output<typeof PatrolQuerySchema>;

/** POST /api/officer/reports/{id}/spot: a spot's id, or blank to name none. */
export const CaseSpotSchema = z.strictObject({ spot: optionalBlank(SpotId) });

export const CaseParamsSchema = z.object({ id: ReportId });

const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-z]{16}$/;

/** The opaque paging cursor: the position (startedAt#id) of the last patrol shown. */
export const { encode: encodeCursor, decode: decodeCursor } = /* @__PURE__ */ positionCursor(POSITION);
