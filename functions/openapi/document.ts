import type { $ZodType } from 'zod/v4/core';
import type { RouteDef } from '../routes';
import { componentSchemas, requestJsonSchema } from './json-schema';
import { type AnswerName, components } from './responses';

type Json = Record<string, unknown>;

/**
 * How one route of the table is described. The request side names the very schema objects its
 * handler parses (test/unit/openapi.test.ts holds each handler's to them); the answer side names a
 * schema of responses.ts. Errors that follow from the route's shape (bad input, body limits, sign-in,
 * rate limits, 500, 503) are added by the generator; `errors` names the ones of its use case.
 */
export interface Operation {
  summary: string;
  description?: string;
  tags: readonly string[];
  query?: $ZodType;
  body?: $ZodType;
  params?: $ZodType;
  /**
   * What the body may be: JSON only (the default), JSON or a plain form post (`json+form`, a page
   * without JavaScript), or a server-rendered form's post only (`form`).
   */
  accepts?: 'json' | 'json+form' | 'form';
  /** A form's flat fields that land elsewhere in the body, e.g. `contactName` → `contact.name`. */
  formFields?: Readonly<Record<string, string>>;
  /** Also answers a small HTML page: to a browser that prefers HTML, and to a form post. */
  html?: boolean;
  /** `again`: also 200 with the same body, for a request that was already recorded. */
  answer: { status: number; description: string; schema?: AnswerName; csv?: boolean; again?: string };
  /** A 400 of its own: a server-rendered form sent back filled in, each error beside its field. */
  refused?: { description: string; schema: AnswerName };
  /** The use case's own errors: 403, 404, 409. */
  errors?: readonly (403 | 404 | 409)[];
  /** Takes an Idempotency-Key header (the handler's `idempotent`). */
  idempotent?: boolean;
  /** A public POST under the abuse guard: rate limited, may ask for a proof of work (X-Altcha). */
  guarded?: boolean;
  /** Not limited per client (the health check touches nothing). */
  unlimited?: boolean;
  /**
   * Open311 GeoReport v2: its own error shape. `apiKey`: needs an app's key (api_key in the body, as
   * the specification has it: 403 without a good one, 429 past its own limit). `keyHeader`: the
   * Idempotency-Key header the handler parses itself.
   */
  open311?: { apiKey?: boolean; keyHeader?: $ZodType };
}

export const describedAs = (route: Pick<RouteDef, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

const SCHEMAS = '#/components/schemas/';
const ref = (id: string) => ({ $ref: `${SCHEMAS}${id}` });

const ERRORS: Record<number, { name: string; description: string; retryAfter?: boolean }> = {
  400: {
    name: 'BadRequest',
    description: 'invalid_input: the fields named in `fields`; or challenge_required.',
  },
  401: { name: 'Unauthorized', description: 'unauthorized: no valid token.' },
  403: { name: 'Forbidden', description: 'forbidden: not in the places or role this needs.' },
  404: { name: 'NotFound', description: 'not_found.' },
  409: { name: 'Conflict', description: 'conflict: e.g. the same Idempotency-Key with another body.' },
  413: { name: 'PayloadTooLarge', description: 'payload_too_large: a body over 32 KiB, refused unread.' },
  415: { name: 'UnsupportedMediaType', description: 'unsupported_media_type.' },
  429: { name: 'TooManyRequests', description: 'rate_limited: wait Retry-After seconds.', retryAfter: true },
  500: { name: 'Internal', description: 'internal: no details.' },
  503: {
    name: 'Unavailable',
    description: 'unavailable: the store or a dependency is down, or the system is starting.',
    retryAfter: true,
  },
};

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } };

function errorResponses(): Json {
  const out: Json = {};
  for (const [status, error] of Object.entries(ERRORS)) {
    for (const [prefix, schema] of [
      ['', 'Error'],
      ['Open311', 'Open311Errors'],
    ] as const) {
      out[`${prefix}${error.name}`] = {
        description: `${status} ${error.description}`,
        ...(error.retryAfter ? { headers: RETRY_AFTER } : {}),
        content: { 'application/json': { schema: ref(schema) } },
      };
    }
  }
  return out;
}

/** The statuses a route can answer besides its success, from its shape and its use case. */
function errorStatuses(route: RouteDef, op: Operation): number[] {
  const statuses = new Set<number>([500, 503, ...(op.errors ?? [])]);
  if (op.query || op.params || op.body || op.guarded) statuses.add(400);
  if (route.method === 'POST') for (const s of [400, 413, 415]) statuses.add(s);
  if (route.auth === 'signed-in') for (const s of [401, 403, 429]) statuses.add(s);
  else if ((route.method === 'GET' || op.guarded) && !op.unlimited) statuses.add(429);
  if (op.open311?.apiKey) for (const s of [403, 429]) statuses.add(s);
  // GeoReport v2 answers a jurisdiction_id it does not serve 404, on every method.
  if (op.open311) statuses.add(404);
  return [...statuses].sort((a, b) => a - b);
}

/**
 * A form post's fields: the body's, with nested ones flattened under the names `formFields` gives, and
 * the page's language. A form proves itself with its signed form token, not with a proof of work.
 */
function formSchema(body: Json, op: Operation): Json {
  const properties = { ...((body.properties as Json | undefined) ?? {}) };
  const required = new Set((body.required as string[] | undefined) ?? []);
  for (const [flat, path] of Object.entries(op.formFields ?? {})) {
    const [outer, inner] = path.split('.') as [string, string];
    const nested = properties[outer] as { properties?: Json } | undefined;
    properties[flat] = nested?.properties?.[inner] ?? {};
  }
  for (const path of Object.values(op.formFields ?? {})) delete properties[path.split('.')[0] as string];
  return {
    type: 'object',
    properties: {
      ...properties,
      lang: { type: 'string', enum: ['vi', 'en'], description: "The form's language, for the answer page." },
    },
    ...(required.size ? { required: [...required] } : {}),
  };
}

