import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RouteDef } from '../../functions/routes';
import { httpEvent } from './events';
import { fillPath, routeName } from './reliability-routes';

/**
 * A valid request for every public route the suite knows, so that the concurrency, fault and
 * anonymity tests can make each route store what it stores. A public POST that writes and is not
 * listed here fails those tests by name: add its valid request below.
 */
export interface RequestSpec {
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  /** As the HTTP API hands over a form (and any body that is not text): base64. */
  base64?: boolean;
}

/** The place, category and box a valid request names; both the arranged data and the demo have them. */
export interface Place {
  area: string;
  category: string;
  box: string;
  /** Who is on duty there, by phone: each must get one SMS per report. */
  onDutyPhones: string[];
}

export interface FixtureContext {
  place: Place;
  /** The acknowledge token of a fresh report, dispatched. */
  ackToken(): Promise<string>;
  /** The token of a summary SMS's link, listing a fresh report. */
  summaryToken(): Promise<string>;
  /** The receipt of a fresh report that gave contact details. */
  receipt(): Promise<string>;
}

type Make = (ctx: FixtureContext, n: number) => Promise<RequestSpec>;

export interface RouteFixture {
  /** Named ways to make a valid request; `n` gives each call a body (and key) of its own. */
  variants: Record<string, Make>;
  /** The route takes an Idempotency-Key: copies of one request get the one answer, byte for byte. */
  idempotent?: boolean;
  /** Variants sent without a key (a page without JavaScript may have none): each is its own request. */
  keyless?: readonly string[];
  /** Ten copies of one request: what the answers must show beyond one status for all (undefined: fine). */
  answersProblem?: (bodies: unknown[]) => string | undefined;
  /** What the request stores is texted to the officers on duty (the dispatcher's work). */
  notifies?: boolean;
  /** Some of its valid requests carry a JSON object body (the prototype-key checks add keys to it). */
  jsonBody?: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };
const FORM_TYPE = {
  'content-type': 'application/x-www-form-urlencoded',
  accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
};

const json = (body: unknown, headers: Record<string, string> = {}): RequestSpec => ({
  headers: { ...JSON_TYPE, ...headers },
  body: JSON.stringify(body),
});
const form = (fields: Record<string, string>): RequestSpec => ({
  headers: FORM_TYPE,
  body: new URLSearchParams(fields).toString(),
  base64: true,
});

const reportText = (n: number) => `Kiểm thử độ tin cậy: xe máy bị lấy trộm, lần ${n}.`;
const suggestionText = (n: number) => `Góp ý kiểm thử độ tin cậy số ${n}: thêm đèn đường ở ngõ 3.`;

const get =
  (spec: (ctx: FixtureContext) => RequestSpec): Make =>
  async (ctx) =>
    spec(ctx);

