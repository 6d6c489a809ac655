import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Forbidden, Unauthorized } from './errors';

/** Who signed in, as the JWT authorizer vouches for it. Handlers never verify tokens themselves. */
export interface Identity {
  /** The Cognito user's `sub`: what an officer is bound to (officers/access.ts). */
  subject: string;
  /**
   * The user's verified e-mail, lower case: links a user not yet bound to the imported officer whose
   * `login` it is, once.
   */
  email: string;
  groups: string[];
}

type EventWithJwt = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};

/**
 * The HTTP API's JWT authorizer hands claims over as strings: a list such as `cognito:groups` arrives
 * as "[officer admin]". Accept that shape, and a real array too.
 */
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.trim() === '') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * The signed-in identity, or 401 when the token carries no subject or no e-mail (an access token: the
 * console must send the ID token), or 403 when the e-mail is not verified: an address nobody proved
 * theirs names no one (the authorizer hands `email_verified` over as the string "true").
 */
export function identityFromEvent(event: APIGatewayProxyEventV2): Identity {
  const claims = (event as EventWithJwt).requestContext.authorizer?.jwt?.claims;
  const subject = claims?.sub;
  const email = claims?.email;
  if (typeof subject !== 'string' || typeof email !== 'string' || subject === '' || email.trim() === '') {
    throw new Unauthorized();
  }
  const verified = claims?.email_verified;
  if (verified !== 'true' && verified !== true) throw new Forbidden();
  return { subject, email: email.trim().toLowerCase(), groups: groupsOf(claims?.['cognito:groups']) };
}
