import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * The token a server-rendered form (GET /api/forms/report, /api/forms/suggestion) carries in a hidden
 * field, in place of the proof of work a page without JavaScript cannot do. It names the route, the
 * idempotency key the same form carries (so that one token stores at most one submission: a second
 * post with it is a replay of the first, or a conflict), and when the form was rendered (so that a form
 * sent too soon or too late is refused). Signed under a key of its own; nothing about it is stored.
 *
 *   route (1 byte) | rendered at, ms since 1970 (6 bytes) | idempotency key (16 bytes) | HMAC (16 bytes)
 *
 * 39 bytes → 52 base64url characters. Here so that the forms (which sign) and the abuse guard (which
 * checks) share it without importing each other.
 */
export type FormRoute = 'reports' | 'suggestions';

const ROUTES: readonly FormRoute[] = ['reports', 'suggestions'];
const BODY_BYTES = 1 + 6 + 16;
const MAC_BYTES = 16;
const TOKEN_CHARS = Math.ceil(((BODY_BYTES + MAC_BYTES) * 4) / 3);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FormTokenClaims {
  route: FormRoute;
  /** The UUID the form posts as `idempotencyKey`, lower case. */
  idempotencyKey: string;
  issuedAt: Date;
}

function signFormToken(key: Buffer, claims: FormTokenClaims): string {
  if (!UUID.test(claims.idempotencyKey)) throw new Error('not a UUID');
  const body = Buffer.alloc(BODY_BYTES);
  body[0] = ROUTES.indexOf(claims.route);
  body.writeUIntBE(claims.issuedAt.getTime(), 1, 6);
  Buffer.from(claims.idempotencyKey.replaceAll('-', ''), 'hex').copy(body, 7);
  return Buffer.concat([body, mac(key, body)]).toString('base64url');
}

/** What a form carries in its hidden fields: its idempotency key and the token that names it. */
export interface FormPass {
  idempotencyKey: string;
  formToken: string;
}

/** A fresh key (or the one given, for a form sent again) and its token, rendered now. */
export function issueFormPass(
  key: Buffer,
  route: FormRoute,
  now: Date,
  idempotencyKey: string = randomUUID(),
): FormPass {
  const lower = idempotencyKey.toLowerCase();
  return {
    idempotencyKey: lower,
    formToken: signFormToken(key, { route, idempotencyKey: lower, issuedAt: now }),
  };
}

/** What a token says, or undefined if it is malformed or not signed under `key`. */
export function readFormToken(key: Buffer, token: string | undefined): FormTokenClaims | undefined {
  if (token?.length !== TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== BODY_BYTES + MAC_BYTES) return undefined;
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(mac(key, body), bytes.subarray(BODY_BYTES))) return undefined;
  const route = ROUTES[body[0] ?? -1];
  if (!route) return undefined;
  const hex = body.subarray(7).toString('hex');
  return {
    route,
    idempotencyKey: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    issuedAt: new Date(body.readUIntBE(1, 6)),
  };
}

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}
