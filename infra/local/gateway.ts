import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { RouteDef } from '../../functions/routes';

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface LocalRoute {
  method: 'GET' | 'POST';
  path: string;
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
}

// The HTTP API refuses payloads over 10 MB; the handlers refuse anything over 32 KiB themselves.
const MAX_GATEWAY_BODY = 10 * 1024 * 1024;

const TEXT_TYPES = /^(text\/|application\/json|application\/(xml|javascript))/i;

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
  // Like the HTTP API: text and JSON bodies pass as text, anything else (forms included) as base64.
  const asText = body.length === 0 || TEXT_TYPES.test(contentType);
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

/** The local stand-in for CloudFront + the HTTP API: the site at /, the handlers at /api/*. */
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
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();

      // One path may have a GET and a POST (the local sign-in page and its form).
      const samePath = options.localRoutes?.filter((r) => r.path === url.pathname) ?? [];
      const local = samePath.find((r) => r.method === method);
      if (samePath.length > 0 && !local) return sendJson(res, 405, { error: { code: 'method_not_allowed' } });
      if (local) {
        const raw = await readRequestBody(req);
        if (raw === 'too-large') return sendJson(res, 413, { error: { code: 'payload_too_large' } });
        let body: unknown = {};
        const text = raw.toString('utf8');
        if (req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
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

      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        let match: { route: CompiledRoute; params: Record<string, string> } | undefined;
        let pathKnown = false;
        for (const route of compiled) {
          const m = route.pattern.exec(url.pathname);
          if (!m) continue;
          pathKnown = true;
          if (route.def.method !== method && !(method === 'HEAD' && route.def.method === 'GET')) continue;
          const params: Record<string, string> = {};
          route.names.forEach((name, i) => {
            params[name] = decodeURIComponent(m[i + 1] ?? '');
          });
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