export const FIXTURES: Record<string, RouteFixture> = {
  'GET /api/health': { variants: { plain: get(() => ({})) } },
  'GET /api/areas': {
    variants: {
      'by name': get(() => ({ query: { q: 'uông' } })),
      children: get(() => ({ query: { parent: 'UONG-BI' } })),
    },
  },
  'GET /api/categories': { variants: { plain: get(() => ({})) } },
  'GET /api/forms/report': { variants: { plain: get((ctx) => ({ query: { area: ctx.place.area } })) } },
  'GET /api/forms/suggestion': { variants: { plain: get((ctx) => ({ query: { area: ctx.place.area } })) } },
  'GET /api/contacts': { variants: { plain: get((ctx) => ({ query: { area: ctx.place.area } })) } },
  'GET /api/boxes': { variants: { plain: get((ctx) => ({ query: { area: ctx.place.area } })) } },
  'GET /api/boxes/{id}': { variants: { plain: get((ctx) => ({ pathParameters: { id: ctx.place.box } })) } },
  'GET /api/challenge': { variants: { plain: get(() => ({})) } },
  'POST /api/reports': {
    idempotent: true,
    keyless: ['JSON without a key', 'form without a key'],
    notifies: true,
    jsonBody: true,
    variants: {
      'JSON with a key': async (ctx, n) =>
        json(
          {
            area: ctx.place.area,
            category: ctx.place.category,
            description: reportText(n),
            place: 'Ngõ 3',
            // Contact details given, so that the resident may take them back (erase-contact).
            contact: { name: 'Nguyễn Văn Báo', phone: '+84912345678' },
          },
          { 'idempotency-key': randomUUID() },
        ),
      'JSON without a key': async (ctx, n) =>
        json({ area: ctx.place.area, category: ctx.place.category, description: reportText(n) }),
      'form with a key': async (ctx, n) =>
        form({
          lang: 'vi',
          area: ctx.place.area,
          category: ctx.place.category,
          description: reportText(n),
          contactName: '',
          contactPhone: '',
          website: '',
          idempotencyKey: randomUUID(),
        }),
      'form without a key': async (ctx, n) =>
        form({ lang: 'en', area: ctx.place.area, category: ctx.place.category, description: reportText(n) }),
    },
  },
  'POST /api/forms/report': {
    idempotent: true,
    keyless: ['form without a key'],
    notifies: true,
    variants: {
      'form with a key': async (ctx, n) =>
        form({
          lang: 'vi',
          area: ctx.place.area,
          category: ctx.place.category,
          description: reportText(n),
          contactName: '',
          contactPhone: '',
          website: '',
          idempotencyKey: randomUUID(),
        }),
      'form without a key': async (ctx, n) =>
        form({ lang: 'en', area: ctx.place.area, category: ctx.place.category, description: reportText(n) }),
    },
  },
  'POST /api/forms/suggestion': {
    idempotent: true,
    variants: {
      'form with a key': async (ctx, n) =>
        form({
          lang: 'vi',
          area: ctx.place.area,
          box: ctx.place.box,
          text: suggestionText(n),
          topic: '',
          idempotencyKey: randomUUID(),
        }),
    },
  },
  'POST /api/suggestions': {
    idempotent: true,
    jsonBody: true,
    variants: {
      'JSON with a key': async (ctx, n) =>
        json(
          { box: ctx.place.box, text: suggestionText(n), topic: 'security' },
          { 'idempotency-key': randomUUID() },
        ),
      'form with a key': async (ctx, n) =>
        form({
          lang: 'vi',
          box: ctx.place.box,
          text: suggestionText(n),
          topic: '',
          idempotencyKey: randomUUID(),
        }),
    },
  },
  'GET /api/ack/{token}': {
    variants: { plain: async (ctx) => ({ pathParameters: { token: await ctx.ackToken() } }) },
  },
  'GET /api/ack/summary/{token}': {
    variants: { plain: async (ctx) => ({ pathParameters: { token: await ctx.summaryToken() } }) },
  },
  'POST /api/ack/{token}': {
    answersProblem: (bodies) => {
      const first = bodies.filter((b) => (b as { first?: unknown }).first === true).length;
      return first === 1 ? undefined : `${first} answers say first: true; exactly one must`;
    },
    variants: {
      JSON: async (ctx) => ({ pathParameters: { token: await ctx.ackToken() }, headers: JSON_TYPE }),
      'form (the link page)': async (ctx) => ({
        ...form({ lang: 'vi' }),
        pathParameters: { token: await ctx.ackToken() },
      }),
    },
  },
  'POST /api/follow-up': {
    jsonBody: true,
    variants: {
      JSON: async (ctx) => json({ receipt: await ctx.receipt() }),
      form: async (ctx) =>
        form({ lang: 'vi', receipt: (await ctx.receipt()).toLowerCase().replaceAll('-', ' ') }),
    },
  },
  'POST /api/follow-up/erase-contact': {
    jsonBody: true,
    variants: {
      JSON: async (ctx) => json({ receipt: await ctx.receipt() }),
      form: async (ctx) => form({ lang: 'vi', receipt: await ctx.receipt() }),
    },
  },
};

/**
 * An Open311 app's key in the store the handlers use (runtime()): issued once per process, with a limit
 * no test reaches, so that copies and retries are held by idempotency, not by the key's limit.
 */
