import * as z from 'zod/mini';
import { AREA_KINDS } from '../areas/model';
import { URGENCIES } from '../categories/model';
import { MEDIATION_OUTCOMES, REPORT_STATUSES } from '../reports/model';
import { SUGGESTION_STATUSES, TOPICS } from '../suggestions/schema';

/**
 * The answers' shapes, for the OpenAPI document only: the handlers build their answers from their
 * use cases' types, which have no runtime schema. Each object stays open (`z.looseObject`) so that a
 * field added to an answer, which api.md allows, does not make the document wrong; the fields named
 * here are the ones clients rely on. Every schema registered here becomes a component of the document.
 */
export const components = z.registry<{ id: string; description?: string }>();

const Instant = z.iso.datetime({ offset: true }).register(components, { id: 'Instant' });
const Day = z.iso.date().register(components, { id: 'Day' });
const Label = z.object({ vi: z.string(), en: z.string() });

const Area = z
  .looseObject({
    code: z.string(),
    name: z.string(),
    kind: z.enum(AREA_KINDS),
    parent: z.nullable(z.string()),
  })
  .register(components, { id: 'Area', description: 'A place as the public API shows it.' });

const Category = z
  .looseObject({ code: z.string(), label: Label, urgency: z.enum(URGENCIES) })
  .register(components, { id: 'Category', description: 'A category, never who it is routed to.' });

const Box = z
  .looseObject({ id: z.string(), name: z.string(), area: z.string() })
  .register(components, { id: 'Box', description: 'A suggestion box.' });

const Receipt = z
  .string()
  .check(z.regex(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/))
  .register(components, {
    id: 'Receipt',
    description:
      '16 Crockford base32 characters in four groups; matched whatever its case, spaces or dashes.',
  });

/** The error shape of every 4xx/5xx answer to a JSON request (api.md, Errors); document.ts refers to it. */
components.add(
  z.object({
    error: z.object({
      code: z.enum([
        'invalid_input',
        'challenge_required',
        'form_refused',
        'unauthorized',
        'forbidden',
        'not_found',
        'conflict',
        'payload_too_large',
        'unsupported_media_type',
        'rate_limited',
        'internal',
        'unavailable',
      ]),
      message: z.string(),
      fields: z.optional(z.record(z.string(), z.string())),
    }),
  }),
  {
    id: 'Error',
    description:
      'message and fields follow Accept-Language (vi by default, en); fields names each wrong field.',
  },
);

/** Open311 GeoReport v2 errors: a list of numbered descriptions, as the specification shapes them. */
components.add(z.array(z.object({ code: z.int(), description: z.string() })), {
  id: 'Open311Errors',
  description: 'GeoReport v2 errors: code is the HTTP status; one entry per wrong field.',
});

const Submitted = z
  .object({ id: z.string(), receipt: Receipt, status: z.literal('received') })
  .register(components, {
    id: 'Submitted',
    description: 'Shown once: the receipt is never stored in plain form and never goes into a URL.',
  });

const TimelineEntry = z.looseObject({
  at: Instant,
  status: z.string(),
  recipients: z.optional(z.int()),
  by: z.optional(z.string()),
  note: z.optional(z.string()),
});

const AckView = z
  .looseObject({
    id: z.string(),
    category: z.object({ code: z.string(), label: Label }),
    area: z.string(),
    place: z.string(),
    time: Instant,
    acknowledged: z.boolean(),
    by: z.optional(z.string()),
    byYou: z.optional(z.boolean()),
  })
  .register(components, { id: 'AckView', description: 'What an acknowledge link shows; changes nothing.' });

const Actor = z.looseObject({
  role: z.string(),
  officerId: z.optional(z.string()),
  name: z.optional(z.string()),
});

const Mediation = z.looseObject({
  outcome: z.enum(MEDIATION_OUTCOMES),
  mediator: z.string(),
  mediatedAt: Day,
});

const OfficerSuggestion = z
  .looseObject({
    id: z.string(),
    kind: z.enum(['online', 'paper']),
    box: z.string(),
    boxName: z.string(),
    area: z.string(),
    text: z.string(),
    topic: z.optional(z.enum(TOPICS)),
    status: z.enum(SUGGESTION_STATUSES),
    createdAt: Instant,
    replies: z.array(z.object({ at: Instant, text: z.string() })),
    hidden: z.optional(z.object({ at: Instant, reason: z.string() })),
  })
  .register(components, { id: 'OfficerSuggestion', description: 'A suggestion as officers see it.' });

const Compared = { count: z.int(), previous: z.int() };

