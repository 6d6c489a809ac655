/**
 * The pure half of the officer sign-in (officer-signin.ts): PKCE and the two Cognito requests, with
 * no page globals, so that they are tested on Node.
 */
export interface AuthConfig {
  clientId: string;
  /** The hosted UI's base URL, e.g. https://tuquan-quang-ninh.auth.ap-southeast-1.amazoncognito.com */
  signInUrl: string;
  callbackUrl: string;
}

export function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** RFC 7636: a random verifier, and its S256 challenge. */
export async function pkcePair(random: Uint8Array = crypto.getRandomValues(new Uint8Array(32))) {
  const verifier = base64url(random);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return { verifier, challenge: base64url(digest) };
}

export function authorizeUrl(auth: AuthConfig, challenge: string, state: string): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.callbackUrl,
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${auth.signInUrl}/oauth2/authorize?${query}`;
}

export function tokenRequest(
  auth: AuthConfig,
  code: string,
  verifier: string,
): { url: string; body: string } {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: auth.clientId,
    code,
    redirect_uri: auth.callbackUrl,
    code_verifier: verifier,
  });
  return { url: `${auth.signInUrl}/oauth2/token`, body: body.toString() };
}
