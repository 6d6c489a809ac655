import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { PLAYBOOK } from '../playbooks/model';
import { MEDIATION_OUTCOMES, REPORT_STATUSES, type ReportStatus } from '../reports/model';
import { positionCursor } from '../shared/cursor';
import { optionalBlank, optionalText } from '../shared/fields';
import { addDays } from '../shared/time';

export const REPLY = { max: 2000 } as const;
export const MEDIATOR = { max: 120 } as const;
export const PAGE_SIZE = 25;

/** Statuses an officer may set: every one but `received`, where a case starts. */
const TARGET_STATUSES = [
  'acknowledged',
  'in_progress',
  'resolved',
  'mediated',
  'referred',
  'closed',
] as const satisfies readonly ReportStatus[];

/**
 * POST /api/officer/reports/{id}/status. Without a status the case stays where it is and the request
 * must bring a reply or a note: an officer who only writes a note never moves the case by accident.
 * A mediation needs its outcome, mediator and date; nothing else may carry them.
 */
export const StatusChangeSchema = z
  .strictObject({
    status: optionalBlank(z.enum(TARGET_STATUSES)),
    outcome: optionalBlank(z.enum(MEDIATION_OUTCOMES)),
    mediator: optionalText(MEDIATOR),
    /** The day the parties met, on the province's calendar. */
    mediatedAt: optionalBlank(z.iso.date()),
    /** Shown to the resident through their receipt. */
    publicReply: optionalText(REPLY),
    /** Never shown to the resident. */
    internalNote: optionalText(REPLY),
  })
  .check(
    z.superRefine((change, ctx) => {
      if (
        change.status === undefined &&
        change.publicReply === undefined &&
        change.internalNote === undefined
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['status'],
          params: { key: 'field.nothing_to_save' },
          input: undefined,
        });
      }
      for (const field of ['outcome', 'mediator', 'mediatedAt'] as const) {
        if (change.status === 'mediated' && change[field] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            params: { key: 'field.required' },
            input: undefined,
          });
        } else if (change.status !== 'mediated' && change[field] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            params: { key: 'field.mediation_only' },
            input: change[field],
          });
        }
      }
    }),
  );

export type StatusChange = z.output<typeof StatusChangeSchema>;

export const InboxQuerySchema = z.strictObject({
  status: optionalBlank(z.enum(REPORT_STATUSES)),
  area: optionalBlank(AreaCode),
  cursor: optionalBlank(z.string().check(z.maxLength(200))),
  limit: optionalBlank(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
});

export const AreaQuerySchema = z.strictObject({
  area: optionalBlank(AreaCode),
});

/**
 * POST /api/officer/reports/{id}/steps: ticks (`done: true`) or unticks one step of the case's
 * checklist; whether the step exists depends on the category's playbook, checked by the use case.
 */
export const StepTickSchema = z.strictObject({
  step: z.number().check(z.int(), z.gte(1), z.lte(PLAYBOOK.maxSteps)),
  done: z.boolean(),
});

export type StepTickRequest = z.output<typeof StepTickSchema>;

/** Report ids are 16 lower-case Crockford base32 characters (reports/model.ts). */
export const CaseParamsSchema = z.object({ id: z.string().check(z.regex(/^[0-9a-z]{16}$/)) });

const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-z]{1,40}$/;

/** The opaque paging cursor: the position (createdAt#id) of the last report shown. */
export const { encode: encodeCursor, decode: decodeCursor } = /* @__PURE__ */ positionCursor(POSITION);

/** A day of the province's calendar, YYYY-MM-DD, that exists (no 2025-02-30). */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .check(z.refine((v) => DAY.test(v) && addDays(v, 0) === v, { params: { key: 'field.invalid_day' } }));

/** GET /api/officer/cases.csv?from=&to=: the first and the last day of the period, both included. */
export const CasesExportQuerySchema = z.strictObject({ from: day, to: day });
