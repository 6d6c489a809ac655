import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { RouteDef } from '../../functions/routes';
import { textField } from '../../functions/shared/fields';
import { httpRoute } from '../../functions/shared/http/route';
import { createGateway, type Handler, isLoopbackHost } from '../../infra/local/gateway';
import { httpEvent, lambdaContext } from '../support/events';

const routes: RouteDef[] = [
  { method: 'POST', path: '/api/echo/{id}', entry: 'echo', table: [], auth: 'public' },
  { method: 'GET', path: '/api/odd', entry: 'odd', table: [], auth: 'public' },
  { method: 'GET', path: '/api/private', entry: 'private', table: [], auth: 'signed-in' },
  { method: 'GET', path: '/api/boom', entry: 'boom', table: [], auth: 'public' },
  { method: 'GET', path: '/api/limited', entry: 'limited', table: [], auth: 'public' },
  { method: 'POST', path: '/api/typed', entry: 'typed', table: [], auth: 'public' },
  { method: 'GET', path: '/api/health', entry: 'health', table: [], auth: 'public' },
];

// The real HTTP layer reading a JSON body with its strict UTF-8 decoder, as every POST handler does.
const typed = httpRoute(
  { name: 'POST /api/typed', body: z.strictObject({ text: textField({ max: 50 }) }) },
  async (req) => ({ body: { got: req.body } }),
) as Handler;

const seen: APIGatewayProxyEventV2[] = [];
const handlers: Record<string, Handler> = {
  echo: async (event) => {
    seen.push(event);
    return {
      statusCode: 201,
      headers: { 'x-kept': 'yes', 'x-dropped': undefined as unknown as string },
      body: 'ok',
    };
  },
  // A result without statusCode is a 200 JSON body, as Lambda treats it.
  odd: async () => ({ hello: 'world' }) as never,
  private: async (event) => ({
    statusCode: 200,
    body: JSON.stringify((event.requestContext as unknown as { authorizer: unknown }).authorizer),
  }),
  boom: async () => {
    throw new Error('internal detail');
  },
  // The real HTTP layer, two public GETs a minute per client.
  limited: httpRoute({ name: 'GET /api/limited', limits: { publicGetsPerMinute: 2 } }, async () => ({
    body: { ok: true },
  })) as Handler,
  typed,
  health: async () => ({ statusCode: 200, body: '{"ok":true}' }),
};

/** What the system waits for, as infra/local/system.ts tells the gateway while it starts. */
let waiting: string[] = [];

