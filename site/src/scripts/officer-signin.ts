import { type AuthConfig, authorizeUrl, base64url, pkcePair, tokenRequest } from './officer-pkce';

/**
 * Officer sign-in on AWS: Cognito's hosted sign-in with the authorization code flow and PKCE (a public
 * client, no secret in the page). /config.json, deployed with the site, names the user pool's domain,
 * the app client and the callback; where it has no `auth` (locally), the local sign-in page is used.
 * The ID token ends in sessionStorage, where the console reads it; the verifier and state live there
 * only between the redirect and the exchange.
 */
const PENDING_KEY = 'tuquan.signIn';
const LOCAL_SIGN_IN = '/_local/sign-in';

async function authConfig(): Promise<AuthConfig | undefined> {
  try {
    const response = await fetch('/config.json', { headers: { accept: 'application/json' } });
    if (!response.ok) return undefined;
    const config = (await response.json()) as { auth?: Partial<AuthConfig> };
    const auth = config.auth;
    return auth?.clientId && auth.signInUrl && auth.callbackUrl ? (auth as AuthConfig) : undefined;
  } catch {
    return undefined;
  }
}

/** Sends the officer to sign in: Cognito's hosted page on AWS, the local list of demo officers locally. */
export async function beginSignIn(): Promise<void> {
  const auth = await authConfig();
  if (!auth) {
    location.assign(LOCAL_SIGN_IN);
    return;
  }
  const { verifier, challenge } = await pkcePair();
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl(auth, challenge, state));
}

/**
 * Back from the hosted page with ?code=&state=: exchanges the code for tokens and keeps the ID token
 * under `tokenKey`. The code leaves the address bar at once, whatever happens.
 */
export async function completeSignIn(tokenKey: string): Promise<void> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const state = params.get('state');
  if (!code || !state) return;
  history.replaceState(null, '', location.pathname);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(PENDING_KEY);
  const auth = await authConfig();
  if (!pending || pending.state !== state || !auth) return;
  const request = tokenRequest(auth, code, pending.verifier);
  const response = await fetch(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: request.body,
  });
  if (!response.ok) return;
  const tokens = (await response.json()) as { id_token?: string };
  if (tokens.id_token) sessionStorage.setItem(tokenKey, tokens.id_token);
}