let open311Key: Promise<string> | undefined;
function appKey(): Promise<string> {
  open311Key ??= (async () => {
    const { runtime } = await import('../../functions/shared/runtime');
    const { issueKey } = await import('../../functions/open311/manage-keys');
    const { apiKeyStore } = await import('../../functions/open311/store');
    const { store, secrets, clock } = runtime();
    return (
      await issueKey(
        { app: 'reliability suite', perMinute: 1_000 },
        { keys: apiKeyStore(store), secrets, clock },
      )
    ).apiKey;
  })();
  return open311Key;
}

const open311Form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestSpec => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
  base64: true,
});

Object.assign(FIXTURES, {
  'GET /open311/v2/discovery.json': { variants: { plain: get(() => ({})) } },
  'GET /open311/v2/services.json': { variants: { plain: get(() => ({ query: { locale: 'en' } })) } },
  'GET /open311/v2/services/{file}': {
    variants: { plain: get((ctx) => ({ pathParameters: { file: `${ctx.place.category}.json` } })) },
  },
  'POST /open311/v2/requests.json': {
    idempotent: true,
    keyless: ['form without a key'],
    notifies: true,
    jsonBody: true,
    variants: {
      'form with a key': async (ctx, n) =>
        open311Form(
          {
            api_key: await appKey(),
            service_code: ctx.place.category,
            address_id: ctx.place.area,
            description: reportText(n),
            first_name: 'Báo',
            last_name: 'Nguyễn Văn',
            phone: '+84912345678',
          },
          { 'idempotency-key': randomUUID() },
        ),
      'form without a key': async (ctx, n) =>
        open311Form({
          api_key: await appKey(),
          service_code: ctx.place.category,
          address_id: ctx.place.area,
          description: reportText(n),
        }),
      'JSON with a key': async (ctx, n) =>
        json(
          {
            api_key: await appKey(),
            service_code: ctx.place.category,
            address_id: ctx.place.area,
            description: reportText(n),
          },
          { 'idempotency-key': randomUUID() },
        ),
    },
  },
  'GET /open311/v2/requests.json': {
    variants: { plain: get(() => ({ query: { service_request_id: '0000000000000000-0000000000000000' } })) },
  },
  'GET /open311/v2/requests/{file}': {
    variants: {
      // A report filed as the site files it, followed by the request id an app would hold for it.
      plain: async (ctx) => {
        const { runtime } = await import('../../functions/shared/runtime');
        const { idForReceipt } = await import('../../functions/shared/receipts');
        const { requestIdFor } = await import('../../functions/open311/model');
        const { secrets } = runtime();
        const reportId = idForReceipt(await secrets.key('receipt'), 'report', await ctx.receipt());
        return {
          pathParameters: { file: `${requestIdFor(await secrets.key('open311-request'), reportId)}.json` },
        };
      },
    },
  },
} satisfies Record<string, RouteFixture>);

export function fixtureOf(route: RouteDef): RouteFixture | undefined {
  return FIXTURES[routeName(route)];
}

/** The fixture of a route that must have one; the message says where to add it. */
export function requireFixture(route: RouteDef): RouteFixture {
  const fixture = fixtureOf(route);
  if (!fixture) {
    throw new Error(
      `${routeName(route)} has no valid request in test/support/reliability-requests.ts (FIXTURES): ` +
        'add one so that the reliability suite can check it stores once, fails cleanly and keeps no client data',
    );
  }
  return fixture;
}

/** An HTTP API event for a route from a request spec. */
export function eventFor(route: RouteDef, spec: RequestSpec): APIGatewayProxyEventV2 {
  return httpEvent({
    method: route.method,
    path: fillPath(route.path, spec.pathParameters),
    ...(spec.query ? { query: spec.query } : {}),
    headers: spec.headers ?? {},
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.base64 ? { base64: true } : {}),
    ...(spec.pathParameters ? { pathParameters: spec.pathParameters } : {}),
  });
}

/** The body of an answer, parsed when it is JSON. */
export function bodyOf(result: APIGatewayProxyStructuredResultV2): unknown {
  const type = String(result.headers?.['content-type'] ?? '');
  return type.startsWith('application/json') ? JSON.parse(String(result.body)) : String(result.body);
}
