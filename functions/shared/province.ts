import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini brings no messages of its own; a wrong province is read by people, in English.
z.config(en());

/**
 * One province's deploy settings: `infra/provinces/<id>.json`. The same schema validates the file at
 * synth, types what infra passes to the functions, and is read again by the functions at start-up.
 * Written with zod/mini: every function builds and runs it at every cold start, and mini's schemas
 * cost a fraction of classic zod's to build (functions that need classic zod for their own input
 * still load it).
 */
const e164 = z.string().check(z.regex(/^\+[1-9]\d{7,14}$/, 'an E.164 phone number, e.g. +842033825113'));
const minutes = z.int().check(z.minimum(1), z.maximum(24 * 60));
const atLeastOne = () => z.int().check(z.minimum(1));

/** The shape of an IANA time zone name: Asia/Ho_Chi_Minh, UTC, America/Argentina/Buenos_Aires, Etc/GMT+7. */
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const TIME_ZONE_HINT = 'an IANA time zone, e.g. Asia/Ho_Chi_Minh';

const PUBLIC_POST_ROUTES = ['reports', 'suggestions', 'follow-up', 'ack'] as const;

const RateLimitSchema = z.strictObject({
  /** Requests a minute from one client (by a keyed hash of its address, kept in memory only). */
  publicPostsPerMinute: atLeastOne(),
  publicGetsPerMinute: atLeastOne(),
  /** Follow-up look-ups a minute from one client: guessing receipts must stay hopeless. */
  followUpsPerMinute: atLeastOne(),
});

const ProvinceSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/, 'lowercase letters, digits and dashes')),
  /** The root area's code in the imported data (e.g. QN). */
  rootArea: z.string().check(z.regex(/^[A-Z0-9][A-Z0-9-]{0,39}$/)),
  name: z.strictObject({
    vi: z.string().check(z.minLength(1)),
    en: z.string().check(z.minLength(1)),
  }),
  locales: z.array(z.enum(['vi', 'en'])).check(z.minLength(1)),
  /** An IANA name; that this Node knows it is checked where a province file is read (`parseProvince`). */
  timeZone: z.string().check(z.regex(TIME_ZONE_NAME, TIME_ZONE_HINT)),
  baseUrl: z.url({ protocol: /^https?$/ }).check(z.refine((u) => !u.endsWith('/'), 'no trailing slash')),
  stage: z.enum(['dev', 'prod']),
  sms: z.strictObject({
    /** Alphanumeric sender ID registered for Vietnam (up to 11 characters). */
    senderId: z.string().check(z.regex(/^[A-Za-z0-9]{1,11}$/)),
    maxPriceUsd: z.number().check(z.positive(), z.maximum(1)),
    dailyCap: atLeastOne(),
    recipientsPerReport: z.int().check(z.minimum(1), z.maximum(20)),
    /** Used to estimate SMS spend on the figures page. */
    estimatedPriceUsd: z.number().check(z.nonnegative()),
  }),
  escalationMinutes: z.strictObject({ high: minutes, normal: minutes, low: minutes }),
  fallbackDutyPhone: e164,
  rateLimits: RateLimitSchema,
  challengeRoutes: z.array(z.enum(PUBLIC_POST_ROUTES)),
  alarmEmails: z.array(z.email()).check(z.minLength(1)),
  domain: z.optional(
    z.strictObject({
      name: z.string().check(z.minLength(3)),
      certificateArn: z.string().check(z.startsWith('arn:aws:acm:us-east-1:')),
    }),
  ),
  waf: z.optional(z.strictObject({ enabled: z.boolean() })),
});

export type Province = z.infer<typeof ProvinceSchema>;

/**
 * Parses a province FILE (synth, the CLI, the local system, tests), naming each wrong field in one
 * message, and checks that this Node knows its time zone. A function's start-up reads the province
 * the synth checked this way with `parseDeployedProvince`.
 */
export function parseProvince(raw: unknown, source: string): Province {
  return parse(raw, source, { askIcu: true });
}

/**
 * Parses the province a function is given (TUQUAN_PROVINCE, which the synth wrote from a province
 * `parseProvince` checked): every field, the time zone by its shape only. Asking ICU about a zone
 * makes Node load its date-format data, about 12 ms of every cold start; most functions never format
 * a date, and those that do stop at their first one with "Invalid time zone specified: …".
 */
export function parseDeployedProvince(raw: unknown, source: string): Province {
  return parse(raw, source, { askIcu: false });
}

function parse(raw: unknown, source: string, options: { askIcu: boolean }): Province {
  const result = ProvinceSchema.safeParse(raw);
  const lines = result.success
    ? []
    : result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
  const zone = (raw as { timeZone?: unknown } | null)?.timeZone;
  if (options.askIcu && typeof zone === 'string' && TIME_ZONE_NAME.test(zone) && !knowsTimeZone(zone))
    lines.push(`  - timeZone: ${TIME_ZONE_HINT} (this Node does not know ${zone})`);
  if (!result.success || lines.length > 0)
    throw new Error(`Invalid province config ${source}:\n${lines.join('\n')}`);
  return result.data;
}

/** Whether this Node's ICU knows the time zone (an unknown one makes DateTimeFormat throw). */
function knowsTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
