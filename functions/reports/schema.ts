import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { optionalBlank, optionalText, textField } from '../shared/fields';
import { toE164 } from '../shared/phone';

const DESCRIPTION = { min: 10, max: 2000 } as const;
const PLACE = { max: 200 } as const;
const CONTACT_NAME = { max: 100 } as const;
/** Incidents older than this are not taken online. */
export const MAX_AGE_DAYS = 30;

const Phone = z
  .pipe(
    z.string().check(z.maxLength(40)),
    // zod/mini's transform has no ctx.addIssue: the issue goes on the payload, as addIssue would put it.
    z.transform((value: string, payload) => {
      const e164 = toE164(value);
      if (!e164) {
        payload.issues.push({ code: 'custom', params: { key: 'field.invalid_phone' }, input: value });
        return z.NEVER;
      }
      return e164;
    }),
  )
  .register(z.globalRegistry, { maxChars: 40 });

const OptionalPhone = optionalBlank(Phone);

// With an offset from the page's script; without one (datetime-local) from a page without JavaScript,
// read as the province's wall-clock time by the handler.
const OccurredAt = optionalBlank(z.iso.datetime({ offset: true, local: true }));

/** A report's optional contact: the form's contactName and contactPhone. */
export const ReportContactSchema = z.strictObject({
  name: optionalText(CONTACT_NAME),
  phone: OptionalPhone,
});

/**
 * POST /api/reports. The site builds its form from this schema's fields and limits; the use case
 * checks what needs the store or the clock (area exists, category known, time window).
 */
export const ReportInputSchema = z.strictObject({
  area: AreaCode,
  category: z.string().check(z.regex(/^[a-z][a-z0-9_]{1,39}$/)),
  description: textField(DESCRIPTION),
  occurredAt: OccurredAt,
  place: optionalText(PLACE),
  contact: z.optional(ReportContactSchema),
  /** The honeypot: people never see it; a filled one is answered as a success and stores nothing. */
  website: z.optional(z.string().check(z.maxLength(2000))),
});

export type ReportInput = z.output<typeof ReportInputSchema>;

/** A form post's flat fields (contactName, contactPhone, idempotencyKey) mapped onto the JSON shape. */
function reportFromForm(fields: Record<string, string | undefined>): unknown {
  const { contactName, contactPhone, idempotencyKey: _key, altcha: _altcha, ...rest } = fields;
  const contact =
    (contactName ?? '').trim() !== '' || (contactPhone ?? '').trim() !== ''
      ? { ...(contactName ? { name: contactName } : {}), ...(contactPhone ? { phone: contactPhone } : {}) }
      : undefined;
  return { ...rest, ...(contact ? { contact } : {}) };
}

/**
 * What POST /api/reports parses: the report, and what a page without JavaScript carries in hidden
 * fields: the idempotency key (a page with JavaScript sends it as the Idempotency-Key header instead)
 * and its form's token.
 * A UUID, as the header (shared/idempotency.ts); spelled out here to keep this module free of the
 * store and crypto code, since the site's build imports it.
 */
export const ReportRequestSchema = z.extend(ReportInputSchema, {
  idempotencyKey: z.pipe(
    z.transform((v) => (v === '' ? undefined : v)),
    z.optional(z.uuid()),
  ),
  /** The server-rendered form's signed token (abuse/guard.ts), checked as it is: never stored. */
  formToken: z.optional(z.string().check(z.maxLength(200))),
});

export function reportRequestFromForm(fields: Record<string, string | undefined>): unknown {
  const { idempotencyKey, formToken, ...rest } = fields;
  const report = reportFromForm(rest) as Record<string, unknown>;
  return {
    ...report,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(formToken ? { formToken } : {}),
  };
}
