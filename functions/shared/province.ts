import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { VN_MOBILE_E164 } from './phone';

// zod/mini brings no messages of its own; a wrong province is read by people, in English.
z.config(en());

/**
 * One province's deploy settings: `infra/provinces/<id>.json`. The same schema validates the file at
 * synth, types what infra passes to the functions, and is read again by the functions at start-up.
 * Written with zod/mini: every function builds and runs it at every cold start, and mini's schemas
 * cost a fraction of classic zod's to build (functions that need classic zod for their own input
 * still load it).
 */
/**
 * A phone the system texts: a Vietnamese mobile in E.164. A landline such as +842033825113 takes the
 * SMS and nobody ever reads it, so the escalation's last tier would reach no one.
 */
const textedPhone = z
  .string()
  .check(
    z.regex(
      VN_MOBILE_E164,
      'a Vietnamese mobile number in E.164 (+84, then 9 digits starting 3, 5, 7, 8 or 9), e.g. +84912345678: SMS never reach a landline',
    ),
  );
const minutes = z.int().check(z.minimum(1), z.maximum(24 * 60));
const atLeastOne = () => z.int().check(z.minimum(1));
/** A retention period: a day to ten years. */
const retentionDays = () => z.int().check(z.minimum(1), z.maximum(3650));

/** The shape of an IANA time zone name: Asia/Ho_Chi_Minh, UTC, America/Argentina/Buenos_Aires, Etc/GMT+7. */
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const TIME_ZONE_HINT = 'an IANA time zone, e.g. Asia/Ho_Chi_Minh';

/** The retention periods of a province that sets none (README, "Personal data and retention"). */
export const DEFAULT_RETENTION = {
  contactDaysAfterSettled: 30,
  contactDaysIfNeverSettled: 180,
  reportTextDaysAfterSettled: 730,
  reportTextDaysIfNeverSettled: 1095,
  suggestionTextDaysAfterAnswer: 730,
  suggestionTextDaysIfUnanswered: 1095,
  auditDays: 365,
};

const PUBLIC_POST_ROUTES = ['reports', 'suggestions', 'follow-up', 'ack'] as const;

const RateLimitSchema = z.strictObject({
  /** Requests a minute from one client (by a keyed hash of its address, kept in memory only). */
  publicPostsPerMinute: atLeastOne(),
  publicGetsPerMinute: atLeastOne(),
  /** Follow-up look-ups a minute from one client: guessing receipts must stay hopeless. */
  followUpsPerMinute: atLeastOne(),
  /** Requests a minute from one signed-in officer (by the token's subject), any route of the console. */
  officerRequestsPerMinute: z._default(atLeastOne(), 120),
});

