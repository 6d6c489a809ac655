import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { RouteDef } from '../../functions/routes';
import { html, page } from '../../functions/shared/http/html';
import { prefersHtml } from '../../functions/shared/http/negotiate';
import { respond } from '../../functions/shared/http/respond';
import { langFromAcceptLanguage, t } from '../../functions/shared/i18n';

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface LocalRoute {
  method: 'GET' | 'POST';
  path: string;
  /**
   * A POST that a page of this server sends as a plain form (the local sign-in): it also takes
   * `application/x-www-form-urlencoded`, from this origin only. Every other POST takes JSON alone.
   */
  form?: boolean;
  /** Gets the JSON body (or a form's fields as an object); answers JSON, or a page when `html` is set. */
  run(body: unknown): Promise<{ status: number; body?: unknown; html?: string }>;
}

export interface GatewayOptions {
  routes: readonly RouteDef[];
  /** Loads a route's handler module (the same module Lambda runs). */
  loadHandler(route: RouteDef): Promise<Handler>;
  siteDir: string;
  /** /_local/* routes: only in local mode, never limited. */
  localRoutes?: readonly LocalRoute[];
  /**
   * Verifies the bearer token of a signed-in route as the JWT authorizer does on AWS; returns the
   * claims, or undefined to answer 401 before any handler runs.
   */
  authorize?(authorization: string | undefined): Promise<Record<string, unknown> | undefined>;
  /** Told of each handler's result once it is written (the local runtime's stand-in for the table stream). */
  onAnswered?(route: RouteDef, result: APIGatewayProxyResultV2): void;
  /**
   * What the system still waits for before it can answer (e.g. `seed`, `worker`); while the list is not
   * empty, /api/health and every /api/* and /open311/* route answer 503 with Retry-After. /_local/* and the site answer
   * throughout.
   */
  waitingFor?(): readonly string[];
}

// The HTTP API refuses payloads over 10 MB; the handlers refuse anything over 32 KiB themselves.
const MAX_GATEWAY_BODY = 10 * 1024 * 1024;

const TEXT_TYPES = /^(text\/|application\/json|application\/(xml|javascript))/i;

/** Seconds a client is asked to wait while the system starts. */
const STARTING_RETRY_AFTER = '1';

/**
 * The Host names this server answers: loopback names and addresses only, with any port. A page of
 * another site that rebinds its own name to 127.0.0.1 (DNS rebinding) still sends its own name as Host.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/i.exec(host);
  if (!match) return false;
  const name = (match[1] ?? match[2] ?? '').toLowerCase();
  if (match[1] !== undefined) return name === '::1';
  if (name === 'localhost') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return octets?.slice(1).every((o) => Number(o) <= 255) ?? false;
}

/** The media type of a Content-Type header, lower case, without parameters. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Whether a form post to /_local comes from a page of this server. Browsers send `Origin` with every
 * POST from a page; a form on another site carries that site's origin (or `null`), and is refused.
 * A request with no Origin at all comes from a program, not from a page another site controls.
 */
function fromThisOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.host === req.headers.host?.toLowerCase() && isLoopbackHost(url.host);
  } catch {
    return false;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml',
};

interface CompiledRoute {
  def: RouteDef;
  pattern: RegExp;
  names: string[];
}

function compile(def: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = def.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { def, pattern: new RegExp(`^${source}$`), names };
}

/** Builds the event API Gateway's HTTP API (payload 2.0) would hand to Lambda. */
function buildEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  claims: Record<string, unknown> | undefined,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const contentType = headers['content-type'] ?? '';
  // Like the HTTP API: text and JSON bodies pass as text, anything else (forms included) as base64, and
  // so does a body that is not valid UTF-8 whatever its type, so that the function's own strict decoder
  // sees the very bytes (never U+FFFD put in their place).
  const asText = body.length === 0 || (TEXT_TYPES.test(contentType) && isUtf8(body));
  const now = new Date();
  const routeKey = `${route.def.method} ${route.def.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.names.length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
    ...(body.length ? { body: asText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !asText,
  };
}

function lambdaContext(route: RouteDef): Context {
  const name = `local-${route.entry.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Writes a handler's result as Lambda and the HTTP API would: a string or an object without
 * statusCode becomes a 200 JSON body; headers whose value is undefined are dropped (pitfall 6);
 * cookies become Set-Cookie; a base64 body is decoded.
 */
function writeLambdaResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (
    typeof result === 'string' ||
    result === null ||
    typeof result !== 'object' ||
    !('statusCode' in result)
  ) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? '' : result.body;
  const bytes = result.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  headers['content-length'] = String(bytes.length);
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(bytes);
}

async function readRequestBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_GATEWAY_BODY) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

/**
 * Serves the built site like S3 + CloudFront with its viewer function: files, `/path` and `/path/`
 * as `/path/index.html`, the site's 404 page.
 */
