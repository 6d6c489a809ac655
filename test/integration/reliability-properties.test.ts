import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { RouteDef } from '../../functions/routes';
import { MAX_BODY_BYTES } from '../../functions/shared/http/body';
import { overrideClock } from '../../functions/shared/runtime';
import { httpEvent } from '../support/events';
import {
  brokenJson,
  deepJson,
  FORM_TYPES,
  hostileForm,
  hostileHeaders,
  hostileJson,
  hostileParam,
  hostileQuery,
  hostileText,
  invalidUtf8,
  JSON_TYPES,
  longText,
  mutatedForm,
  mutatedJson,
  OTHER_TYPES,
} from '../support/reliability-arbitraries';
import { arrangeReliabilityData, handlerFixtureContext } from '../support/reliability-context';
import { eventFor, fixtureOf, type RequestSpec } from '../support/reliability-requests';
import {
  fillPath,
  invoke,
  mutatingPublicRoutes,
  pathParamNames,
  publicRoutes,
  routeName,
  signedInRoutes,
  useReliabilityProvince,
} from '../support/reliability-routes';
import { describeDifference, difference, footprint, snapshot } from '../support/reliability-store';
import { testStore } from '../support/store';

useReliabilityProvince();
const store = testStore();
overrideClock({ now: () => new Date('2025-03-12T07:00:00.000Z') });
const context = handlerFixtureContext();
// DynamoDB Local answers each call in milliseconds, not tenths: fewer runs there (the brief allows it).
const RUNS = inject('dynamoEngine') === 'ddb-local' ? 300 : 1000;
// Signed-in routes are refused before anything is read: fewer runs show that as well.
const SIGNED_IN_RUNS = Math.min(RUNS, 200);
const TIMEOUT = 240_000;

beforeAll(() => arrangeReliabilityData(store, '2025-03-12'));

/** A request as the property tests make it: a body is text, raw bytes, or text flagged base64. */
interface Hostile {
  headers: Record<string, string>;
  contentType: string | undefined;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: { text: string; base64: boolean } | { bytes: Uint8Array };
}

function eventOf(route: RouteDef, request: Hostile): APIGatewayProxyEventV2 {
  const headers = { ...request.headers };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  const event = httpEvent({
    method: route.method,
    path: fillPath(route.path, request.pathParameters),
    headers,
    ...(request.query ? { query: request.query } : {}),
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
  });
  const body = request.body;
  if (body && 'bytes' in body) {
    event.body = Buffer.from(body.bytes).toString('base64');
    event.isBase64Encoded = true;
  } else if (body) {
    event.body = body.base64 ? Buffer.from(body.text, 'utf8').toString('base64') : body.text;
    event.isBase64Encoded = body.base64;
  }
  return event;
}

function bodyBytes(request: Hostile): number {
  const body = request.body;
  if (!body) return 0;
  return 'bytes' in body ? body.bytes.length : Buffer.byteLength(body.text, 'utf8');
}

/**
 * The contract for bodies the route cannot read: over 32 KiB → 413; a content type other than JSON or
 * a form → 415; bytes that are not UTF-8 → 400.
 */
function refusalOf(request: Hostile): number {
  if (bodyBytes(request) > MAX_BODY_BYTES) return 413;
  const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || type === 'application/x-www-form-urlencoded' ? 400 : 415;
}

const prototypeNames = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
    .join('|');
const PROTOTYPES = prototypeNames();

