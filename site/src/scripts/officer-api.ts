import { beginSignIn, completeSignIn } from './officer-signin';
import { type Lang, words } from './officer-text';
import { newKey as uuid } from './pure';

/**
 * What every console page shares: the ID token (sessionStorage, where the local sign-in puts it, and
 * the Cognito sign-in on AWS), signed-in calls to the API, the signed-out panel, the navigation.
 */
export const TOKEN_KEY = 'tuquan.idToken';
export const lang: Lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
export const W = words(lang);
export const home = lang === 'en' ? '/en/officer/' : '/officer/';

export interface Answer<T = unknown> {
  status: number;
  data: T;
}

export interface ApiError {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
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

export function problem(answer: Answer): string {
  if (answer.status === 403) return W.forbidden;
  return (answer.data as ApiError | null)?.error?.message ?? W.failed;
}

export interface Me {
  id: string;
  name: string;
  role: 'officer' | 'admin';
  areas: string[];
}

/**
 * Starts a console page: without a token, the sign-in panel; with one, who is signed in, the sign-out
 * button, and the page's own start with the officer. The language switch keeps the page's query.
 */
export async function start(run: (me: Me) => Promise<void>): Promise<void> {
  // First: back from Cognito's sign-in, the code leaves the address bar before anything copies it.
  await completeSignIn(TOKEN_KEY).catch(() => undefined);
  const other = document.getElementById('lang-switch') as HTMLAnchorElement | null;
  if (other && location.search) other.href += location.search;
  document.getElementById('sign-in')?.addEventListener('click', (event) => {
    event.preventDefault();
    void beginSignIn();
  });
  if (!token()) return signedOut();
  byId('sign-out').addEventListener('click', () => {
    signedOut();
    location.assign(home);
  });
  try {
    const me = await api<Me>('/api/officer/me');
    if (me.status !== 200) {
      if (me.status !== 401) byId('console-status').textContent = problem(me);
      return;
    }
    byId('who').textContent = `${me.data.name} · ${me.data.areas.join(', ')}`;
    byId('console').hidden = false;
    await run(me.data);
  } catch {
    byId('console').hidden = false;
    byId('console-status').textContent = W.offline;
  }
}

/** "14:05 12/03/2025" on the reader's clock. */
export function when(iso: string): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** A UUID per form, kept across retries and double taps (the API's Idempotency-Key). */
export function newKey(): string {
  return uuid(crypto);
}
