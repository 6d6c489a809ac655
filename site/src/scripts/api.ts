import type { Lang } from '../i18n';
import { type Challenge, solveChallenge } from './altcha';

export interface Answer {
  status: number;
  data: unknown;
}

async function read(response: Response): Promise<Answer> {
  let data: unknown = null;
  try {
    data = await response.json();
  } catch {
    // A gateway error page or an empty body: the status says enough.
  }
  return { status: response.status, data };
}

/** GET a public JSON answer; throws on a network failure or a non-2xx status. */
export async function getJson<T>(url: string, lang: Lang, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, {
    headers: { accept: 'application/json', 'accept-language': lang },
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  return read(
    await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

function isChallengeRequired(answer: Answer): boolean {
  return (
    answer.status === 400 &&
    (answer.data as { error?: { code?: string } } | null)?.error?.code === 'challenge_required'
  );
}

/**
 * POSTs JSON with the form's idempotency key, the same on every retry of the same form. If the route
 * asks for a proof of work, it fetches a challenge, solves it and tries once more with the solution.
 */
export async function submit(
  url: string,
  body: unknown,
  options: { lang: Lang; key?: string },
): Promise<Answer> {
  const headers: Record<string, string> = { 'accept-language': options.lang };
  if (options.key) headers['idempotency-key'] = options.key;
  const first = await post(url, body, headers);
  if (!isChallengeRequired(first) || !globalThis.crypto?.subtle) return first;
  const challenge = await getJson<Challenge>('/api/challenge', options.lang);
  const solution = await solveChallenge(challenge, globalThis.crypto.subtle);
  if (!solution) return first;
  return post(url, body, { ...headers, 'x-altcha': solution });
}