let base = '';
let port = 0;
const server = createGateway({
  routes,
  waitingFor: () => waiting,
  siteDir: (() => {
    const dir = mkdtempSync(join(tmpdir(), 'tuquan-site-'));
    mkdirSync(join(dir, 'en'));
    writeFileSync(join(dir, 'index.html'), '<h1>vi</h1>');
    writeFileSync(join(dir, 'en', 'index.html'), '<h1>en</h1>');
    writeFileSync(join(dir, '404.html'), '<h1>404</h1>');
    return dir;
  })(),
  loadHandler: async (route) => handlers[route.entry] as Handler,
  authorize: async (authorization) => (authorization === 'Bearer good' ? { sub: 'officer-1' } : undefined),
  localRoutes: [
    { method: 'POST', path: '/_local/ping', run: async (body) => ({ status: 200, body: { got: body } }) },
    { method: 'GET', path: '/_local/look', run: async () => ({ status: 200, body: { seen: true } }) },
    {
      method: 'POST',
      path: '/_local/form',
      form: true,
      run: async (body) => ({ status: 200, body: { got: body } }),
    },
  ],
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

/** One request with headers fetch will not set (Host) or bytes it would not send as they are. */
function raw(init: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: init.method ?? 'GET', path: init.path, headers: init.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('local gateway', () => {
  it('builds an HTTP API 2.0 event with path parameters, query and lower-case headers', async () => {
    seen.length = 0;
    const res = await fetch(`${base}/api/echo/r-1?a=1&a=2&b=x`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'v' },
      body: '{"k":1}',
    });
    expect(res.status).toBe(201);
    const event = seen[0] as APIGatewayProxyEventV2;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /api/echo/{id}',
      rawPath: '/api/echo/r-1',
      rawQueryString: 'a=1&a=2&b=x',
      queryStringParameters: { a: '1,2', b: 'x' },
      pathParameters: { id: 'r-1' },
      body: '{"k":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/api/echo/r-1' }, stage: '$default' },
    });
    expect(event.headers['x-custom']).toBe('v');
  });

  it('passes a form body base64-encoded, as the HTTP API does', async () => {
    seen.length = 0;
    await fetch(`${base}/api/echo/x`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=%C4%91',
    });
    const event = seen[0] as APIGatewayProxyEventV2;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').toString('utf8')).toBe('a=%C4%91');
  });

  it('serializes results as Lambda does: undefined headers dropped, no statusCode means 200 JSON', async () => {
    const echoed = await fetch(`${base}/api/echo/x`, { method: 'POST' });
    expect(echoed.headers.get('x-kept')).toBe('yes');
    expect(echoed.headers.has('x-dropped')).toBe(false);
    const odd = await fetch(`${base}/api/odd`);
    expect({ status: odd.status, body: await odd.json() }).toEqual({ status: 200, body: { hello: 'world' } });
  });

  it('answers 401 on a signed-in route without a valid token, before any handler', async () => {
    const res = await fetch(`${base}/api/private`, { headers: { authorization: 'Bearer forged' } });
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 401,
      body: { message: 'Unauthorized' },
    });
  });

  it('puts verified claims where the JWT authorizer puts them', async () => {
    const res = await fetch(`${base}/api/private`, { headers: { authorization: 'Bearer good' } });
    expect(await res.json()).toEqual({ jwt: { claims: { sub: 'officer-1' }, scopes: null } });
  });

  it('answers unknown API paths and wrong methods itself', async () => {
    expect((await fetch(`${base}/api/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/api/odd`, { method: 'POST' })).status).toBe(405);
  });

  it('answers a bare 500 when a handler throws', async () => {
    const res = await fetch(`${base}/api/boom`);
    expect({ status: res.status, body: await res.text() }).toEqual({
      status: 500,
      body: '{"message":"Internal Server Error"}',
    });
  });

  it('serves the site: index files, a folder with or without its slash, a 404 page, no escape from the folder', async () => {
    expect(await (await fetch(`${base}/`)).text()).toBe('<h1>vi</h1>');
    expect(await (await fetch(`${base}/en/`)).text()).toBe('<h1>en</h1>');
    expect(await (await fetch(`${base}/en`)).text()).toBe('<h1>en</h1>');
    const missing = await fetch(`${base}/nope`);
    expect([missing.status, await missing.text()]).toEqual([404, '<h1>404</h1>']);
    const outside = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    expect(outside.status).toBe(404);
  });

  it('runs /_local routes with a JSON body', async () => {
    const res = await fetch(`${base}/_local/ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"x":1}',
    });
    expect(await res.json()).toEqual({ got: { x: 1 } });
  });

  it('limits a client by its connection: spoofed CloudFront-Viewer-Address and X-Forwarded-For change nothing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/api/limited`, {
        headers: {
          'cloudfront-viewer-address': `198.51.100.${i}:443`,
          'x-forwarded-for': `203.0.113.${i}, 10.0.0.${i}`,
        },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});

describe('local gateway against other sites (DNS rebinding, cross-site forms)', () => {
  it('knows loopback Host values from the rest', () => {
    const hosts = [
      'localhost:3000',
      'LOCALHOST',
      '127.0.0.1:3000',
      '127.1.2.3',
      '[::1]:3000',
      '[::1]',
      'evil.example:3000',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '127.0.0.256',
      '[::2]:3000',
      '0.0.0.0:3000',
      '',
      undefined,
    ];
    expect(hosts.map((h) => [h, isLoopbackHost(h)])).toEqual([
      ['localhost:3000', true],
      ['LOCALHOST', true],
      ['127.0.0.1:3000', true],
      ['127.1.2.3', true],
      ['[::1]:3000', true],
      ['[::1]', true],
      ['evil.example:3000', false],
      ['localhost.evil.example', false],
      ['127.0.0.1.nip.io', false],
      ['127.0.0.256', false],
      ['[::2]:3000', false],
      ['0.0.0.0:3000', false],
      ['', false],
      [undefined, false],
    ]);
  });

  it('answers 421 to a request whose Host is another name, on every path, before any route runs', async () => {
    const evil = { host: `rebound.evil.example:${port}` };
    const answers = await Promise.all([
      raw({
        method: 'POST',
        path: '/_local/ping',
        headers: { ...evil, 'content-type': 'application/json' },
        body: '{"officer":"QN-ADMIN"}',
      }),
      raw({ path: '/_local/look', headers: evil }),
      raw({ path: '/api/odd', headers: evil }),
      raw({ path: '/', headers: evil }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([421, 421, 421, 421]);
    expect(JSON.parse(answers[0]?.body ?? '')).toEqual({
      message: 'Misdirected Request: this local server answers only localhost, 127.0.0.1 and [::1]',
    });
  });

  it('answers loopback names with or without the port', async () => {
    const hosts = [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost'];
    const answers = await Promise.all(hosts.map((host) => raw({ path: '/_local/look', headers: { host } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  });

  it('takes only JSON on a /_local POST: text/plain (a cross-site form or a no-cors fetch), none or a form answer 415', async () => {
    const kinds: Record<string, string>[] = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'text/plain;charset=UTF-8' },
      {},
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
    ];
    const posts = await Promise.all(
      kinds.map((headers) => raw({ method: 'POST', path: '/_local/ping', headers, body: '{"x":1}' })),
    );
    expect(posts.map((p) => [p.status, JSON.parse(p.body).error.code])).toEqual(
      Array(5).fill([415, 'unsupported_media_type']),
    );
    const json = await raw({
      method: 'POST',
      path: '/_local/ping',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: '{"x":1}',
    });
    expect([json.status, JSON.parse(json.body)]).toEqual([200, { got: { x: 1 } }]);
  });

  it("takes a form on a form route only from this server's own pages", async () => {
    const form = (origin?: string) =>
      raw({
        method: 'POST',
        path: '/_local/form',
        headers: {
          host: `localhost:${port}`,
          'content-type': 'application/x-www-form-urlencoded',
          ...(origin ? { origin } : {}),
        },
        body: 'officer=QN-ADMIN',
      });
    const answers = await Promise.all([
      form(`http://localhost:${port}`),
      form(),
      form('https://evil.example'),
      form('null'),
      form(`http://127.0.0.1:${port}`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 403, 403, 403]);
    expect(JSON.parse(answers[0]?.body ?? '')).toEqual({ got: { officer: 'QN-ADMIN' } });
  });
});

describe('local gateway: paths and bodies as API Gateway hands them over', () => {
  it('answers 404 to a path parameter that is no valid escape, as the HTTP API does, never 500', async () => {
    const answers = await Promise.all(
      ['/api/echo/%ZZ', '/api/echo/%C3', '/api/echo/%', '/api/echo/a%E0%A4%A'].map((path) =>
        raw({ method: 'POST', path }),
      ),
    );
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(4).fill([404, '{"message":"Not Found"}']));
    const good = await raw({ method: 'POST', path: '/api/echo/%C4%91' });
    expect(good.status).toBe(201);
    expect(seen.at(-1)?.pathParameters).toEqual({ id: 'đ' });
  });

  it('hands a JSON body that is not valid UTF-8 over base64-encoded, so the strict decoder answers as on Lambda', async () => {
    // {"text":"ab<0xFF>c"}: one byte that no UTF-8 text holds.
    const bytes = Buffer.concat([Buffer.from('{"text":"ab'), Buffer.from([0xff]), Buffer.from('c"}')]);
    const viaGateway = await raw({
      method: 'POST',
      path: '/api/typed',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: bytes,
    });
    const onLambda = await typed(
      {
        ...httpEvent({
          method: 'POST',
          path: '/api/typed',
          headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        }),
        body: bytes.toString('base64'),
        isBase64Encoded: true,
      },
      lambdaContext,
    );
    const lambda = onLambda as { statusCode: number; body: string };

    expect([viaGateway.status, JSON.parse(viaGateway.body)]).toEqual([
      400,
      {
        error: {
          code: 'invalid_input',
          message: 'This could not be read. Please send it again from the form.',
        },
      },
    ]);
    expect([lambda.statusCode, JSON.parse(lambda.body)]).toEqual([
      viaGateway.status,
      JSON.parse(viaGateway.body),
    ]);
  });

  it('still hands valid UTF-8 JSON over as text', async () => {
    seen.length = 0;
    await raw({
      method: 'POST',
      path: '/api/echo/x',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"Uông Bí"}',
    });
    expect(seen[0]).toMatchObject({ body: '{"text":"Uông Bí"}', isBase64Encoded: false });
  });
});

describe('local gateway while the system starts', () => {
  it('answers 503 with Retry-After on /api/* and names what health waits for; /_local and the site answer', async () => {
    waiting = ['seed', 'worker'];
    try {
      const [health, api, apiEn, page, local, site] = await Promise.all([
        raw({ path: '/api/health' }),
        raw({ path: '/api/odd' }),
        raw({ method: 'POST', path: '/api/echo/x', headers: { 'accept-language': 'en' } }),
        raw({ path: '/api/odd', headers: { accept: 'text/html' } }),
        raw({ path: '/_local/look' }),
        raw({ path: '/' }),
      ]);
      expect([health.status, health.headers['retry-after'], JSON.parse(health.body)]).toEqual([
        503,
        '1',
        { ok: false, waiting: ['seed', 'worker'] },
      ]);
      expect([api.status, api.headers['retry-after'], JSON.parse(api.body)]).toEqual([
        503,
        '1',
        {
          error: { code: 'unavailable', message: 'Trang đang khởi động. Đợi vài giây rồi thử lại.' },
        },
      ]);
      expect(JSON.parse(apiEn.body).error).toEqual({
        code: 'unavailable',
        message: 'The site is starting. Wait a few seconds, then try again.',
      });
      expect([page.status, page.headers['content-type']]).toEqual([503, 'text/html; charset=utf-8']);
      expect(page.body).toContain('Trang đang khởi động');
      expect([local.status, site.status]).toEqual([200, 200]);

      waiting = ['worker'];
      expect(JSON.parse((await raw({ path: '/api/health' })).body)).toEqual({
        ok: false,
        waiting: ['worker'],
      });
    } finally {
      waiting = [];
    }
    const [health, api] = await Promise.all([raw({ path: '/api/health' }), raw({ path: '/api/odd' })]);
    expect([health.status, api.status]).toEqual([200, 200]);
  });
});