function parameters(route: RouteDef, op: Operation): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    if (!schema) continue;
    const json = requestJsonSchema(schema);
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((json.properties as Json | undefined) ?? {})) {
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: property });
    }
  }
  if (op.html && route.method === 'GET') {
    out.push({
      name: 'lang',
      in: 'query',
      required: false,
      description: 'The language of the HTML page (else Accept-Language).',
      schema: { type: 'string', enum: ['vi', 'en'] },
    });
  }
  if (op.guarded) {
    out.push({
      name: 'X-Altcha',
      in: 'header',
      required: false,
      description: 'A solved GET /api/challenge, base64-encoded JSON, when the province asks for one.',
      schema: { type: 'string' },
    });
  }
  return out;
}

function requestBody(op: Operation, idempotent: boolean): Json | undefined {
  if (!op.body) return undefined;
  const body = requestJsonSchema(op.body);
  const accepts = op.accepts ?? 'json';
  const content: Json = {};
  if (accepts === 'form') content['application/x-www-form-urlencoded'] = { schema: body };
  else content['application/json'] = { schema: body };
  if (accepts === 'json+form')
    content['application/x-www-form-urlencoded'] = { schema: formSchema(body, op) };
  return {
    required: true,
    ...(idempotent && accepts !== 'json'
      ? { description: 'A form carries the key in its idempotencyKey field instead of the header.' }
      : {}),
    content,
  };
}

function success(route: RouteDef, op: Operation): Json {
  const { answer } = op;
  const content: Json = {};
  if (answer.csv) content['text/csv'] = { schema: { type: 'string' } };
  else if (answer.schema) content['application/json'] = { schema: ref(answer.schema) };
  if (op.html) content['text/html'] = { schema: { type: 'string' } };
  const out: Json = { [answer.status]: { description: answer.description, content } };
  if (answer.again) out[200] = { description: answer.again, content };
  // A form post's receipt page comes with 200, as a browser expects, where JSON gets 201.
  if (op.html && route.method === 'POST' && answer.status !== 200) {
    out[200] = {
      description: 'To a form post: the receipt page.',
      content: { 'text/html': { schema: { type: 'string' } } },
    };
  }
  return out;
}

function operationOf(route: RouteDef, op: Operation): Json {
  const idempotent = op.idempotent === true;
  const prefix = op.open311 ? 'Open311' : '';
  const headers = [...parameters(route, op)];
  if (idempotent) {
    headers.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'A UUID made once per submission: a retry within 24 hours gets the first answer again.',
      schema: { type: 'string', format: 'uuid' },
    });
  }
  if (op.open311?.keyHeader) {
    headers.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: "A UUID or the app's own request id: a retry within 24 hours is stored once.",
      schema: requestJsonSchema(op.open311.keyHeader),
    });
  }
  const body = requestBody(op, idempotent);
  const security = route.auth === 'signed-in' ? [{ bearer: [] }] : undefined;
  return {
    operationId: operationId(route),
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [...op.tags],
    ...(headers.length ? { parameters: headers } : {}),
    ...(body ? { requestBody: body } : {}),
    ...(security ? { security } : {}),
    responses: {
      ...success(route, op),
      ...Object.fromEntries(
        errorStatuses(route, op).map((s) => [
          s,
          { $ref: `#/components/responses/${prefix}${ERRORS[s]?.name}` },
        ]),
      ),
      ...(op.refused
        ? {
            400: {
              description: op.refused.description,
              content: {
                'application/json': { schema: ref(op.refused.schema) },
                'text/html': { schema: { type: 'string' } },
              },
            },
          }
        : {}),
    },
  };
}

/** 'POST /api/officer/reports/{id}/status' → 'postApiOfficerReportsIdStatus'. */
function operationId(route: Pick<RouteDef, 'method' | 'path'>): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return route.method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** The routes of the table that have no description: named, so that a new route cannot go unseen. */
export function undescribed(
  routes: readonly RouteDef[],
  operations: Readonly<Record<string, Operation>>,
): string[] {
  return routes.map(describedAs).filter((name) => !(name in operations));
}

/** The OpenAPI 3.1 document of the route table. No `servers`: the handler adds the province's own address. */
export function openApiDocument(
  routes: readonly RouteDef[],
  operations: Readonly<Record<string, Operation>>,
): Json {
  const missing = undescribed(routes, operations);
  if (missing.length > 0) {
    throw new Error(`no OpenAPI description in functions/openapi/operations.ts for: ${missing.join(', ')}`);
  }
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const name = describedAs(route);
    const op = operations[name] as Operation;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(route, op) };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'tuquan',
      version: '1.1',
      summary:
        'Community self-management for security and public order: reports, suggestion boxes, contacts.',
      description:
        'JSON in and out unless said otherwise. Errors are {"error": {"code", "message", "fields"?}} in the ' +
        "request's Accept-Language (vi by default, en); Open311 routes answer the GeoReport v2 shape " +
        '[{"code", "description"}]. Request bodies over 32 KiB are refused (413). Text lengths count ' +
        'Unicode code points after NFC normalization and trimming. Generated from the schemas the handlers parse.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    paths,
    components: {
      schemas: componentSchemas(components, (id) => `${SCHEMAS}${id}`),
      responses: errorResponses(),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token on AWS; locally, POST /_local/token.',
        },
      },
    },
  };
}