function serveStatic(siteDir: string, url: URL, req: IncomingMessage, res: ServerResponse): void {
  const root = resolve(siteDir);
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    pathname = '/';
  }
  let file = normalize(join(root, pathname));
  const inside = file === root || file.startsWith(root + sep);
  if (inside && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  let status = 200;
  if (!inside || !existsSync(file) || !statSync(file).isFile()) {
    status = 404;
    file = join(root, '404.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
  }
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(status, {
    'content-type': type,
    'content-length': String(statSync(file).size),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=300',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

/** A route's path parameters, decoded as the HTTP API decodes them, or undefined when one is no valid escape. */
function decodeParams(names: readonly string[], match: RegExpExecArray): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    try {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    } catch {
      return undefined;
    }
  }
  return params;
}

/**
 * While the system starts (the demo not seeded, the worker not running): 503 with Retry-After, the
 * contract's `unavailable`; /api/health says what it waits for.
 */
function sendStarting(req: IncomingMessage, res: ServerResponse, url: URL, waiting: readonly string[]): void {
  const headers = { 'retry-after': STARTING_RETRY_AFTER };
  if (url.pathname === '/api/health') {
    sendJson(res, 503, { ok: false, waiting }, headers);
    return;
  }
  const lang = langFromAcceptLanguage(req.headers['accept-language']);
  const message = t(lang, 'error.starting');
  // Open311 apps read the specification's error list (functions/open311).
  if (url.pathname.startsWith('/open311/')) {
    sendJson(res, 503, [{ code: 503, description: message }], headers);
    return;
  }
  const result = respond(
    {
      status: 503,
      body: { error: { code: 'unavailable', message } },
      html: (l) =>
        page(
          l,
          t(l, 'html.error_title'),
          html`<h1>${t(l, 'html.error_title')}</h1><p role="alert">${message}</p>`,
        ),
      headers,
    },
    { lang, wantsHtml: prefersHtml(req.headers.accept) },
  );
  writeLambdaResult(res, result);
}

/** The local stand-in for CloudFront + the HTTP API: the site at /, the handlers at /api/* and /open311/*. */
export function createGateway(options: GatewayOptions): Server {
  const compiled = options.routes.map(compile);
  const handlers = new Map<RouteDef, Promise<Handler>>();
  const handlerFor = (def: RouteDef) => {
    let loaded = handlers.get(def);
    if (!loaded) {
      loaded = options.loadHandler(def);
      handlers.set(def, loaded);
    }
    return loaded;
  };

  return createServer(async (req, res) => {
    try {
      // Only loopback names: a site that rebinds its name to 127.0.0.1 must not read or drive this server.
      if (!isLoopbackHost(req.headers.host))
        return sendJson(res, 421, {
          message: 'Misdirected Request: this local server answers only localhost, 127.0.0.1 and [::1]',
        });
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();

      // One path may have a GET and a POST (the local sign-in page and its form).
      const samePath = options.localRoutes?.filter((r) => r.path === url.pathname) ?? [];
      const local = samePath.find((r) => r.method === method);
      if (samePath.length > 0 && !local) return sendJson(res, 405, { error: { code: 'method_not_allowed' } });
      if (local) {
        // JSON only, which a page of another site cannot send without asking first (CORS, never granted
        // here); a plain form only where the route takes one, and only from a page of this server.
        const type = mediaType(req.headers['content-type']);
        const isForm = type === 'application/x-www-form-urlencoded';
        if (local.method === 'POST') {
          if (isForm ? !local.form : type !== 'application/json')
            return sendJson(res, 415, {
              error: { code: 'unsupported_media_type', message: 'Content-Type: application/json expected' },
            });
          if (isForm && !fromThisOrigin(req))
            return sendJson(res, 403, {
              error: { code: 'forbidden', message: 'a form of another site cannot post here' },
            });
        }
        const raw = await readRequestBody(req);
        if (raw === 'too-large') return sendJson(res, 413, { error: { code: 'payload_too_large' } });
        let body: unknown = {};
        const text = raw.toString('utf8');
        if (isForm) {
          body = Object.fromEntries(new URLSearchParams(text));
        } else if (text.length) {
          try {
            body = JSON.parse(text);
          } catch {
            return sendJson(res, 400, { error: { code: 'invalid_input', message: 'JSON expected' } });
          }
        }
        const out = await local.run(body);
        if (out.html !== undefined) {
          res.writeHead(out.status, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
          });
          res.end(out.html);
          return;
        }
        return sendJson(res, out.status, out.body);
      }

      if (
        url.pathname === '/api' ||
        url.pathname.startsWith('/api/') ||
        url.pathname.startsWith('/open311/')
      ) {
        const waiting = options.waitingFor?.() ?? [];
        if (waiting.length > 0) return sendStarting(req, res, url, waiting);
        let match: { route: CompiledRoute; params: Record<string, string> } | undefined;
        let pathKnown = false;
        for (const route of compiled) {
          const m = route.pattern.exec(url.pathname);
          if (!m) continue;
          // A path parameter that is no valid escape (`%ZZ`, a lone `%C3`) matches no route, as on the
          // HTTP API: 404 before any function, never a 500.
          const params = decodeParams(route.names, m);
          if (!params) continue;
          pathKnown = true;
          if (route.def.method !== method && !(method === 'HEAD' && route.def.method === 'GET')) continue;
          match = { route, params };
          break;
        }
        if (!match) {
          // The HTTP API answers unknown routes itself, before any function.
          return sendJson(res, pathKnown ? 405 : 404, {
            message: pathKnown ? 'Method Not Allowed' : 'Not Found',
          });
        }
        const raw = await readRequestBody(req);
        if (raw === 'too-large') return sendJson(res, 413, { message: 'Request Entity Too Large' });
        let claims: Record<string, unknown> | undefined;
        if (match.route.def.auth === 'signed-in') {
          claims = options.authorize ? await options.authorize(req.headers.authorization) : undefined;
          if (!claims)
            return sendJson(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
        }
        const event = buildEvent(req, url, raw, match.route, match.params, claims);
        const handler = await handlerFor(match.route.def);
        const result = await handler(event, lambdaContext(match.route.def));
        writeLambdaResult(res, result);
        options.onAnswered?.(match.route.def, result);
        return;
      }

      if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { message: 'Method Not Allowed' });
      return serveStatic(options.siteDir, url, req, res);
    } catch {
      // As Lambda does when a function throws: a bare 500, no details.
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    }
  });
}
