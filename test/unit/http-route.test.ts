import { describe, expect, it } from 'vitest';
import * as zm from 'zod/mini';
import { NotFound } from '../../functions/shared/errors';
import { textField } from '../../functions/shared/fields';
import { httpRoute } from '../../functions/shared/http/route';
import { setLogSink } from '../../functions/shared/log';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';

const logged: string[] = [];
setLogSink((line) => logged.push(line), 'info');

const echo = httpRoute(
  {
    name: 'POST /test',
    body: zm.strictObject({ name: textField({ min: 2, max: 5 }), n: zm.optional(zm.int()) }),
  },
  async ({ body, lang }) => ({
    status: 201,
    body: { got: body, lang },
    html: (l) => `<p>${l}:${body.name}</p>`,
  }),
);

const failing = (error: unknown) =>
  httpRoute({ name: 'GET /fail' }, async () => {
    throw error;
  });

const post = (
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  base64 = false,
) => echo(httpEvent({ method: 'POST', path: '/test', headers, body, base64 }), lambdaContext);

describe('httpRoute', () => {
  it('parses a JSON body and answers JSON', async () => {
    const result = await post('{"name":" Ánh "}');
    expect(jsonOf(result)).toEqual({ status: 201, body: { got: { name: 'Ánh' }, lang: 'vi' } });
    expect(result.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(result.headers?.['cache-control']).toBe('no-store');
  });

  it('answers a form post with its HTML page, in the form language', async () => {
    const result = await post(
      'name=Lan&lang=en',
      { 'content-type': 'application/x-www-form-urlencoded' },
      true,
    );
    expect(result.statusCode).toBe(201);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(result.body).toBe('<p>en:Lan</p>');
  });

  it('names each wrong field, in Vietnamese by default', async () => {
    const result = await post('{"name":"x","n":"two","extra":1}');
    expect(jsonOf(result)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Chưa gửi được. Sửa các mục có đánh dấu rồi gửi lại.',
          fields: {
            name: 'Cần ít nhất 2 ký tự.',
            n: 'Điền chưa đúng.',
            extra: 'Biểu mẫu không có mục này.',
          },
        },
      },
    });
  });

  it('names wrong fields in English when Accept-Language asks', async () => {
    const result = await post('{}', { 'content-type': 'application/json', 'accept-language': 'en' });
    expect(jsonOf(result)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Not sent yet. Correct the marked boxes, then send again.',
          fields: { name: 'Please fill this in.' },
        },
      },
    });
  });

  it('parses a zod/mini query schema exactly as a classic one, field problems included', async () => {
    const search = httpRoute(
      {
        name: 'GET /search',
        query: zm.strictObject({
          q: zm.string().check(zm.maxLength(3)),
          kind: zm.optional(zm.enum(['a', 'b'])),
        }),
      },
      async ({ query }) => ({ body: { got: query } }),
    );
    const get = (query: Record<string, string>) =>
      search(httpEvent({ path: '/search', query }), lambdaContext).then(jsonOf);

    expect(await get({ q: 'abc', lang: 'en' })).toEqual({ status: 200, body: { got: { q: 'abc' } } });
    expect(await get({ q: 'abcd', kind: 'c', page: '2' })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Chưa gửi được. Sửa các mục có đánh dấu rồi gửi lại.',
          fields: {
            q: 'Tối đa 3 ký tự.',
            kind: 'Hãy chọn trong danh sách.',
            page: 'Biểu mẫu không có mục này.',
          },
        },
      },
    });
  });

  it('answers a bad form with a 400 page listing what is wrong', async () => {
    const result = await post('name=&lang=vi', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(result.body).toContain('<li><strong>name</strong>: Chưa điền mục này.</li>');
  });

  it('refuses a body over 32 KiB before parsing it', async () => {
    const result = await post(JSON.stringify({ name: 'x'.repeat(33 * 1024) }));
    expect(jsonOf(result)).toEqual({
      status: 413,
      body: { error: { code: 'payload_too_large', message: 'Nội dung quá dài. Hãy viết ngắn lại.' } },
    });
  });

  it('refuses a content type it does not read', async () => {
    const result = await post('name=x', { 'content-type': 'text/plain', 'accept-language': 'en' });
    expect(jsonOf(result)).toEqual({
      status: 415,
      body: {
        error: {
          code: 'unsupported_media_type',
          message: 'This could not be read. Please send it from the form on the site.',
        },
      },
    });
  });

  it('refuses malformed JSON with 400, not 415', async () => {
    const result = await post('{"name":', { 'content-type': 'application/json', 'accept-language': 'en' });
    expect(jsonOf(result)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'This could not be read. Please send it again from the form.',
        },
      },
    });
  });

  it('refuses invalid UTF-8', async () => {
    const event = httpEvent({
      method: 'POST',
      path: '/test',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'),
    });
    event.isBase64Encoded = true;
    expect((await echo(event, lambdaContext)).statusCode).toBe(400);
  });

  it('drops a __proto__ key instead of polluting, then names nothing odd', async () => {
    const result = await post('{"name":"Lan","__proto__":{"polluted":true}}');
    expect(jsonOf(result)).toEqual({ status: 201, body: { got: { name: 'Lan' }, lang: 'vi' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('maps a domain error to its status and message', async () => {
    const result = await failing(new NotFound('error.area_not_found'))(
      httpEvent({ headers: { 'accept-language': 'en' } }),
      lambdaContext,
    );
    expect(jsonOf(result)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'This place was not found.' } },
    });
  });

  it('shows no internals on an unexpected error, and logs its name only', async () => {
    logged.length = 0;
    const result = await failing(new TypeError('secret detail 0912345678'))(httpEvent(), lambdaContext);
    expect(jsonOf(result)).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'Có lỗi. Hãy thử lại.' } },
    });
    expect(logged.join('\n')).not.toContain('0912345678');
    expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({
      level: 'error',
      route: 'GET /fail',
      error: 'TypeError',
    });
  });

  it("names the API's and Lambda's request ids on every line, each request its own even side by side", async () => {
    logged.length = 0;
    const event = (id: string) => {
      const e = httpEvent();
      e.requestContext.requestId = id;
      return e;
    };
    const context = (id: string) => ({ ...lambdaContext, awsRequestId: id });
    await Promise.all([
      failing(new TypeError('one'))(event('api-1'), context('lambda-1')),
      failing(new TypeError('two'))(event('api-2'), context('lambda-2')),
    ]);

    expect(
      logged
        .map((line) => JSON.parse(line))
        .map(({ message, requestId, lambdaRequestId }) => ({ message, requestId, lambdaRequestId }))
        .sort((a, b) => a.requestId.localeCompare(b.requestId)),
    ).toEqual([
      { message: 'request failed', requestId: 'api-1', lambdaRequestId: 'lambda-1' },
      { message: 'request failed', requestId: 'api-2', lambdaRequestId: 'lambda-2' },
    ]);
  });

  it('answers 503 with Retry-After when the store is throttled or unreachable', async () => {
    const throttled = Object.assign(new Error('slow down'), {
      name: 'ThrottlingException',
      $fault: 'client',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    for (const error of [throttled, refused]) {
      const result = await failing(error)(httpEvent({ headers: { 'accept-language': 'en' } }), lambdaContext);
      expect(jsonOf(result)).toEqual({
        status: 503,
        body: {
          error: { code: 'unavailable', message: 'The site is busy. Wait a few minutes, then try again.' },
        },
      });
      expect(result.headers?.['retry-after']).toBe('5');
    }
  });
});