/** Success answers by name; operations.ts names the one each route answers. */
const ANSWERS = {
  Health: z.object({ ok: z.literal(true) }),
  Areas: z.object({ areas: z.array(Area) }),
  PlacesCopy: z.object({
    kinds: z.array(z.enum(AREA_KINDS)),
    places: z.array(z.tuple([z.string(), z.string(), z.int(), z.int()])),
  }),
  Categories: z.object({ categories: z.array(Category) }),
  ReportForm: z.looseObject({ area: Area, within: z.nullable(Area), categories: z.array(Category) }),
  SuggestionForm: z.looseObject({ area: Area, within: z.nullable(Area), boxes: z.array(Box) }),
  FormErrors: z.object({ errors: z.record(z.string(), z.string()) }),
  Contacts: z.object({
    area: Area,
    contacts: z.array(
      z.looseObject({
        name: z.string(),
        role: z.string(),
        phone: z.string(),
        kind: z.string(),
        area: z.nullable(z.string()),
        verifiedAt: z.nullable(z.string()),
      }),
    ),
  }),
  Challenge: z.object({
    algorithm: z.literal('SHA-256'),
    challenge: z.string(),
    salt: z.string(),
    signature: z.string(),
    maxnumber: z.int(),
  }),
  Me: z.looseObject({
    id: z.string(),
    name: z.string(),
    role: z.enum(['officer', 'admin']),
    areas: z.array(z.string()),
    places: z.array(
      z.looseObject({ code: z.string(), name: z.string(), kind: z.enum(AREA_KINDS), label: Label }),
    ),
  }),
  Submitted,
  AckView,
  Acknowledged: z.looseObject({
    status: z.literal('acknowledged'),
    id: z.string(),
    by: z.string(),
    first: z.boolean(),
    byYou: z.boolean(),
  }),
  AckSummary: z.object({ sentAt: Instant, reports: z.array(z.extend(AckView, { ack: z.string() })) }),
  FollowUp: z.looseObject({
    kind: z.enum(['report', 'suggestion']),
    about: z.optional(
      z.looseObject({
        category: Label,
        place: z.string(),
        occurredAt: z.optional(Instant),
        receivedAt: Instant,
      }),
    ),
    status: z.string(),
    duplicateOf: z.optional(z.string()),
    contactGiven: z.optional(z.literal(true)),
    contactRemoved: z.optional(z.object({ at: Instant, by: z.enum(['resident', 'retention']) })),
    timeline: z.array(TimelineEntry),
    replies: z.array(z.object({ at: Instant, text: z.string() })),
  }),
  ContactErased: z.object({ removed: z.boolean() }),
  Inbox: z.object({
    reports: z.array(
      z.looseObject({
        id: z.string(),
        area: z.string(),
        areaName: z.string(),
        category: z.string(),
        categoryLabel: Label,
        urgency: z.enum(URGENCIES),
        status: z.enum(REPORT_STATUSES),
        createdAt: Instant,
        excerpt: z.string(),
      }),
    ),
    next: z.optional(z.string()),
  }),
  Case: z.looseObject({
    report: z.looseObject({
      id: z.string(),
      area: z.string(),
      category: z.string(),
      status: z.enum(REPORT_STATUSES),
      description: z.string(),
      createdAt: Instant,
    }),
    next: z.array(z.enum(REPORT_STATUSES)),
    timeline: z.array(z.looseObject({ at: Instant, status: z.string(), by: z.optional(Actor) })),
    notified: z.array(
      z.looseObject({ tier: z.int(), level: z.string(), role: z.string(), state: z.string(), at: Instant }),
    ),
    replies: z.array(z.object({ at: Instant, text: z.string(), by: Actor })),
    notes: z.array(z.object({ at: Instant, text: z.string(), by: Actor })),
  }),
  StatusChanged: z.looseObject({
    id: z.string(),
    status: z.enum(REPORT_STATUSES),
    previous: z.enum(REPORT_STATUSES),
    changedAt: Instant,
    acknowledgedAt: z.optional(Instant),
    mediation: z.optional(Mediation),
  }),
  Shifts: z.object({
    shifts: z.array(
      z.object({ area: z.string(), areaName: z.string(), start: Instant, end: Instant, now: z.boolean() }),
    ),
  }),
  OnDuty: z.object({
    at: Instant,
    areas: z.array(
      z.object({
        area: z.string(),
        name: z.string(),
        kind: z.enum(AREA_KINDS),
        officers: z.array(
          z.object({ id: z.string(), name: z.string(), role: z.string(), phone: z.string() }),
        ),
      }),
    ),
  }),
  Figures: z.looseObject({
    area: z.object({ code: z.string(), name: z.string() }),
    period: z.looseObject({ from: z.string(), to: z.string() }),
    incidents: z.looseObject(Compared),
    months: z.array(
      z.object({ month: z.string(), count: z.int(), previousMonth: z.string(), previous: z.int() }),
    ),
    categories: z.array(
      z.looseObject({ code: z.string(), label: Label, mediable: z.boolean(), ...Compared }),
    ),
    areas: z.array(z.looseObject({ code: z.string(), name: z.string(), ...Compared })),
    mediation: z.looseObject({ disputes: z.int(), settledPercent: z.nullable(z.number()) }),
    acknowledgement: z.object({
      acknowledged: z.int(),
      medianMinutes: z.nullable(z.number()),
      p90Minutes: z.nullable(z.number()),
    }),
  }),
  Boxes: z.object({ boxes: z.array(Box) }),
  BoxPage: z.object({
    id: z.string(),
    name: z.string(),
    area: z.string(),
    openings: z.array(
      z.object({
        openedAt: Instant,
        entries: z.array(z.object({ text: z.string(), reply: z.optional(z.string()) })),
      }),
    ),
  }),
  OfficerSuggestion,
  SuggestionPage: z.object({ suggestions: z.array(OfficerSuggestion), cursor: z.nullable(z.string()) }),
  Opening: z.looseObject({
    id: z.string(),
    box: z.string(),
    openedAt: Instant,
    openedBy: z.string(),
    witnesses: z.array(z.string()),
    entries: z.array(z.looseObject({ id: z.string(), text: z.string(), topic: z.optional(z.enum(TOPICS)) })),
  }),
  Playbook: z.object({ category: z.string(), steps: z.array(z.object({ step: z.int(), text: z.string() })) }),
  Checklist: z.looseObject({
    id: z.string(),
    category: z.string(),
    steps: z.array(
      z.looseObject({
        step: z.int(),
        text: z.string(),
        done: z.boolean(),
        by: z.optional(Actor),
        at: z.optional(Instant),
      }),
    ),
    complete: z.boolean(),
  }),
  Created: z.object({ id: z.string() }),
  Patrols: z.object({
    patrols: z.array(
      z.looseObject({
        id: z.string(),
        area: z.string(),
        areaName: z.string(),
        startedAt: Instant,
        endedAt: Instant,
        officers: z.array(z.string()),
        volunteers: z.int(),
        places: z.array(z.string()),
        spots: z.array(z.object({ id: z.string(), name: z.string() })),
        notes: z.string(),
        reports: z.array(z.string()),
        createdAt: Instant,
      }),
    ),
    cursor: z.optional(z.string()),
  }),
  CaseSpot: z.object({ id: z.string(), spot: z.optional(z.object({ id: z.string(), name: z.string() })) }),
  RiskSpots: z.object({
    spots: z.array(
      z.looseObject({
        id: z.string(),
        area: z.string(),
        name: z.string(),
        reason: z.string(),
        createdAt: Instant,
      }),
    ),
    truncated: z.optional(z.literal(true)),
  }),
  Open311Discovery: z.looseObject({
    changeset: z.string(),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(
      z.looseObject({
        specification: z.string(),
        url: z.string(),
        changeset: z.string(),
        type: z.enum(['production', 'test']),
        formats: z.array(z.string()),
      }),
    ),
  }),
  Open311Services: z.array(
    z.object({
      service_code: z.string(),
      service_name: z.string(),
      description: z.string(),
      metadata: z.boolean(),
      type: z.literal('realtime'),
      keywords: z.string(),
      group: z.string(),
    }),
  ),
  Open311ServiceDefinition: z.object({ service_code: z.string(), attributes: z.array(z.looseObject({})) }),
  Open311Filed: z.array(
    z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.null() }),
  ),
  Open311Requests: z.array(
    z.object({
      service_request_id: z.string(),
      status: z.enum(['open', 'closed']),
      service_code: z.string(),
      service_name: z.string(),
      agency_responsible: z.string(),
      requested_datetime: Instant,
      updated_datetime: Instant,
    }),
  ),
  /** The document itself (GET /api/openapi.json). */
  OpenApi: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
} as const;

export type AnswerName = keyof typeof ANSWERS;

// Each answer is a component of its own name (some already are, under that name).
for (const [id, schema] of Object.entries(ANSWERS))
  if (!components.has(schema)) components.add(schema, { id });
