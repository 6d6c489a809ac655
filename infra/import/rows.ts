import * as z from 'zod/mini';
import { AREA_KINDS, AreaCode } from '../../functions/areas/model';
import { URGENCIES } from '../../functions/categories/model';
import { ROUTABLE_ROLES } from '../../functions/categories/route';
import { CONTACT_KINDS, CONTACT_VISIBILITY } from '../../functions/contacts/model';
import { DIRECTORY_STATUSES, MODEL_KINDS } from '../../functions/directory/model';
import { PLAYBOOK } from '../../functions/playbooks/model';
import { OFFICER_ACCESS, OFFICER_ROLES, RecordIdSchema } from '../../functions/roster/model';
import { isDateSpec, parseDays } from '../../functions/roster/pattern';
import { MOBILE_HINT, toE164, toMobileE164 } from '../../functions/shared/phone';
import { hasControlCharacters } from '../../functions/shared/text';

/**
 * One zod schema per data file, applied to each row as { column: cell }. Cells arrive trimmed and
 * NFC-normalized; an empty cell is "not given". Messages are for the admin reading the CLI output.
 */

const empty = (v: unknown) => (v === '' ? undefined : v);
const oneOf = (values: readonly string[]) => `one of: ${values.join(', ')}`;

function text(max: number) {
  return z.string({ error: 'required' }).check(
    z.minLength(1, 'required'),
    z.maxLength(max, `at most ${max} characters`),
    z.refine(
      (value) => !hasControlCharacters(value),
      'holds a control character (only tabs and line breaks are allowed): retype the text',
    ),
  );
}

function optional<T extends z.core.SomeType>(schema: T) {
  return z.pipe(z.transform(empty), z.optional(schema));
}

/** A required cell: an empty one is "required", whatever rule its text must follow. */
function filled<T extends z.core.$ZodType<unknown, string>>(schema: T) {
  return z.pipe(z.string().check(z.minLength(1, 'required')), schema);
}

/** A transform that may refuse its input with a message for the admin. */
function parsed<T>(read: (value: string) => T | undefined, message: string) {
  return z.pipe(
    z.string({ error: 'required' }),
    z.transform((value: string, payload) => {
      const out = read(value);
      if (out === undefined) {
        payload.issues.push({ code: 'custom', message, input: value });
        return z.NEVER;
      }
      return out;
    }),
  );
}

function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => (issue.input === '' ? 'required' : oneOf(values)) });
}

/** A required code checked by the domain's own schema (area codes, record ids). */
function codeOf(schema: z.core.$ZodType, what: string) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      if (value === '') ctx.addIssue({ code: 'custom', message: 'required', input: value });
      else if (!z.safeParse(schema, value).success)
        ctx.addIssue({
          code: 'custom',
          message: `"${value.slice(0, 40)}" is not ${what} (upper-case letters, digits and dashes, at most 40)`,
          input: value,
        });
    }),
  );
}

const code = codeOf(AreaCode, 'an area code');
const recordId = codeOf(RecordIdSchema, 'a code');

const phone = z.pipe(
  z.string({ error: 'required' }).check(z.minLength(1, 'required')),
  z.transform((value: string, payload) => {
    const e164 = toE164(value);
    if (!e164) {
      payload.issues.push({
        code: 'custom',
        message: `not a phone number: "${value.slice(0, 40)}" (e.g. 0912 345 678 or +84912345678)`,
        input: value,
      });
      return z.NEVER;
    }
    return e164;
  }),
);

/**
 * A phone the dispatcher texts (an officer's): a Vietnamese mobile. A landline takes the SMS and nobody
 * ever reads it; contacts.csv keeps any phone, since people call those.
 */
const mobilePhone = z.pipe(
  phone,
  z.transform((e164: string, payload) => {
    if (toMobileE164(e164)) return e164;
    payload.issues.push({
      code: 'custom',
      message: `not a mobile number: ${e164} (an SMS never reaches a landline; ${MOBILE_HINT}, e.g. 0912 345 678)`,
      input: e164,
    });
    return z.NEVER;
  }),
);

const isoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
  z.refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'not a real date',
  ),
);

