import { byId, lang } from './dom';
import { newKey as uuid } from './pure';

/**
 * The console's API client: the ID token (sessionStorage, where the local sign-in puts it, and the
 * Cognito sign-in on AWS) and signed-in calls to the API.
 */
export const TOKEN_KEY = 'tuquan.idToken';

export interface Answer<T = unknown> {
  status: number;
  data: T;
}

export interface ApiError {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Shows the sign-in panel instead of the console (no token, or the API said it is no good). */
export function signedOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  byId('console').hidden = true;
  byId('signed-out').hidden = false;
}

/** A signed-in call; a 401 ends the session on the page. Throws only when the network fails. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; key?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': lang,
    authorization: `Bearer ${token() ?? ''}`,
  };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.key) headers['idempotency-key'] = init.key;
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (response.status === 401) signedOut();
  let data: unknown = null;
  try {
    data = await response.json();
  } catch {
    // CSV, or a gateway's empty error: the status says enough.
  }
  return { status: response.status, data: data as T };
}

/** A UUID per form, kept across retries and double taps (the API's Idempotency-Key). */
export function newKey(): string {
  return uuid(crypto);
}
