import * as z from 'zod';

/**
 * One province's deploy settings: `infra/provinces/<id>.json`. The same schema validates the file at
 * synth, types what infra passes to the functions, and is read again by the functions at start-up.
 */
const e164 = z.string().regex(/^\+[1-9]\d{7,14}$/, 'an E.164 phone number, e.g. +842033825113');
const minutes = z
  .number()
  .int()
  .min(1)
  .max(24 * 60);

export const PUBLIC_POST_ROUTES = ['reports', 'suggestions', 'follow-up', 'ack'] as const;

export const RateLimitSchema = z.strictObject({
  /** Requests a minute from one client (by a keyed hash of its address, kept in memory only). */
  publicPostsPerMinute: z.number().int().min(1),
  publicGetsPerMinute: z.number().int().min(1),
  /** Follow-up look-ups a minute from one client: guessing receipts must stay hopeless. */
  followUpsPerMinute: z.number().int().min(1),
});

export const ProvinceSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'lowercase letters, digits and dashes'),
  /** The root area's code in the imported data (e.g. QN). */
  rootArea: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,39}$/),
  name: z.strictObject({ vi: z.string().min(1), en: z.string().min(1) }),
  locales: z.array(z.enum(['vi', 'en'])).min(1),
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone, e.g. Asia/Ho_Chi_Minh'),
  baseUrl: z.url({ protocol: /^https?$/ }).refine((u) => !u.endsWith('/'), 'no trailing slash'),
  stage: z.enum(['dev', 'prod']),
  sms: z.strictObject({
    /** Alphanumeric sender ID registered for Vietnam (up to 11 characters). */
    senderId: z.string().regex(/^[A-Za-z0-9]{1,11}$/),
    maxPriceUsd: z.number().positive().max(1),
    dailyCap: z.number().int().min(1),
    recipientsPerReport: z.number().int().min(1).max(20),
    /** Used to estimate SMS spend on the figures page. */
    estimatedPriceUsd: z.number().nonnegative(),
  }),
  escalationMinutes: z.strictObject({ high: minutes, normal: minutes, low: minutes }),
  fallbackDutyPhone: e164,
  rateLimits: RateLimitSchema,
  challengeRoutes: z.array(z.enum(PUBLIC_POST_ROUTES)),
  alarmEmails: z.array(z.email()).min(1),
  domain: z
    .strictObject({
      name: z.string().min(3),
      certificateArn: z.string().startsWith('arn:aws:acm:us-east-1:'),
    })
    .optional(),
  waf: z.strictObject({ enabled: z.boolean() }).optional(),
});

export type Province = z.infer<typeof ProvinceSchema>;

/** Parses a province, naming each wrong field in one message. */
export function parseProvince(raw: unknown, source: string): Province {
  const result = ProvinceSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid province config ${source}:\n${lines.join('\n')}`);
  }
  return result.data;
}
