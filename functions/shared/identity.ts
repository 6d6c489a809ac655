import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Unauthorized } from './errors';

/** Who signed in, as the JWT authorizer vouches for it. Handlers never verify tokens themselves. */
export interface Identity {
  subject: string;
  /** Lower case; the link to the imported officer (their `login`). */
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

export function identityFromEvent(event: APIGatewayProxyEventV2): Identity {
  const claims = (event as EventWithJwt).requestContext.authorizer?.jwt?.claims;
  const subject = claims?.sub;
  const email = claims?.email;
  // An access token has no e-mail: the console must send the ID token.
  if (typeof subject !== 'string' || typeof email !== 'string' || subject === '' || email === '') {
    throw new Unauthorized();
  }
  return { subject, email: email.toLowerCase(), groups: groupsOf(claims?.['cognito:groups']) };
}
