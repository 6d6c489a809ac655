import * as z from 'zod/mini';
import { ChallengeQuery } from '../abuse/schema';
import { AreasQuerySchema } from '../areas/schema';
import {
  AreaQuerySchema,
  CaseParamsSchema,
  CasesExportQuerySchema,
  InboxQuerySchema,
  StatusChangeSchema,
  StepTickSchema,
} from '../cases/schema';
import { ContactsQuerySchema } from '../contacts/schema';
import { FollowUpInputSchema } from '../follow-up/schema';
import { PostedForm, ReportFormQuery, SuggestionFormQuery } from '../forms/schema';
import {
  Open311FileParams,
  Open311IdempotencyKey,
  Open311ListQuery,
  Open311RequestSchema,
  Open311RequestsQuery,
} from '../open311/schema';
import {
  CaseSpotSchema,
  PatrolQuerySchema,
  PatrolSchema,
  CaseParamsSchema as SpotCaseParams,
} from '../patrols/schema';
import { PlaybookQuerySchema } from '../playbooks/schema';
import { ReportRequestSchema } from '../reports/schema';
import { RiskSpotQuerySchema, RiskSpotSchema } from '../spots/schema';
import { FiguresQuerySchema } from '../stats/schema';
import {
  BoxesQuerySchema,
  BoxIdSchema,
  HideSchema,
  OfficerListQuerySchema,
  OpeningInputSchema,
  ReplySchema,
  SuggestionIdSchema,
  SuggestionRequestSchema,
} from '../suggestions/schema';
import type { Operation } from './document';

/*
 * Path schemas the handlers write in their own file: the same checks, spelled out again here; the
 * OpenAPI test fails when a handler's differs.
 */
const AckToken = z.object({ token: z.string() });
const BoxPath = z.strictObject({ id: BoxIdSchema });
const SuggestionPath = z.strictObject({ id: SuggestionIdSchema });

/** The form fields of the report form that land in `contact`. */
const REPORT_FORM_FIELDS = { contactName: 'contact.name', contactPhone: 'contact.phone' } as const;

