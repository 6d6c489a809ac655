import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { describedAs, openApiDocument, undescribed } from '../../functions/openapi/document';
import { requestJsonSchema } from '../../functions/openapi/json-schema';
import committed from '../../functions/openapi/openapi.json';
import { OPERATIONS } from '../../functions/openapi/operations';
import { ROUTES, type RouteDef } from '../../functions/routes';
import { contractOf, type RouteContract } from '../../functions/shared/http/route';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';

// Handlers read their config once, at import: the demo province, a table nobody calls.
const demo = JSON.parse(
  readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8'),
) as { baseUrl: string };
process.env.TUQUAN_TABLE = 'openapi-test';
process.env.TUQUAN_PROVINCE = JSON.stringify(demo);
process.env.TUQUAN_DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
process.env.AWS_REGION = 'ap-southeast-1';
process.env.TUQUAN_SECRET_FILE = join(tmpdir(), 'tuquan-openapi-test-never-read.key');

type Json = Record<string, unknown>;
const doc = committed as unknown as Json;
const paths = doc.paths as Record<string, Record<string, Json>>;
const operationIn = (route: RouteDef): Json | undefined => paths[route.path]?.[route.method.toLowerCase()];

async function contractOfRoute(route: RouteDef): Promise<RouteContract | undefined> {
  const module = (await import(
    /* @vite-ignore */ new URL(`../../functions/${route.entry}`, import.meta.url).href
  )) as { handler: unknown };
  return contractOf(module.handler);
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: Json;
}

/** An object schema's properties as parameters: name → whether required, and its schema. */
function asParameters(schema: Json | undefined): Record<string, { required: boolean; schema: unknown }> {
  if (!schema) return {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.fromEntries(
    Object.entries((schema.properties as Json | undefined) ?? {}).map(([name, property]) => [
      name,
      { required: required.has(name), schema: property },
    ]),
  );
}

/** What a request to the route carries, as the handler parses it. */
function parsedBy(contract: RouteContract) {
  const query = contract.query ? requestJsonSchema(contract.query) : undefined;
  const params = contract.params ? requestJsonSchema(contract.params) : undefined;
  return {
    auth: contract.auth,
    idempotent: contract.idempotent,
    errorShape: contract.errorShape,
    query: asParameters(query),
    // Path parameters are always there: API Gateway matches the route only with them.
    path: Object.fromEntries(
      Object.entries(asParameters(params)).map(([name, p]) => [name, { ...p, required: true }]),
    ),
    body: contract.body ? requestJsonSchema(contract.body) : undefined,
  };
}

/** What the document says the same request carries. */
function documentedFor(route: RouteDef) {
  const op = operationIn(route) as Json;
  const parameters = (op.parameters as Parameter[] | undefined) ?? [];
  const html = Boolean((op.responses as Record<string, { content?: Json }>)[200]?.content?.['text/html']);
  const where = (place: string) =>
    Object.fromEntries(
      parameters
        .filter((p) => p.in === place)
        // `lang` is the page language of an HTML answer, read by the HTTP layer before the query schema.
        .filter((p) => !(place === 'query' && p.name === 'lang' && html))
        .map((p) => [p.name, { required: p.required, schema: p.schema }]),
    );
  const content = (op.requestBody as { content?: Record<string, { schema: Json }> } | undefined)?.content;
  const responses = op.responses as Record<string, { $ref?: string }>;
  return {
    auth: op.security && (op.security as Json[]).some((s) => 'bearer' in s) ? 'signed-in' : 'public',
    // The UUID header httpRoute checks itself (an Open311 POST parses its own, wider one).
    idempotent: parameters.some(
      (p) => p.in === 'header' && p.name === 'Idempotency-Key' && p.schema.format === 'uuid',
    ),
    errorShape: responses[500]?.$ref?.includes('/Open311') ? 'open311' : 'ours',
    query: where('query'),
    path: where('path'),
    body: (content?.['application/json'] ?? content?.['application/x-www-form-urlencoded'])?.schema,
  };
}

/** Every `$ref` in a JSON value, with where it is. */
function refsIn(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : refsIn(v, `${at}/${key}`),
  );
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) => (node && typeof node === 'object' ? (node as Json)[part] : undefined),
      root,
    );
}

