import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/** An HTTP API (payload 2.0) event as API Gateway makes it, for calling a handler directly. */
export function httpEvent(
  init: {
    method?: string;
    path?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
    base64?: boolean;
    pathParameters?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const method = init.method ?? 'GET';
  const path = init.path ?? '/';
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(init.query ?? {}).toString(),
    headers: init.headers ?? {},
    ...(init.query ? { queryStringParameters: init.query } : {}),
    ...(init.pathParameters ? { pathParameters: init.pathParameters } : {}),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
      requestId: 'req',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(init.body !== undefined
      ? { body: init.base64 ? Buffer.from(init.body).toString('base64') : init.body }
      : {}),
    isBase64Encoded: Boolean(init.base64),
  };
}

export const lambdaContext = {
  functionName: 'test',
  awsRequestId: 'req',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

/** The response with its JSON body parsed, for asserting whole answers. */
export function jsonOf(result: APIGatewayProxyStructuredResultV2): {
  status: number | undefined;
  body: unknown;
} {
  return { status: result.statusCode, body: JSON.parse(String(result.body)) };
}
