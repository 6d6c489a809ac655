import type { Lang } from '../i18n';
import { type Challenge, solveChallenge } from './altcha';

/** The header the service worker puts on an answer it kept on the phone: when it was fetched. */
export const KEPT_AT = 'x-tuquan-kept';

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

/**
 * GET a public JSON answer, with the date the service worker kept it on, when it answered from the
 * phone for want of signal; throws on a network failure or a non-2xx status.
 */
export async function getKept<T>(
  url: string,
  lang: Lang,
  signal?: AbortSignal,
): Promise<{ data: T; keptAt: string | null }> {
  const response = await fetch(url, {
    headers: { accept: 'application/json', 'accept-language': lang },
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return { data: (await response.json()) as T, keptAt: response.headers.get(KEPT_AT) };
}

/** GET a public JSON answer; throws on a network failure or a non-2xx status. */
export async function getJson<T>(url: string, lang: Lang, signal?: AbortSignal): Promise<T> {
  return (await getKept<T>(url, lang, signal)).data;
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

/** A challenge for the place (its difficulty follows the place's recent rate of reports), solved. */
async function solveFresh(lang: Lang, area: string | undefined): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined;
  const query = area ? `?area=${encodeURIComponent(area)}` : '';
  return solveChallenge(await getJson<Challenge>(`/api/challenge${query}`, lang), globalThis.crypto.subtle);
}

// A challenge is good for 5 minutes: one solved ahead is used within 4.
const READY_MS = 4 * 60_000;
let ready: { area: string | undefined; until: number; solution: Promise<string | undefined> } | undefined;

/**
 * Starts solving a proof of work for a place while the person fills in the form, so that the post
 * carries it at once (a second or so on a cheap phone, more while the place is flooded).
 */
export function prepareProof(lang: Lang, area: string | undefined): void {
  if (ready && ready.area === area && Date.now() < ready.until) return;
  ready = { area, until: Date.now() + READY_MS, solution: solveFresh(lang, area).catch(() => undefined) };
}

/** The solution prepared for this place, if any: good once, so it is taken. */
function takeProof(area: string | undefined): Promise<string | undefined> | undefined {
  const taken = ready && ready.area === area && Date.now() < ready.until ? ready.solution : undefined;
  if (taken) ready = undefined;
  return taken;
}

/**
 * POSTs JSON with the form's idempotency key, the same on every retry of the same form, and the proof
 * of work prepared for its place. If the route asks for a (new or harder) proof, it fetches a
 * challenge, solves it and tries once more with the solution.
 */
export async function submit(
  url: string,
  body: unknown,
  options: { lang: Lang; key?: string; area?: string },
): Promise<Answer> {
  const headers: Record<string, string> = { 'accept-language': options.lang };
  if (options.key) headers['idempotency-key'] = options.key;
  const proof = await takeProof(options.area);
  const first = await post(url, body, proof ? { ...headers, 'x-altcha': proof } : headers);
  if (!isChallengeRequired(first)) return first;
  const solution = await solveFresh(options.lang, options.area);
  if (!solution) return first;
  return post(url, body, { ...headers, 'x-altcha': solution });
}