const ProvinceSchema = z.strictObject({
  id: z
    .string()
    .check(
      z.regex(
        /^[a-z][a-z0-9-]{1,40}$/,
        '2 to 41 lowercase letters, digits and dashes, starting with a letter',
      ),
    ),
  /** The root area's code in the imported data (e.g. QN). */
  rootArea: z
    .string()
    .check(
      z.regex(
        /^[A-Z0-9][A-Z0-9-]{0,39}$/,
        '1 to 40 upper-case letters, digits and dashes, not starting with a dash',
      ),
    ),
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
    senderId: z.string().check(z.regex(/^[A-Za-z0-9]{1,11}$/, '1 to 11 letters or digits')),
    maxPriceUsd: z.number().check(z.positive(), z.maximum(1)),
    dailyCap: atLeastOne(),
    recipientsPerReport: z.int().check(z.minimum(1), z.maximum(20)),
    /** Used to estimate SMS spend on the figures page. */
    estimatedPriceUsd: z.number().check(z.nonnegative()),
    /** Share of the daily cap only high-urgency reports may spend (to officers or the duty desk). */
    reservePercent: z._default(z.int().check(z.minimum(0), z.maximum(90)), 20),
    /** Largest share of the daily cap that normal reports of one commune or ward may spend. */
    communeSharePercent: z._default(z.int().check(z.minimum(1), z.maximum(100)), 25),
    /** Admins are alerted once a day as the day's SMS reach each of these shares of the cap. */
    alertPercents: z._default(
      z.array(z.int().check(z.minimum(1), z.maximum(100))).check(z.maxLength(10)),
      [50, 80, 100],
    ),
    /** SMS one phone may get from the system: a sliding minute, quarter of an hour and hour. */
    throttle: z._default(
      z
        .strictObject({ perMinute: atLeastOne(), per15Minutes: atLeastOne(), perHour: atLeastOne() })
        .check(
          z.refine(
            (t) => t.perMinute <= t.per15Minutes && t.per15Minutes <= t.perHour,
            'perMinute ≤ per15Minutes ≤ perHour',
          ),
        ),
      { perMinute: 1, per15Minutes: 5, perHour: 12 },
    ),
  }),
  escalationMinutes: z.strictObject({ high: minutes, normal: minutes, low: minutes }),
  /** The province's duty desk: the last tier of every escalation, texted when nobody is on duty. */
  fallbackDutyPhone: textedPhone,
  rateLimits: RateLimitSchema,
  challengeRoutes: z.array(z.enum(PUBLIC_POST_ROUTES)),
  /**
   * How hard the proof of work is (ALTCHA's maxnumber: a page tries maxnumber / 2 hashes on average),
   * while the place and the province are quiet and once either is flooded, in steps between.
   */
  challenge: z._default(
    z
      .strictObject({
        quietMaxNumber: z.int().check(z.minimum(1_000), z.maximum(10_000_000)),
        floodMaxNumber: z.int().check(z.minimum(1_000), z.maximum(10_000_000)),
      })
      .check(z.refine((c) => c.quietMaxNumber <= c.floodMaxNumber, 'quietMaxNumber ≤ floodMaxNumber')),
    { quietMaxNumber: 40_000, floodMaxNumber: 320_000 },
  ),
  /** A flood: a place's reports in the last `windowMinutes` reach max(minReports, factor × its normal). */
  flood: z._default(
    z.strictObject({
      windowMinutes: z.int().check(z.minimum(1), z.maximum(60)),
      minReports: atLeastOne(),
      factor: z.number().check(z.minimum(1), z.maximum(1_000)),
    }),
    { windowMinutes: 10, minReports: 20, factor: 10 },
  ),
  alarmEmails: z.array(z.email()).check(z.minLength(1)),
  /**
   * How long personal data is kept, in days (docs/privacy.md). A report's contact details go before its
   * words: the retention job erases them in that order. "Settled" is a case resolved, mediated, referred
   * or closed; the counters behind the figures hold no personal data and are never erased.
   */
  retention: z._default(
    z
      .strictObject({
        /** A reporter's name and phone, after the case is settled. */
        contactDaysAfterSettled: retentionDays(),
        /** The same, for a case never settled, after it arrived. */
        contactDaysIfNeverSettled: retentionDays(),
        /** A report's description and place text, and the officers' replies and notes on it, after it is settled. */
        reportTextDaysAfterSettled: retentionDays(),
        /** The same, for a case never settled, after it arrived. */
        reportTextDaysIfNeverSettled: retentionDays(),
        /** A suggestion's text and the answers to it, after its latest answer. */
        suggestionTextDaysAfterAnswer: retentionDays(),
        /** The same, for a suggestion never answered, after it arrived. */
        suggestionTextDaysIfUnanswered: retentionDays(),
        /** The audit log of refused officer requests (who, what, when). */
        auditDays: retentionDays(),
      })
      .check(
        z.refine(
          (r) =>
            r.contactDaysAfterSettled <= r.reportTextDaysAfterSettled &&
            r.contactDaysIfNeverSettled <= r.reportTextDaysIfNeverSettled,
          'contact details are kept no longer than the report text (contactDays… ≤ reportTextDays…)',
        ),
      ),
    DEFAULT_RETENTION,
  ),
  domain: z.optional(
    z.strictObject({
      name: z.string().check(z.minLength(3)),
      certificateArn: z.string().check(z.startsWith('arn:aws:acm:us-east-1:')),
    }),
  ),
  waf: z.optional(z.strictObject({ enabled: z.boolean() })),
  /**
   * Which slot of the API's origin secret CloudFront sends (`a` or `b`); the functions accept both, so a
   * rotation writes the other slot, waits, then switches this (docs/deploy.md).
   */
  originSecretSlot: z._default(z.enum(['a', 'b']), 'a'),
});

export type Province = z.infer<typeof ProvinceSchema>;
export type RetentionPolicy = Province['retention'];

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

/**
 * The messages a person reads for what the fields above do not word themselves: a missing field is
 * "required", and a pattern never shows its raw regex (every z.regex above names its rule in words;
 * this is the net for one that forgets).
 */
function inWords(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  if (issue.code === 'invalid_format' && issue.format === 'regex') return 'not in the expected form';
  return undefined;
}

function parse(raw: unknown, source: string, options: { askIcu: boolean }): Province {
  const result = ProvinceSchema.safeParse(raw, { error: inWords });
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