/**
 * Every route of functions/routes.ts, by `METHOD path`. A route added to the table without an entry
 * here fails the OpenAPI test, which names it.
 */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  'GET /api/health': {
    summary: 'Liveness',
    tags: ['System'],
    html: true,
    unlimited: true,
    answer: { status: 200, description: 'Up.', schema: 'Health' },
  },
  'GET /api/openapi.json': {
    summary: 'This document',
    description: "Generated from the schemas the handlers parse; `servers` names the province's address.",
    tags: ['System'],
    answer: { status: 200, description: 'The OpenAPI 3.1 document.', schema: 'OpenApi' },
  },
  'GET /api/areas': {
    summary: 'Find places',
    description:
      "`q` finds places of any level by name, ignoring case and diacritics; `parent` lists a place's direct " +
      'children; with neither, the communes and wards.',
    tags: ['Places'],
    query: AreasQuerySchema,
    html: true,
    errors: [404],
    answer: { status: 200, description: 'The places.', schema: 'Areas' },
  },
  'GET /api/areas/all': {
    summary: "The province's places in one compact answer",
    description:
      'Rows `[code, name, kind, parent]`: kind indexes `kinds`, parent the row of the parent (-1 for the ' +
      "province); a parent's row comes before its children's. Kept by the site's service worker.",
    tags: ['Places'],
    answer: { status: 200, description: 'Every place.', schema: 'PlacesCopy' },
  },
  'GET /api/categories': {
    summary: 'Report categories',
    tags: ['Reports'],
    html: true,
    answer: { status: 200, description: "The province's categories, in its order.", schema: 'Categories' },
  },
  'GET /api/forms/report': {
    summary: 'The report form of a place',
    description: 'Rendered on the server for a page without JavaScript; never cached.',
    tags: ['Forms'],
    query: ReportFormQuery,
    html: true,
    errors: [404],
    answer: { status: 200, description: 'The place and its categories.', schema: 'ReportForm' },
  },
  'GET /api/forms/suggestion': {
    summary: 'The suggestion form of a place',
    description: 'Rendered on the server for a page without JavaScript; never cached.',
    tags: ['Forms'],
    query: SuggestionFormQuery,
    html: true,
    errors: [404],
    answer: { status: 200, description: 'The place and its boxes.', schema: 'SuggestionForm' },
  },
  'POST /api/forms/report': {
    summary: 'Send the server-rendered report form',
    description:
      'The fields of POST /api/reports as a form posts them (contactName, contactPhone, idempotencyKey, ' +
      'formToken). A refused form comes back filled in (400); a form token that cannot be taken is ' +
      'answered 400 form_refused with a page that sends the fields again.',
    tags: ['Forms'],
    body: PostedForm,
    accepts: 'form',
    html: true,
    guarded: true,
    refused: { description: 'The form again, filled in, each error beside its field.', schema: 'FormErrors' },
    answer: { status: 200, description: 'The receipt page.', schema: 'Submitted' },
  },
  'POST /api/forms/suggestion': {
    summary: 'Send the server-rendered suggestion form',
    description:
      'The fields of POST /api/suggestions as a form posts them. A refused form comes back filled in (400).',
    tags: ['Forms'],
    body: PostedForm,
    accepts: 'form',
    html: true,
    guarded: true,
    refused: { description: 'The form again, filled in, each error beside its field.', schema: 'FormErrors' },
    answer: { status: 200, description: 'The receipt page.', schema: 'Submitted' },
  },
  'GET /api/contacts': {
    summary: "A place's public contacts",
    description: "The place's own contacts, then its ancestors', then the national numbers (113, 114, 115).",
    tags: ['Places'],
    query: ContactsQuerySchema,
    html: true,
    errors: [404],
    answer: { status: 200, description: 'The contacts.', schema: 'Contacts' },
  },
  'GET /api/challenge': {
    summary: 'A proof-of-work challenge (ALTCHA v1)',
    description:
      'Solved by the number n ≤ maxnumber whose SHA-256 of salt + n equals challenge; the solution goes ' +
      'back base64-encoded in X-Altcha (or an altcha form field). Good once, for a few minutes.',
    tags: ['Abuse control'],
    query: ChallengeQuery,
    answer: { status: 200, description: 'A fresh challenge.', schema: 'Challenge' },
  },
  'GET /api/officer/me': {
    summary: 'Who I am',
    tags: ['Officer'],
    answer: { status: 200, description: 'The signed-in officer, role and places.', schema: 'Me' },
  },
  'POST /api/reports': {
    summary: 'Report an incident',
    description:
      'Anonymous unless a contact is given. The same Idempotency-Key with the same body within 24 hours ' +
      'answers the first answer again; with another body, 409. Without a key, a report matching one of ' +
      'the last 10 minutes is linked to it as a duplicate. A filled honeypot (`website`) is answered as ' +
      'a success and stores nothing.',
    tags: ['Reports'],
    body: ReportRequestSchema,
    accepts: 'json+form',
    formFields: REPORT_FORM_FIELDS,
    html: true,
    idempotent: true,
    guarded: true,
    errors: [409],
    answer: { status: 201, description: 'Received: the receipt, shown once.', schema: 'Submitted' },
  },
  'GET /api/ack/{token}': {
    summary: 'What an SMS acknowledge link opens',
    description: 'Changes nothing: phones and chat apps open links to preview them.',
    tags: ['Acknowledge'],
    params: AckToken,
    html: true,
    errors: [404],
    answer: { status: 200, description: 'The report, enough to decide.', schema: 'AckView' },
  },
  'POST /api/ack/{token}': {
    summary: 'Acknowledge a report',
    description: 'For the officer the signed token names; the first acknowledgement wins.',
    tags: ['Acknowledge'],
    params: AckToken,
    html: true,
    guarded: true,
    errors: [404],
    answer: { status: 200, description: 'Acknowledged.', schema: 'Acknowledged' },
  },
  'GET /api/ack/summary/{token}': {
    summary: 'What a summary SMS link opens',
    description: 'The reports one summary SMS carried, each with its own acknowledge link. Changes nothing.',
    tags: ['Acknowledge'],
    params: AckToken,
    html: true,
    errors: [404],
    answer: { status: 200, description: 'The reports.', schema: 'AckSummary' },
  },
  'POST /api/follow-up': {
    summary: 'Follow a report or suggestion by its receipt',
    description:
      'The receipt in the body, never in a URL. `note` and `replies` hold only what officers wrote for ' +
      'the resident. An unknown receipt is answered 404 after the same work as a known one.',
    tags: ['Follow-up'],
    body: FollowUpInputSchema,
    accepts: 'json+form',
    html: true,
    guarded: true,
    errors: [404],
    answer: { status: 200, description: 'Its status, timeline and replies.', schema: 'FollowUp' },
  },
  'POST /api/follow-up/erase-contact': {
    summary: 'Remove the contact details left with a report',
    tags: ['Follow-up'],
    body: FollowUpInputSchema,
    accepts: 'json+form',
    html: true,
    guarded: true,
    errors: [404],
    answer: { status: 200, description: 'Removed (false: there were none).', schema: 'ContactErased' },
  },
  'GET /api/officer/reports': {
    summary: 'Reports in my places, newest first',
    tags: ['Officer'],
    query: InboxQuerySchema,
    answer: { status: 200, description: 'A page; `next` is the cursor of the next one.', schema: 'Inbox' },
  },
  'GET /api/officer/reports/{id}': {
    summary: 'A case',
    description: 'Its timeline, who was texted (never a phone), replies and internal notes.',
    tags: ['Officer'],
    params: CaseParamsSchema,
    errors: [404],
    answer: { status: 200, description: 'The case.', schema: 'Case' },
  },
  'POST /api/officer/reports/{id}/status': {
    summary: 'Move a case on, reply or note',
    description:
      'received → acknowledged → in_progress → resolved | mediated | referred → closed; an illegal ' +
      'transition is 409. `internalNote` never reaches the resident.',
    tags: ['Officer'],
    params: CaseParamsSchema,
    body: StatusChangeSchema,
    idempotent: true,
    errors: [404, 409],
    answer: { status: 200, description: 'The new state.', schema: 'StatusChanged' },
  },
  'GET /api/officer/shifts': {
    summary: 'My shifts',
    description: 'From the one under way to two weeks ahead.',
    tags: ['Officer'],
    answer: { status: 200, description: 'The shifts.', schema: 'Shifts' },
  },
  'GET /api/officer/on-duty': {
    summary: 'Who is on duty now',
    description: 'In my places (or `area`) and one level below; phones included, for handing over a case.',
    tags: ['Officer'],
    query: AreaQuerySchema,
    errors: [404],
    answer: { status: 200, description: 'The officers on duty, by place.', schema: 'OnDuty' },
  },
  'GET /api/officer/stats': {
    summary: 'Figures of a place',
    description:
      'Incidents per area, category and month against the same months a year before; share mediated; ' +
      'time to acknowledge; SMS. `format=csv` answers a CSV download.',
    tags: ['Officer'],
    query: FiguresQuerySchema,
    errors: [404],
    answer: { status: 200, description: 'The figures (or CSV).', schema: 'Figures' },
  },
  'GET /api/officer/cases.csv': {
    summary: "A period's cases without personal data (admins)",
    tags: ['Officer'],
    query: CasesExportQuerySchema,
    answer: { status: 200, description: 'A CSV download.', csv: true },
  },
  'GET /api/boxes': {
    summary: 'Suggestion boxes of a place',
    description: 'The boxes of the place and of the places above it, nearest first.',
    tags: ['Suggestions'],
    query: BoxesQuerySchema,
    html: true,
    errors: [404],
    answer: { status: 200, description: 'The boxes.', schema: 'Boxes' },
  },
  'GET /api/boxes/{id}': {
    summary: "A box's public page",
    description: 'With the answers to the suggestions taken from its paper box.',
    tags: ['Suggestions'],
    params: BoxPath,
    html: true,
    errors: [404],
    answer: { status: 200, description: 'The box and its openings.', schema: 'BoxPage' },
  },
  'POST /api/suggestions': {
    summary: 'Drop a suggestion in a box',
    description:
      'Always anonymous. Idempotency as POST /api/reports; statuses received → read → answered, or hidden.',
    tags: ['Suggestions'],
    body: SuggestionRequestSchema,
    accepts: 'json+form',
    html: true,
    idempotent: true,
    guarded: true,
    errors: [404, 409],
    answer: { status: 201, description: 'Received: the receipt, shown once.', schema: 'Submitted' },
  },
  'GET /api/officer/suggestions': {
    summary: 'Suggestions of my boxes, newest first',
    tags: ['Officer'],
    query: OfficerListQuerySchema,
    errors: [404],
    answer: {
      status: 200,
      description: 'A page; pass `cursor` back for the next.',
      schema: 'SuggestionPage',
    },
  },
  'POST /api/officer/suggestions/{id}/read': {
    summary: 'Mark a suggestion read',
    tags: ['Officer'],
    params: SuggestionPath,
    errors: [404, 409],
    answer: { status: 200, description: 'The suggestion as it now stands.', schema: 'OfficerSuggestion' },
  },
  'POST /api/officer/suggestions/{id}/reply': {
    summary: 'Answer a suggestion publicly',
    tags: ['Officer'],
    params: SuggestionPath,
    body: ReplySchema,
    errors: [404, 409],
    answer: { status: 200, description: 'The suggestion as it now stands.', schema: 'OfficerSuggestion' },
  },
  'POST /api/officer/suggestions/{id}/hide': {
    summary: 'Withhold a suggestion',
    description: 'The reason is kept for the audit, never shown publicly.',
    tags: ['Officer'],
    params: SuggestionPath,
    body: HideSchema,
    errors: [404, 409],
    answer: { status: 200, description: 'The suggestion as it now stands.', schema: 'OfficerSuggestion' },
  },
  'POST /api/officer/boxes/{id}/openings': {
    summary: 'Record a paper box opening',
    description: 'Who opened it, before whom, and what was in it; the names never reach a public answer.',
    tags: ['Officer'],
    params: BoxPath,
    body: OpeningInputSchema,
    errors: [404, 409],
    answer: { status: 201, description: 'Recorded, with the ids given.', schema: 'Opening' },
  },
  'GET /api/officer/playbooks': {
    summary: "A category's playbook",
    description: "The steps officers follow for a case of the category, in the request's language.",
    tags: ['Officer'],
    query: PlaybookQuerySchema,
    errors: [404],
    answer: { status: 200, description: 'The steps.', schema: 'Playbook' },
  },
  'POST /api/officer/reports/{id}/steps': {
    summary: "Tick or untick a step of a case's checklist",
    description: 'Internal: never in follow-up.',
    tags: ['Officer'],
    params: CaseParamsSchema,
    body: StepTickSchema,
    errors: [404, 409],
    answer: { status: 200, description: "The case's checklist.", schema: 'Checklist' },
  },
  'POST /api/officer/patrols': {
    summary: 'Record a patrol',
    description:
      'Who went, where, which risk spots, what was seen; a place the officer does not serve is 403.',
    tags: ['Officer'],
    body: PatrolSchema,
    idempotent: true,
    errors: [404, 409],
    answer: {
      status: 201,
      description: 'Recorded.',
      schema: 'Created',
      again: 'Already recorded with this Idempotency-Key.',
    },
  },
  'GET /api/officer/patrols': {
    summary: "A place's patrols and those of the places under it, newest first",
    tags: ['Officer'],
    query: PatrolQuerySchema,
    errors: [404],
    answer: { status: 200, description: 'A page; pass `cursor` back for the next.', schema: 'Patrols' },
  },
  'POST /api/officer/reports/{id}/spot': {
    summary: 'The risk spot a case happened at, or none',
    tags: ['Officer'],
    params: SpotCaseParams,
    body: CaseSpotSchema,
    errors: [404, 409],
    answer: { status: 200, description: 'The case and its spot.', schema: 'CaseSpot' },
  },
  'POST /api/officer/risk-spots': {
    summary: 'Add a risk spot under a place',
    tags: ['Officer'],
    body: RiskSpotSchema,
    errors: [404],
    answer: {
      status: 201,
      description: 'Added.',
      schema: 'Created',
      again: 'The same spot was there already.',
    },
  },
  'GET /api/officer/risk-spots': {
    summary: 'The risk spots of a place (and of the places under it with around=1)',
    tags: ['Officer'],
    query: RiskSpotQuerySchema,
    errors: [404],
    answer: {
      status: 200,
      description: 'The spots, at most 500; `truncated: true` when there were more.',
      schema: 'RiskSpots',
    },
  },
  'GET /open311/v2/discovery.json': {
    summary: 'Open311 discovery',
    description: 'GeoReport v2: where the endpoint is, in which format.',
    tags: ['Open311'],
    query: Open311ListQuery,
    open311: {},
    answer: { status: 200, description: 'The endpoint.', schema: 'Open311Discovery' },
  },
  'GET /open311/v2/services.json': {
    summary: 'Open311 services: our categories',
    description: "service_name in the request's language (locale, else Accept-Language).",
    tags: ['Open311'],
    query: Open311ListQuery,
    open311: {},
    answer: { status: 200, description: 'The services.', schema: 'Open311Services' },
  },
  'GET /open311/v2/services/{file}': {
    summary: 'Open311 service definition: services/{service_code}.json',
    description: 'Our categories have no attributes: a known service answers an empty list.',
    tags: ['Open311'],
    query: Open311ListQuery,
    params: Open311FileParams,
    open311: {},
    errors: [404],
    answer: { status: 200, description: 'The definition.', schema: 'Open311ServiceDefinition' },
  },
  'POST /open311/v2/requests.json': {
    summary: 'Open311: file a service request (a report)',
    description:
      "Form-encoded as the specification says (JSON is taken too), with the app's api_key in the body: " +
      'missing, unknown or revoked → 403. The place is address_id (an area code) or address_string ' +
      '(matched by the area search; ambiguous or unknown → 400 naming the choices); lat/long without ' +
      'an address → 400. The same intake, limits and dispatch as POST /api/reports.',
    tags: ['Open311'],
    body: Open311RequestSchema,
    accepts: 'json+form',
    open311: { apiKey: true, keyHeader: Open311IdempotencyKey },
    errors: [409],
    answer: { status: 201, description: 'Filed: its service_request_id.', schema: 'Open311Filed' },
  },
  'GET /open311/v2/requests.json': {
    summary: 'Open311: requests by service_request_id',
    description:
      'Only the requests named by service_request_id (comma-separated); the filters that would list a ' +
      "province's reports are refused. Never a resident's words, name or phone.",
    tags: ['Open311'],
    query: Open311RequestsQuery,
    open311: {},
    answer: { status: 200, description: 'The requests found.', schema: 'Open311Requests' },
  },
  'GET /open311/v2/requests/{file}': {
    summary: 'Open311: one request, requests/{service_request_id}.json',
    description: "Status, service, dates and agency_responsible; never a resident's words, name or phone.",
    tags: ['Open311'],
    query: Open311ListQuery,
    params: Open311FileParams,
    open311: {},
    errors: [404],
    answer: { status: 200, description: 'An array of one.', schema: 'Open311Requests' },
  },
};
