import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Lang } from '../i18n';

export interface HttpReply {
  status?: number;
  body: unknown;
  /** The same answer as a small page, for browsers without JavaScript. */
  html?: (lang: Lang) => string;
  /** A body sent as it is instead of JSON (e.g. a CSV download); its content-type goes in `headers`. */
  text?: string;
  headers?: Record<string, string>;
  /** Seconds a shared cache may keep a public GET answer; unset means no-store. */
  maxAge?: number;
}

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  vary: 'Accept, Accept-Language',
};

/** Pages the API renders load only the site's stylesheet: no script, no third party. */
const HTML_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function respond(
  reply: HttpReply,
  negotiated: { lang: Lang; wantsHtml: boolean },
): APIGatewayProxyStructuredResultV2 {
  const status = reply.status ?? 200;
  const cache = reply.maxAge !== undefined ? `public, max-age=${reply.maxAge}` : 'no-store';
  if (negotiated.wantsHtml && reply.html) {
    return {
      statusCode: status,
      headers: {
        ...BASE_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        'content-language': negotiated.lang,
        'content-security-policy': HTML_CSP,
        'cache-control': cache,
        ...reply.headers,
      },
      body: reply.html(negotiated.lang),
    };
  }
  return {
    statusCode: status,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': cache,
      ...reply.headers,
    },
    body: reply.text ?? JSON.stringify(reply.body),
  };
}