/** Leaf values of a nested object, by dotted path. */
function leaves(value: unknown, prefix = ''): Record<string, unknown> {
  if (!value || typeof value !== 'object') return { [prefix]: value };
  return Object.assign(
    {},
    ...Object.entries(value).map(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k)),
  ) as Record<string, unknown>;
}

describe('the OpenAPI document', () => {
  it('describes every route of the route table, and only those', () => {
    const missing = undescribed(ROUTES, OPERATIONS);
    const documented = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );

    expect(missing, `add these routes to functions/openapi/operations.ts: ${missing.join(', ')}`).toEqual([]);
    expect(Object.keys(OPERATIONS).sort()).toEqual(ROUTES.map(describedAs).sort());
    expect(documented.sort(), 'functions/openapi/openapi.json is stale: npm run openapi').toEqual(
      ROUTES.map(describedAs).sort(),
    );
  });

  it('is what the generator makes of the route table and the schemas now (npm run openapi)', () => {
    expect(committed, 'functions/openapi/openapi.json is stale: npm run openapi').toEqual(
      openApiDocument(ROUTES, OPERATIONS),
    );
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();

    const result = await validator.validate(structuredClone(doc) as never);

    expect({ ...result, version: validator.version }).toEqual({ valid: true, version: '3.1' });
  });

  it('resolves every $ref, in its operations and in its schemas', () => {
    const refs = refsIn(doc);

    expect(refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined)).toEqual([]);
    expect(refs.length).toBeGreaterThan(ROUTES.length);
  });

  it.each(ROUTES.map((route) => [describedAs(route), route] as const))(
    '%s: says what its handler parses, with the very schemas it parses',
    async (_name, route) => {
      expect(
        operationIn(route),
        'not in the document: add it to functions/openapi/operations.ts',
      ).toBeDefined();
      const contract = await contractOfRoute(route);
      expect(contract, `${route.entry}: its handler is not made by httpRoute`).toBeDefined();

      expect(documentedFor(route)).toEqual(parsedBy(contract as RouteContract));
    },
  );

  it.each(
    Object.entries(OPERATIONS)
      .filter(([, op]) => op.accepts === 'json+form')
      .map(([name]) => [name] as const),
  )("%s: names each field of a form post where the handler's fromForm puts it", async (name) => {
    const route = ROUTES.find((r) => describedAs(r) === name) as RouteDef;
    const contract = (await contractOfRoute(route)) as RouteContract;
    const op = operationIn(route) as { requestBody: { content: Record<string, { schema: Json }> } };
    const bodies = op.requestBody.content;
    const form = bodies['application/x-www-form-urlencoded']?.schema as { properties?: Json } | undefined;
    const fields = Object.keys(form?.properties ?? {}).filter((f) => f !== 'lang');
    const posted = Object.fromEntries(fields.map((f) => [f, `value of ${f}`]));
    const formFields: Readonly<Record<string, string>> = OPERATIONS[name]?.formFields ?? {};

    const parsed = (contract.fromForm ?? ((f) => f))(posted);

    expect(fields.length).toBeGreaterThan(0);
    expect(leaves(parsed)).toEqual(
      Object.fromEntries(fields.map((f) => [formFields[f] ?? f, `value of ${f}`])),
    );
  });

  it('answers errors in the shape of their family: ours, Open311 on /open311/, a filled-in form on /api/forms/', () => {
    const shapes = new Set<string>();
    for (const route of ROUTES) {
      const responses = (operationIn(route)?.responses ?? {}) as Record<string, { $ref?: string }>;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const target = (response.$ref ? resolvePointer(doc, response.$ref) : response) as { content: Json };
        const schema = (target.content['application/json'] as { schema: { $ref: string } }).schema.$ref;
        const family = route.path.startsWith('/open311/') ? 'open311' : route.path.split('/')[2];
        shapes.add(`${family} ${schema.replace('#/components/schemas/', '')}`);
      }
    }

    expect([...shapes].sort()).toEqual(
      [
        ...ROUTES.map((r) => r.path.split('/')[2])
          .filter((family, i, all) => family !== 'v2' && all.indexOf(family) === i)
          .map((family) => `${family} Error`),
        'forms FormErrors',
        'open311 Open311Errors',
      ].sort(),
    );
  });

  it('asks a signed-in route for a bearer token and lists what it may answer', () => {
    const op = paths['/api/officer/reports/{id}/status']?.post as Json;

    expect({ security: op.security, responses: op.responses }).toEqual({
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'The new state.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/StatusChanged' } } },
        },
        400: { $ref: '#/components/responses/BadRequest' },
        401: { $ref: '#/components/responses/Unauthorized' },
        403: { $ref: '#/components/responses/Forbidden' },
        404: { $ref: '#/components/responses/NotFound' },
        409: { $ref: '#/components/responses/Conflict' },
        413: { $ref: '#/components/responses/PayloadTooLarge' },
        415: { $ref: '#/components/responses/UnsupportedMediaType' },
        429: { $ref: '#/components/responses/TooManyRequests' },
        500: { $ref: '#/components/responses/Internal' },
        503: { $ref: '#/components/responses/Unavailable' },
      },
    });
  });

  it('describes a public report: JSON or the plain form, its receipt, a page for the form, no security', () => {
    const op = paths['/api/reports']?.post as Json;
    const form = ((op.requestBody as Json).content as Record<string, { schema: { properties: Json } }>)[
      'application/x-www-form-urlencoded'
    ]?.schema;

    expect({
      security: op.security,
      bodies: Object.keys((op.requestBody as { content: Json }).content),
      formFields: Object.keys(form?.properties ?? {}).sort(),
      responses: Object.keys(op.responses as Json),
      created: (op.responses as Json)[201],
      headers: (op.parameters as Parameter[]).map((p) => `${p.in} ${p.name}`),
    }).toEqual({
      security: undefined,
      bodies: ['application/json', 'application/x-www-form-urlencoded'],
      formFields: [
        'area',
        'category',
        'contactName',
        'contactPhone',
        'description',
        'formToken',
        'idempotencyKey',
        'lang',
        'occurredAt',
        'place',
        'website',
      ],
      responses: ['200', '201', '400', '409', '413', '415', '429', '500', '503'],
      created: {
        description: 'Received: the receipt, shown once.',
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/Submitted' } },
          'text/html': { schema: { type: 'string' } },
        },
      },
      headers: ['header X-Altcha', 'header Idempotency-Key'],
    });
  });

  it('tells clients to wait Retry-After seconds on 429 and 503, and gives our error shape', () => {
    const responses = (doc.components as { responses: Record<string, Json> }).responses;

    expect({ 429: responses.TooManyRequests, 503: responses.Unavailable }).toEqual({
      429: {
        description: '429 rate_limited: wait Retry-After seconds.',
        headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
      503: {
        description: '503 unavailable: the store or a dependency is down, or the system is starting.',
        headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    });
  });

  it('fails to generate, naming it, when a route of the table has no description', () => {
    const extra: RouteDef = {
      method: 'GET',
      path: '/api/new',
      entry: 'x.handler.ts',
      table: [],
      auth: 'public',
    };

    expect(() => openApiDocument([extra], {})).toThrow(
      'no OpenAPI description in functions/openapi/operations.ts for: GET /api/new',
    );
  });
});

describe('GET /api/openapi.json', () => {
  it("answers the document with the province's address as its server, cacheable for five minutes", async () => {
    const { handler } = await import('../../functions/openapi/openapi.handler');

    const result = await handler(httpEvent({ path: '/api/openapi.json' }), lambdaContext);

    expect(jsonOf(result)).toEqual({ status: 200, body: { ...doc, servers: [{ url: demo.baseUrl }] } });
    expect(result.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(result.headers?.['cache-control']).toBe('public, max-age=300');
  });
});