/** What every answer must be, whatever was asked: a 4xx (or a GET's 200), well-formed, nothing leaked into prototypes. */
function checkAnswer(route: RouteDef, request: Hostile, result: APIGatewayProxyStructuredResultV2): void {
  const status = result.statusCode ?? 0;
  const allowed =
    route.method === 'GET'
      ? status === 200 || (status >= 400 && status < 500)
      : status >= 400 && status < 500;
  expect(allowed, `${routeName(route)} answered ${status}: ${String(result.body).slice(0, 300)}`).toBe(true);
  // The limit is the body's size as bytes, whatever its content: 413 exactly when it is over.
  expect(status === 413, `413 iff the body is over ${MAX_BODY_BYTES} bytes (${bodyBytes(request)})`).toBe(
    bodyBytes(request) > MAX_BODY_BYTES,
  );
  const type = String(result.headers?.['content-type']);
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    expect(value, `header ${name}`).toBeDefined();
  }
  if (type.startsWith('application/json') && route.path.startsWith('/open311/')) {
    // GeoReport v2's error list (functions/open311): one entry or more, each with the status and words.
    const body = JSON.parse(String(result.body)) as { code?: unknown; description?: unknown }[];
    if (status >= 400) {
      expect(body.length).toBeGreaterThan(0);
      for (const entry of body) expect([entry.code, typeof entry.description]).toEqual([status, 'string']);
    }
  } else if (type.startsWith('application/json')) {
    const body = JSON.parse(String(result.body)) as { error?: { code?: unknown; message?: unknown } };
    if (status >= 400) {
      expect(typeof body.error?.code).toBe('string');
      expect(typeof body.error?.message).toBe('string');
    }
  } else {
    expect(type).toBe('text/html; charset=utf-8');
    expect(String(result.body).toLowerCase().startsWith('<!doctype html>')).toBe(true);
  }
  expect(prototypeNames()).toBe(PROTOTYPES);
}

/** Runs the property over one route and checks the table before and after: nothing may be stored. */
async function checkRoute(
  route: RouteDef,
  requests: fc.Arbitrary<Hostile>,
  check = checkAnswer,
  numRuns = RUNS,
): Promise<void> {
  const before = await snapshot(store);
  await fc.assert(
    fc.asyncProperty(requests, async (request) => {
      check(route, request, await invoke(route, eventOf(route, request)));
    }),
    { numRuns },
  );
  expect(describeDifference(difference(before, await snapshot(store)))).toEqual([]);
}

const text = (arb: fc.Arbitrary<string>) =>
  fc.record({ text: arb, base64: fc.boolean() }).map((b): Hostile['body'] => b);

/** Bodies of the route's valid requests, JSON ones and form ones, to mutate into invalid ones. */
async function validBases(route: RouteDef) {
  const json: Record<string, unknown>[] = [];
  const forms: Record<string, string>[] = [];
  for (const make of Object.values(fixtureOf(route)?.variants ?? {})) {
    const spec: RequestSpec = await make(context, 1);
    if (spec.body === undefined) continue;
    if (spec.headers?.['content-type']?.includes('json')) json.push(JSON.parse(spec.body));
    else forms.push(Object.fromEntries(new URLSearchParams(spec.body)));
  }
  return {
    json,
    forms,
    specs: await Promise.all(Object.values(fixtureOf(route)?.variants ?? {}).map((m) => m(context, 2))),
  };
}

function requestsOf(
  route: RouteDef,
  family: 'json' | 'form' | 'other',
  bases: Awaited<ReturnType<typeof validBases>>,
): fc.Arbitrary<Hostile> {
  const params = pathParamNames(route.path);
  const pathParameters =
    params.length > 0
      ? fc
          .tuple(...params.map(() => hostileParam))
          .map((values) => Object.fromEntries(params.map((p, i) => [p, values[i] as string])))
      : fc.constant(undefined);
  const jsonBodies = fc.oneof(
    { weight: 3, arbitrary: hostileJson },
    { weight: 1, arbitrary: deepJson },
    { weight: 2, arbitrary: brokenJson },
    { weight: 1, arbitrary: longText.map((t) => JSON.stringify({ description: t, text: t, receipt: t })) },
    ...bases.json.map((base) => ({ weight: 6, arbitrary: mutatedJson(base) })),
  );
  const formBodies = fc.oneof(
    { weight: 3, arbitrary: hostileForm },
    { weight: 1, arbitrary: hostileJson },
    {
      weight: 1,
      arbitrary: longText.map((t) => new URLSearchParams({ description: t, text: t, receipt: t }).toString()),
    },
    ...bases.forms.map((base) => ({ weight: 6, arbitrary: mutatedForm(base) })),
  );
  const body =
    family === 'json'
      ? fc.record({ contentType: fc.constantFrom(...JSON_TYPES), body: text(jsonBodies) })
      : family === 'form'
        ? fc.record({ contentType: fc.constantFrom(...FORM_TYPES), body: text(formBodies) })
        : fc.oneof(
            // A content type no route takes: refused whatever the body, even a valid one.
            fc.record({
              contentType: fc.constantFrom(...OTHER_TYPES),
              body: fc.oneof(
                text(fc.oneof(jsonBodies, formBodies, longText).filter((t) => t !== '')),
                ...bases.specs
                  .filter((s) => s.body)
                  .map((s) => fc.constant({ text: s.body as string, base64: Boolean(s.base64) })),
              ),
            }),
            // Bytes that are not UTF-8, under any content type.
            fc.record({
              contentType: fc.constantFrom(...JSON_TYPES, ...FORM_TYPES, ...OTHER_TYPES),
              body: invalidUtf8.map((bytes): Hostile['body'] => ({ bytes })),
            }),
          );
  return fc
    .record({
      headers: hostileHeaders,
      query: fc.option(hostileQuery, { nil: undefined }),
      pathParameters,
      sent: body,
    })
    .map(({ headers, query, pathParameters, sent }) => ({
      headers,
      contentType: sent.contentType,
      ...(query ? { query } : {}),
      ...(pathParameters ? { pathParameters } : {}),
      body: sent.body,
    }));
}

