import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import type { $ZodType, output } from 'zod/v4/core';
import { InvalidInput, RateLimited } from '../errors';
import type { Lang } from '../i18n';
import { IdempotencyKeySchema } from '../idempotency-key';
import { type Identity, identityFromEvent } from '../identity';
import { withRequestIds } from '../log';
import type { Province } from '../province';
import { parseInput } from '../validation';
import { readBody } from './body';
import { errorBoundary } from './error-boundary';
import { prefersHtml, requestLang } from './negotiate';
import { clientAddress } from './origin';
import { processLimiter } from './rate-limit';
import { type HttpReply, respond } from './respond';

export type { HttpReply };

export interface HttpRequest<Q, B, P> {
  query: Q;
  body: B;
  params: P;
  lang: Lang;
  /** The answer should be an HTML page: a form post, or a browser that prefers HTML. */
  wantsHtml: boolean;
  /** True for a form post (a page without JavaScript). */
  isForm: boolean;
  /** Who signed in, on 'signed-in' routes (the authorizer has verified the token); undefined on public ones. */
  identity: Identity | undefined;
  /** An in-memory stand-in for the client's address, for rate limits; never stored or logged. */
  client: string;
  /** The `Idempotency-Key` header (a UUID), on routes that take one (`idempotent`). */
  idempotencyKey: string | undefined;
  headers: Readonly<Record<string, string | undefined>>;
}

/** What a schema gives: the route's schemas may be classic zod or zod/mini. */
type Out<S> = S extends $ZodType ? output<S> : undefined;

export interface RouteSpec<QS, BS, PS> {
  /** For log lines, e.g. 'GET /api/areas'. */
  name: string;
  query?: QS;
  body?: BS;
  params?: PS;
  /** How a form post's flat fields map onto the body schema's shape. */
  fromForm?: (fields: Record<string, string | undefined>) => unknown;
  /** 'signed-in': the request must carry the authorizer's claims, or it is answered 401. */
  auth?: 'public' | 'signed-in';
  /** Takes an `Idempotency-Key` header (api.md): checked to be a UUID, a wrong one named as a field. */
  idempotent?: boolean;
  /**
   * The province's per-client limits, from the handler's deps: a public GET counts against
   * `publicGetsPerMinute` (public POSTs are limited by their abuse guard, after a replay is answered), a
   * signed-in request against the officer's `officerRequestsPerMinute`. Without them (the health check,
   * which touches nothing) a route is not limited per client.
   */
  limits?: Partial<Pick<Province['rateLimits'], 'publicGetsPerMinute' | 'officerRequestsPerMinute'>>;
  /**
   * 'open311': errors answer GeoReport v2's shape, `[{"code": <status>, "description"}]`, one entry per
   * wrong field, and never a page (functions/open311).
   */
  errorShape?: 'open311';
}

const KeyHeader = /* @__PURE__ */ z.object({ idempotencyKey: z.optional(IdempotencyKeySchema) });

export type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The one way to make an HTTP handler: middy with the error boundary, the body read under its size
 * limit, zod parsing of query, path and body, then the handler's own function, which calls one use case.
 */
export function httpRoute<
  QS extends $ZodType | undefined = undefined,
  BS extends $ZodType | undefined = undefined,
  PS extends $ZodType | undefined = undefined,