/** Year, month or day: many models and groups know only the year they began. */
const partialDate = z.string().check(
  z.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD'),
  z.refine((d) => {
    const full = d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d;
    const t = new Date(`${full}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(full);
  }, 'not a real date'),
);

const status = z.pipe(
  z.transform((v) => (v === '' || v === undefined ? 'active' : v)),
  choice(DIRECTORY_STATUSES),
);

const clock = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (00:00 to 23:59)'));

const codeList = z.pipe(
  z.string(),
  z.transform((value: string, payload) => {
    const codes = value.split(/[\s;]+/).filter(Boolean);
    const bad = codes.find((c) => !z.safeParse(AreaCode, c).success);
    if (codes.length === 0 || bad !== undefined) {
      payload.issues.push({
        code: 'custom',
        message:
          bad === undefined
            ? 'required (codes separated by spaces)'
            : `"${bad.slice(0, 40)}" is not a code (upper-case letters, digits and dashes)`,
        input: value,
      });
      return z.NEVER;
    }
    return [...new Set(codes)];
  }),
);

/** Officer roles separated by spaces (`police duty_desk`), each once; `required` refuses an empty cell. */
function roleList(required: boolean) {
  return z.pipe(
    z.pipe(
      z.transform((v) => (v === undefined ? '' : v)),
      z.string(),
    ),
    z.transform((value: string, payload) => {
      const roles = value.split(/[\s;,]+/).filter(Boolean);
      const bad = roles.find((r) => !(ROUTABLE_ROLES as readonly string[]).includes(r));
      if (bad !== undefined || (required && roles.length === 0)) {
        payload.issues.push({
          code: 'custom',
          message:
            bad === undefined
              ? `required: who is texted, roles separated by spaces (${oneOf(ROUTABLE_ROLES)})`
              : `unknown role "${bad.slice(0, 40)}" (${oneOf(ROUTABLE_ROLES)})`,
          input: value,
        });
        return z.NEVER;
      }
      return [...new Set(roles)] as (typeof ROUTABLE_ROLES)[number][];
    }),
  );
}

const yesNo = z.pipe(
  z.string(),
  z.transform((value: string, payload) => {
    const v = value.toLowerCase();
    if (['yes', 'true', '1', 'có', 'x'].includes(v)) return true;
    if (['no', 'false', '0', 'không', ''].includes(v)) return false;
    payload.issues.push({ code: 'custom', message: 'yes or no', input: value });
    return z.NEVER;
  }),
);

const dateSpec = z
  .string()
  .check(
    z.minLength(1, 'required'),
    z.refine(isDateSpec, 'a date (YYYY-MM-DD), a relative day (-7d, +31d) or today'),
  );

const instant = z.iso.datetime({
  offset: true,
  error: 'a time with its offset, e.g. 2026-03-01T18:00:00+07:00',
});

const AreaRow = z.object({
  code,
  name: text(120),
  kind: choice(AREA_KINDS),
  parent: optional(code),
});

const categoryCode = filled(
  z
    .string()
    .check(
      z.regex(/^[a-z][a-z0-9_]{1,39}$/, '2 to 40 lower-case letters, digits and _, starting with a letter'),
    ),
);

const CategoryRow = z.object({
  code: categoryCode,
  label_vi: text(100),
  label_en: text(100),
  urgency: choice(URGENCIES),
  mediable: yesNo,
  roles: roleList(true),
  informed: roleList(false),
});

const ModelRow = z.object({
  id: recordId,
  name: text(200),
  kind: choice(MODEL_KINDS),
  area: code,
  started: optional(partialDate),
  status,
});

const GroupRow = z.object({
  id: recordId,
  name: text(200),
  model: recordId,
  area: code,
  leader: text(100),
  members: z.pipe(
    filled(z.string().check(z.regex(/^\d{1,5}$/, 'a whole number of members'))),
    z.pipe(z.transform(Number), z.number().check(z.minimum(1, 'at least 1 member'))),
  ),
  founded: optional(partialDate),
  status,
});

const ContactRow = z.object({
  id: recordId,
  area: code,
  name: text(120),
  role: text(120),
  phone,
  kind: choice(CONTACT_KINDS),
  visibility: choice(CONTACT_VISIBILITY),
  verified_at: filled(isoDate),
});

const OfficerRow = z.object({
  id: recordId,
  name: text(120),
  phone: mobilePhone,
  role: choice(OFFICER_ROLES),
  access: choice(OFFICER_ACCESS),
  areas: codeList,
  login: z.pipe(
    filled(z.email({ error: 'an e-mail address (the sign-in identity)' })),
    z.transform((e: string) => e.toLowerCase()),
  ),
  /** The Cognito user the officer is bound to; blank keeps the one the table holds (docs/deploy.md, step 7). */
  sub: optional(
    z.pipe(
      z
        .string()
        .check(
          z.regex(
            /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
            "a Cognito user's sub: 32 hex digits in groups of 8-4-4-4-12, e.g. 3b7e1c2a-7c1e-4f0e-9b57-8f2d6e0b9c11",
          ),
        ),
      z.transform((sub: string) => sub.toLowerCase()),
    ),
  ),
});

const RosterRow = z.object({
  id: recordId,
  area: code,
  officers: codeList,
  days: filled(parsed(parseDays, 'daily, weekdays, weekends, or days like "mon tue sat"')),
  from: filled(clock),
  to: filled(clock),
  valid_from: dateSpec,
  valid_to: dateSpec,
});

const ShiftRow = z.object({
  area: code,
  officer: recordId,
  start: filled(instant),
  end: filled(instant),
});

const PlaybookRow = z.object({
  category: categoryCode,
  step: z.pipe(
    filled(z.string().check(z.regex(/^\d{1,3}$/, 'a step number: 1, 2, 3…'))),
    z.pipe(
      z.transform(Number),
      z
        .number()
        .check(
          z.minimum(1, 'steps are numbered from 1'),
          z.maximum(PLAYBOOK.maxSteps, `at most ${PLAYBOOK.maxSteps} steps`),
        ),
    ),
  ),
  text_vi: text(PLAYBOOK.maxText),
  text_en: text(PLAYBOOK.maxText),
});

export interface FileSpec {
  file: string;
  columns: readonly string[];
  /** Columns that may be left out of the header altogether. */
  optionalColumns: readonly string[];
  row: z.core.$ZodType;
}

/** The data files, in the order they are checked and written (references point backwards). */
export const FILES = {
  areas: {
    file: 'areas.csv',
    columns: ['code', 'name', 'kind', 'parent'],
    optionalColumns: [],
    row: AreaRow,
  },
  categories: {
    file: 'categories.csv',
    columns: ['code', 'label_vi', 'label_en', 'urgency', 'mediable', 'roles', 'informed'],
    optionalColumns: ['mediable', 'informed'],
    row: CategoryRow,
  },
  models: {
    file: 'models.csv',
    columns: ['id', 'name', 'kind', 'area', 'started', 'status'],
    optionalColumns: ['started', 'status'],
    row: ModelRow,
  },
  groups: {
    file: 'groups.csv',
    columns: ['id', 'name', 'model', 'area', 'leader', 'members', 'founded', 'status'],
    optionalColumns: ['founded', 'status'],
    row: GroupRow,
  },
  contacts: {
    file: 'contacts.csv',
    columns: ['id', 'area', 'name', 'role', 'phone', 'kind', 'visibility', 'verified_at'],
    optionalColumns: [],
    row: ContactRow,
  },
  officers: {
    file: 'officers.csv',
    columns: ['id', 'name', 'phone', 'role', 'access', 'areas', 'login', 'sub'],
    optionalColumns: ['sub'],
    row: OfficerRow,
  },
  roster: {
    file: 'roster.csv',
    columns: ['id', 'area', 'officers', 'days', 'from', 'to', 'valid_from', 'valid_to'],
    optionalColumns: [],
    row: RosterRow,
  },
  shifts: {
    file: 'shifts.csv',
    columns: ['area', 'officer', 'start', 'end'],
    optionalColumns: [],
    row: ShiftRow,
  },
  playbooks: {
    file: 'playbooks.csv',
    columns: ['category', 'step', 'text_vi', 'text_en'],
    optionalColumns: [],
    row: PlaybookRow,
  },
} as const satisfies Record<string, FileSpec>;

export type FileKey = keyof typeof FILES;
export const FILE_ORDER = Object.keys(FILES) as FileKey[];

export type AreaRowT = z.output<typeof AreaRow>;
export type CategoryRowT = z.output<typeof CategoryRow>;
export type ModelRowT = z.output<typeof ModelRow>;
export type GroupRowT = z.output<typeof GroupRow>;
export type ContactRowT = z.output<typeof ContactRow>;
export type OfficerRowT = z.output<typeof OfficerRow>;
export type RosterRowT = z.output<typeof RosterRow>;
export type ShiftRowT = z.output<typeof ShiftRow>;
export type PlaybookRowT = z.output<typeof PlaybookRow>;