/** Each value kept, or now and then swapped for a hostile text; sometimes a field more. */
function nearly(
  values: Record<string, string> | undefined,
): fc.Arbitrary<Record<string, string> | undefined> {
  if (!values) return fc.option(hostileQuery, { nil: undefined, freq: 2 });
  const entries = Object.entries(values);
  return fc
    .record({
      kept: fc.tuple(
        ...entries.map(([, v]) =>
          fc.oneof({ weight: 3, arbitrary: fc.constant(v) }, { weight: 1, arbitrary: hostileText }),
        ),
      ),
      extra: fc.option(
        fc.tuple(
          fc.constantFrom('lang', 'q', 'next', 'x'),
          fc.oneof(fc.constantFrom('en', 'vi'), hostileText),
        ),
        {
          nil: undefined,
          freq: 2,
        },
      ),
    })
    .map(({ kept, extra }) => ({
      ...Object.fromEntries(entries.map(([k], i) => [k, kept[i] as string])),
      ...(extra ? { [extra[0]]: extra[1] } : {}),
    }));
}

/**
 * GETs: hostile query strings, path parameters and headers, or the route's valid request with some of
 * its values swapped for hostile ones (so that the 200 pages meet hostile text too); now and then a
 * body, which a GET must not choke on either.
 */
function getRequests(route: RouteDef, valid: RequestSpec[]): fc.Arbitrary<Hostile> {
  const params = pathParamNames(route.path);
  const hostileParams = fc
    .tuple(...params.map(() => hostileParam))
    .map((values) =>
      params.length ? Object.fromEntries(params.map((p, i) => [p, values[i] as string])) : undefined,
    );
  const target = fc.oneof(
    fc.record({ query: fc.option(hostileQuery, { nil: undefined, freq: 5 }), pathParameters: hostileParams }),
    ...valid.map((spec) =>
      fc.record({
        query: nearly(spec.query),
        pathParameters: params.length ? nearly(spec.pathParameters) : fc.constant(undefined),
      }),
    ),
  );
  return fc
    .record({
      headers: hostileHeaders,
      target,
      contentType: fc.constantFrom(...JSON_TYPES, ...FORM_TYPES, ...OTHER_TYPES),
      body: fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: text(fc.oneof(hostileJson, hostileForm)) },
      ),
    })
    .map(({ headers, target, contentType, body }) => ({
      headers,
      contentType,
      ...(target.query ? { query: target.query } : {}),
      ...(target.pathParameters ? { pathParameters: target.pathParameters } : {}),
      ...(body ? { body } : {}),
    }));
}

