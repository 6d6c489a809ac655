import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { ReportContactSchema, ReportInputSchema } from '../reports/schema';
import { optionalBlank, optionalText, textField } from '../shared/fields';

/**
 * What the Open311 GeoReport v2 routes parse (docs/adr/0020-open311.md). Field names are the
 * specification's, so that an error names the field as the app sent it. Fields the specification
 * defines and we do not use (email, device_id, account_id, media_url, attribute[…]) are accepted and
 * dropped, never stored: an app that always sends them still files its reports. Any other field is
 * refused, naming it.
 */

/** One deployment is one province: a jurisdiction_id, when an app sends one, must name it. */
const Jurisdiction = optionalBlank(z.string().check(z.maxLength(100)));

/** `locale` as some GeoReport servers take it (vi, en, en-US, vi_VN): the answer's language. */
const Locale = optionalBlank(z.string().check(z.regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/)));

/** A coordinate as the specification writes it (a decimal number in a form field). */
const Coordinate = optionalBlank(z.string().check(z.regex(/^-?\d{1,3}(?:\.\d+)?$/)));

/** A category code, as services.json lists it. */
const ServiceCode = z.string().check(z.regex(/^[a-z][a-z0-9_]{1,39}$/));

/** GET discovery.json, services.json: the jurisdiction and the answer's language. */
export const Open311ListQuery = /* @__PURE__ */ z
  .object({ jurisdiction_id: Jurisdiction, locale: Locale })
  .register(z.globalRegistry, {
    description: 'GeoReport v2 list query: jurisdiction_id and locale, both optional',
  });

/** The file name of a path such as `services/theft.json` or `requests/<id>.json`. */
export const Open311FileParams = /* @__PURE__ */ z
  .object({ file: z.string().check(z.maxLength(120)) })
  .register(z.globalRegistry, {
    description: 'The resource named in the path, with its format: <name>.json',
  });

/**
 * GET requests.json: only `service_request_id` (one or several, comma-separated) is answered; the
 * specification's filters (service_code, status, dates) would list reports and are refused.
 */
export const Open311RequestsQuery = /* @__PURE__ */ z
  .object({
    jurisdiction_id: Jurisdiction,
    locale: Locale,
    service_request_id: optionalBlank(z.string().check(z.maxLength(2000))),
    service_code: z.optional(z.string()),
    status: z.optional(z.string()),
    start_date: z.optional(z.string()),
    end_date: z.optional(z.string()),
  })
  .register(z.globalRegistry, {
    description:
      'GeoReport v2 requests query: service_request_id (comma-separated) is required; listing by service_code, status or dates is refused',
  });

/**
 * POST requests.json (form-encoded, as the specification says; JSON is taken too). The description
 * and the contact follow POST /api/reports' rules (the same schema pieces).
 */
export const Open311RequestSchema = /* @__PURE__ */ z
  .strictObject({
    /** Checked by the use case: a missing or unknown key is 403, as GeoReport servers answer. */
    api_key: optionalBlank(z.string().check(z.maxLength(200))),
    jurisdiction_id: Jurisdiction,
    service_code: ServiceCode,
    address_id: optionalBlank(AreaCode),
    address_string: optionalText({ max: 200 }),
    lat: Coordinate,
    long: Coordinate,
    description: ReportInputSchema.shape.description,
    first_name: optionalText({ max: 49 }),
    last_name: optionalText({ max: 49 }),
    phone: ReportContactSchema.shape.phone,
    locale: Locale,
    // The specification's fields we do not use: taken so that an app sending them is not refused, never stored.
    email: z.optional(z.string().check(z.maxLength(200))),
    device_id: z.optional(z.string().check(z.maxLength(200))),
    account_id: z.optional(z.string().check(z.maxLength(200))),
    media_url: z.optional(z.string().check(z.maxLength(2000))),
  })
  .register(z.globalRegistry, {
    description:
      'GeoReport v2 service request: api_key, service_code, address_id or address_string, description, optional first_name, last_name, phone',
  });

export type Open311RequestInput = z.output<typeof Open311RequestSchema>;

/**
 * The `Idempotency-Key` header of an Open311 POST: a UUID, or the app's own request id. Namespaced by
 * the app before use (file-request.ts), so that two apps' ids never meet.
 */
export const Open311IdempotencyKey = /* @__PURE__ */ z
  .string()
  .check(z.regex(/^[A-Za-z0-9._~:-]{8,128}$/))
  .register(z.globalRegistry, {
    description:
      "Idempotency-Key header: a UUID or the app's own request id (8 to 128 of A-Z a-z 0-9 . _ ~ : -)",
  });

/** The CLI's `issue` options. */
export const Open311KeyIssueSchema = /* @__PURE__ */ z
  .object({
    app: textField({ min: 1, max: 80 }),
    perMinute: z.int().check(z.minimum(1), z.maximum(1_000)),
  })
  .register(z.globalRegistry, {
    description: 'An Open311 API key to issue: the app it is for and its per-minute limit',
  });

/** A form post's fields as the schema reads them: `attribute[code]` fields (no service has attributes) dropped. */
export function open311RequestFromForm(fields: Record<string, string | undefined>): unknown {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !name.startsWith('attribute[')));
}
