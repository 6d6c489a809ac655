import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * What a client gives away about itself on every request, as recognisable sentinels: its address
 * (as the HTTP API sees it, as CloudFront forwards it, as proxies add it), its browser, the page it
 * came from, its cookies. None of them may be written down anywhere (api.md: "store no IP address,
 * user agent or other client identifier"; log.ts: never log IPs or user agents).
 */
export const SENTINEL = {
  sourceIp: '198.51.100.203',
  /** Over loopback, the gateway sees the connection's own source address: this one is bound for it. */
  loopbackIp: '127.83.91.17',
  viewerAddress: '203.0.113.241:51423',
  forwardedFor: '192.0.2.187',
  userAgent: 'Mozilla/5.0 (X11; zqsentinel-ua-7c41) Gecko/20100101 Firefox/128.0',
  referer: 'https://zqsentinel-referer.example/tin-bao?ma=7c41',
  cookie: 'zqsid=zqsentinel-cookie-7c41',
};

export const SENTINEL_HEADERS: Record<string, string> = {
  'user-agent': SENTINEL.userAgent,
  'x-forwarded-for': `${SENTINEL.forwardedFor}, ${SENTINEL.sourceIp}`,
  'x-real-ip': SENTINEL.forwardedFor,
  forwarded: `for=${SENTINEL.forwardedFor};proto=https`,
  'cloudfront-viewer-address': SENTINEL.viewerAddress,
  referer: SENTINEL.referer,
  cookie: SENTINEL.cookie,
};

/** The parts that must never show up, in any file, item, log line or SMS. */
const SENTINEL_STRINGS = [
  SENTINEL.sourceIp,
  SENTINEL.loopbackIp,
  SENTINEL.viewerAddress.split(':')[0] as string,
  SENTINEL.forwardedFor,
  'zqsentinel-ua-7c41',
  'zqsentinel-referer',
  'zqsentinel-cookie-7c41',
];

/** The event as the HTTP API hands it over for a client carrying every sentinel. */
export function withSentinels(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  event.headers = { ...event.headers, ...SENTINEL_HEADERS };
  event.cookies = [SENTINEL.cookie];
  event.requestContext.http.sourceIp = SENTINEL.sourceIp;
  event.requestContext.http.userAgent = SENTINEL.userAgent;
  return event;
}

/** The sentinels (and any other secrets given) found in a text or in bytes. */
export function leaks(haystack: string | Buffer, others: readonly string[] = []): string[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  return [...SENTINEL_STRINGS, ...others].filter((s) => s !== '' && bytes.includes(Buffer.from(s, 'utf8')));
}

/** The idempotency key a request carries (header or form field): a client-made value, kept only as a hash. */
export function idempotencyKeyOf(spec: {
  headers?: Record<string, string>;
  body?: string;
}): string | undefined {
  return (
    spec.headers?.['idempotency-key'] ??
    (spec.body?.includes('idempotencyKey=')
      ? (new URLSearchParams(spec.body).get('idempotencyKey') ?? undefined)
      : undefined)
  );
}