describe('every public route, hostile input (property)', () => {
  it('covers at least the routes of the first release', () => {
    expect(publicRoutes().map(routeName)).toEqual(
      expect.arrayContaining([
        'GET /api/areas',
        'POST /api/reports',
        'POST /api/follow-up',
        'POST /api/ack/{token}',
      ]),
    );
  });

  for (const route of publicRoutes().filter((r) => r.method === 'GET')) {
    it(
      `${routeName(route)}: ${RUNS} hostile queries, path parameters and headers → 200 or 4xx, nothing stored`,
      async () => {
        const valid = await Promise.all(
          Object.values(fixtureOf(route)?.variants ?? {}).map((make) => make(context, 1)),
        );
        await checkRoute(route, getRequests(route, valid));
      },
      TIMEOUT,
    );
  }

  for (const route of publicRoutes().filter((r) => r.method === 'POST')) {
    for (const family of ['json', 'form', 'other'] as const) {
      const label = { json: 'JSON', form: 'form', other: 'other content types and non-UTF-8' }[family];
      it(
        `${routeName(route)}: ${RUNS} hostile ${label} bodies → 4xx only, nothing stored`,
        async () => {
          const bases = await validBases(route);
          await checkRoute(route, requestsOf(route, family, bases), (r, request, result) => {
            checkAnswer(r, request, result);
            if (family === 'other') expect(result.statusCode).toBe(refusalOf(request));
          });
        },
        TIMEOUT,
      );
    }
  }
});

describe('every signed-in route, without the authorizer’s claims (property)', () => {
  for (const route of signedInRoutes()) {
    it(
      `${routeName(route)}: ${SIGNED_IN_RUNS} hostile requests without a verified identity → 401, nothing stored`,
      async () => {
        const requests =
          route.method === 'GET'
            ? getRequests(route, [])
            : requestsOf(route, 'json', { json: [], forms: [], specs: [] });
        await checkRoute(
          route,
          requests,
          (_r, _request, result) => {
            expect(result.statusCode).toBe(401);
          },
          SIGNED_IN_RUNS,
        );
      },
      TIMEOUT,
    );
  }
});

describe('prototype keys on an otherwise valid JSON body, on every mutating public route that takes one', () => {
  it('knows at least the report and suggestion bodies', () => {
    expect(
      mutatingPublicRoutes()
        .filter((r) => fixtureOf(r)?.jsonBody)
        .map(routeName),
    ).toEqual(expect.arrayContaining(['POST /api/reports', 'POST /api/suggestions']));
  });

  for (const route of mutatingPublicRoutes().filter((r) => fixtureOf(r)?.jsonBody)) {
    it(`${routeName(route)}: "__proto__" is dropped unread (the rest is stored as without it), "constructor" and "prototype" are refused`, async () => {
      let checked = 0;
      for (const make of Object.values(fixtureOf(route)?.variants ?? {})) {
        const plain = await make(context, 1);
        if (!plain.body || !plain.headers?.['content-type']?.includes('json')) continue;
        checked++;
        const fields = (text: string) => text.slice(1, -1);
        const withKey = async (key: string) => {
          const spec = await make(context, 2);
          const body = `{${fields(spec.body as string)},${JSON.stringify(key)}:{"polluted":true,"prototype":{"polluted":true}}}`;
          const before = await snapshot(store);
          const result = await invoke(route, eventFor(route, { ...spec, body }));
          return { result, stored: difference(before, await snapshot(store)) };
        };
        // A first request creates what only the first of the day creates (counters): measure the next.
        await invoke(route, eventFor(route, await make(context, 3)));
        const next = await make(context, 4);
        const before = await snapshot(store);
        const alone = await invoke(route, eventFor(route, next));
        const one = footprint(difference(before, await snapshot(store)));

        const proto = await withKey('__proto__');
        const constructorKey = await withKey('constructor');
        const prototype = await withKey('prototype');

        expect(proto.result.statusCode).toBe(alone.statusCode);
        expect(footprint(proto.stored)).toEqual(one);
        expect(JSON.stringify(proto.stored)).not.toContain('polluted');
        expect([constructorKey.result.statusCode, prototype.result.statusCode]).toEqual([400, 400]);
        expect(describeDifference(constructorKey.stored)).toEqual([]);
        expect(describeDifference(prototype.stored)).toEqual([]);
        expect(prototypeNames()).toBe(PROTOTYPES);
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
