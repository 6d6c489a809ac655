import type { Me } from '../../../functions/officers/who-am-i';
import { byId, lang } from './dom';
import { type Answer, type ApiError, api, signedOut, TOKEN_KEY, token } from './officer-api';
import { consoleWords } from './officer-text';

/** What every console page shares besides the API: its words, the signed-out panel, who is signed in. */
export const W = consoleWords(lang);
const home = lang === 'en' ? '/en/officer/' : '/officer/';

export function problem(answer: Answer): string {
  if (answer.status === 403) return W.forbidden;
  return (answer.data as ApiError | null)?.error?.message ?? W.failed;
}

/**
 * Starts a console page: without a token, the sign-in panel; with one, who is signed in, the sign-out
 * button, and the page's own start with the officer. The language switch keeps the page's query.
 */
/**
 * The sign-in's code (PKCE, Cognito's requests) is fetched only by a page that signs in or comes back
 * from signing in: a signed-in officer's pages never load it.
 */
const signIn = () => import('./officer-signin');

export async function start(run: (me: Me) => Promise<void>): Promise<void> {
  // First: back from Cognito's sign-in, the code leaves the address bar before anything copies it.
  if (new URLSearchParams(location.search).has('code'))
    await signIn()
      .then((s) => s.completeSignIn(TOKEN_KEY))
      .catch(() => undefined);
  const other = document.getElementById('lang-switch') as HTMLAnchorElement | null;
  if (other && location.search) other.href += location.search;
  document.getElementById('sign-in')?.addEventListener('click', (event) => {
    event.preventDefault();
    void signIn().then((s) => s.beginSignIn());
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
    const places = me.data.places?.length ? me.data.places.map((place) => place.label[lang]) : me.data.areas;
    byId('who').textContent = `${me.data.name} · ${places.join(', ')}`;
    byId('console').hidden = false;
    await run(me.data);
  } catch {
    byId('console').hidden = false;
    byId('console-status').textContent = W.offline;
  }
}

/** "12/03/2025" on the reader's clock. */
export function day(iso: string): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(iso));
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
