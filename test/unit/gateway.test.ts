import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../functions/routes';
import { createGateway, type Handler } from '../../infra/local/gateway';

const routes: RouteDef[] = [
  { method: 'POST', path: '/api/echo/{id}', entry: 'echo', table: 'none', auth: 'public' },
  { method: 'GET', path: '/api/odd', entry: 'odd', table: 'none', auth: 'public' },
  { method: 'GET', path: '/api/private', entry: 'private', table: 'none', auth: 'signed-in' },
  { method: 'GET', path: '/api/boom', entry: 'boom', table: 'none', auth: 'public' },
];

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
};

let base = '';
const server = createGateway({
  routes,
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
  ],
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
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
    const res = await fetch(`${base}/_local/ping`, { method: 'POST', body: '{"x":1}' });
    expect(await res.json()).toEqual({ got: { x: 1 } });
  });
});