>(
  spec: RouteSpec<QS, BS, PS>,
  fn: (request: HttpRequest<Out<QS>, Out<BS>, Out<PS>>) => Promise<HttpReply>,
): LambdaHandler {
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(errorBoundary(spec.name, spec.errorShape))
    .handler(async (event) => {
      // First of all: on AWS a request that skipped the province's CloudFront is refused here.
      const client = processLimiter.clientKey(await clientAddress(event));
      const identity = spec.auth === 'signed-in' ? identityFromEvent(event) : undefined;
      const wait = identity
        ? // A signed-in officer is counted by who they are, whatever address they come from.
          spec.limits?.officerRequestsPerMinute &&
          processLimiter.take('officer', identity.subject, spec.limits.officerRequestsPerMinute, Date.now())
        : spec.limits?.publicGetsPerMinute &&
          event.requestContext.http.method === 'GET' &&
          processLimiter.take('get', client, spec.limits.publicGetsPerMinute, Date.now());
      if (wait) throw new RateLimited(wait);
      const parsed = readBody(event);
      const isForm = parsed.kind === 'form';
      const lang = requestLang(event, isForm ? parsed.fields.lang : undefined);
      const wantsHtml = isForm || prefersHtml(event.headers?.accept);

      const query = spec.query
        ? parseInput(spec.query, withoutLang(event.queryStringParameters ?? {}))
        : undefined;
      const params = spec.params ? parseInput(spec.params, event.pathParameters ?? {}) : undefined;
      let body: unknown;
      if (spec.body) {
        if (parsed.kind === 'none') throw new InvalidInput({ body: { key: 'field.required' } });
        const raw = isForm ? (spec.fromForm ?? ((f) => f))(withoutLang(parsed.fields)) : parsed.value;
        body = parseInput(spec.body, raw);
      }
      const idempotencyKey = spec.idempotent
        ? parseInput(KeyHeader, { idempotencyKey: event.headers?.['idempotency-key'] }).idempotencyKey
        : undefined;
      const reply = await fn({
        query: query as Out<QS>,
        body: body as Out<BS>,
        params: params as Out<PS>,
        lang,
        wantsHtml,
        isForm,
        identity,
        client,
        idempotencyKey,
        headers: event.headers ?? {},
      });
      return respond(reply, { lang, wantsHtml });
    });
  // Every line of the request, the error boundary's included, names the API's and Lambda's request ids.
  const lambda: LambdaHandler = (event, context) =>
    withRequestIds({ requestId: event.requestContext.requestId, lambdaRequestId: context.awsRequestId }, () =>
      handler(event, context),
    );
  // The very schema objects parsed above, for the OpenAPI test to compare with the document; not
  // enumerable, so nothing that walks a handler's properties meets it.
  const contract: RouteContract = {
    name: spec.name,
    query: spec.query,
    body: spec.body,
    params: spec.params,
    fromForm: spec.fromForm,
    auth: spec.auth ?? 'public',
    idempotent: spec.idempotent === true,
    errorShape: spec.errorShape ?? 'ours',
  };
  Object.defineProperty(lambda, 'contract', { value: contract });
  return lambda;
}

/** What a handler made by httpRoute parses: its schemas, how a form maps onto its body, its access. */
export interface RouteContract {
  name: string;
  query: $ZodType | undefined;
  body: $ZodType | undefined;
  params: $ZodType | undefined;
  fromForm: ((fields: Record<string, string | undefined>) => unknown) | undefined;
  auth: 'public' | 'signed-in';
  idempotent: boolean;
  errorShape: 'ours' | 'open311';
}

/** The contract of a handler made by httpRoute; undefined for any other function. */
export function contractOf(handler: unknown): RouteContract | undefined {
  return (handler as { contract?: RouteContract } | undefined)?.contract;
}

function withoutLang(fields: Record<string, string | undefined>): Record<string, string | undefined> {
  const { lang: _lang, ...rest } = fields;
  return rest;
}

/**
 * A route behind the JWT authorizer: the handler always gets the verified identity. Every such route is
 * limited per officer (`limits` from the folder's deps, `province.rateLimits`): required, so that a new
 * signed-in route cannot forget it.
 */
export function signedInRoute<
  QS extends $ZodType | undefined = undefined,
  BS extends $ZodType | undefined = undefined,
  PS extends $ZodType | undefined = undefined,
>(
  spec: Omit<RouteSpec<QS, BS, PS>, 'auth' | 'limits'> & {
    limits: Pick<Province['rateLimits'], 'officerRequestsPerMinute'>;
  },
  fn: (request: HttpRequest<Out<QS>, Out<BS>, Out<PS>> & { identity: Identity }) => Promise<HttpReply>,
): LambdaHandler {
  // The type asks for it; this stops a caller that got round the type at the function's start.
  if (!(spec.limits?.officerRequestsPerMinute > 0)) throw new Error(`${spec.name}: no officer rate limit`);
  return httpRoute({ ...spec, auth: 'signed-in' }, (request) =>
    fn(request as typeof request & { identity: Identity }),
  );
}
