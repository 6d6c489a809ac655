import { existsSync, readFileSync } from 'node:fs';
import { demoApiKey } from '../../functions/open311/manage-keys';
import { allOfficers } from '../../functions/roster/store';
import { escapeHtml } from '../../functions/shared/http/html';
import { secretsFromEnv } from '../../functions/shared/secrets';
import type { Store } from '../../functions/shared/store/client';
import type { LocalAuth } from './auth';
import type { LocalClock } from './clock';
import type { LocalRoute } from './gateway';
import type { LocalWorker } from './worker';

export interface OutboxMessage {
  to: string;
  body: string;
  at: string;
  reportId?: string;
}

/** The SMS outbox, oldest first; a half-written last line (a crash mid-append) is skipped. */
export function readOutbox(file: string): OutboxMessage[] {
  if (!existsSync(file)) return [];
  const messages: OutboxMessage[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      messages.push(JSON.parse(line) as OutboxMessage);
    } catch {
      // not a whole line yet
    }
  }
  return messages;
}

const invalid = (field: string, problem: string) => ({
  status: 400,
  body: { error: { code: 'invalid_input', message: `${field}: ${problem}`, fields: { [field]: problem } } },
});

/** /_local/*: only in local mode, never limited, never deployed. */
export function localRoutes(deps: {
  store: Store;
  auth: () => LocalAuth;
  clock: LocalClock;
  outboxFile: string;
  /** The local worker, once started (the bench holds it to measure intake alone). */
  worker?: () => LocalWorker | undefined;
}): LocalRoute[] {
  const { store, clock } = deps;
  const officerList = async () =>
    (await allOfficers(store)).map((o) => ({ id: o.id, name: o.name, role: o.access, areas: o.areas }));
  const issueFor = async (id: unknown) => {
    const officer = (await allOfficers(store)).find((o) => o.id === id);
    return officer ? deps.auth().issue(officer, clock.now()) : undefined;
  };

  return [
    {
      method: 'GET',
      path: '/_local/sms',
      run: async () => ({ status: 200, body: { messages: readOutbox(deps.outboxFile) } }),
    },
    {
      // The demo app's Open311 key (seeded with the demo), for trying GeoReport v2 clients locally.
      method: 'GET',
      path: '/_local/open311-key',
      run: async () => ({ status: 200, body: { api_key: await demoApiKey(secretsFromEnv(process.env)) } }),
    },
    {
      method: 'GET',
      path: '/_local/officers',
      run: async () => ({ status: 200, body: { officers: await officerList() } }),
    },
    {
      method: 'POST',
      path: '/_local/token',
      run: async (body) => {
        const id = (body as { officer?: unknown }).officer;
        if (typeof id !== 'string') return invalid('officer', 'an officer id from /_local/officers');
        const token = await issueFor(id);
        return token
          ? { status: 200, body: { token } }
          : { status: 404, body: { error: { code: 'not_found' } } };
      },
    },
    {
      method: 'POST',
      path: '/_local/clock',
      run: async (body) => {
        const minutes = (body as { advanceMinutes?: unknown }).advanceMinutes;
        if (
          typeof minutes !== 'number' ||
          !Number.isFinite(minutes) ||
          minutes < 0 ||
          minutes > 60 * 24 * 366
        ) {
          return invalid('advanceMinutes', 'a number of minutes, 0 or more');
        }
        return { status: 200, body: { now: clock.advance(minutes).toISOString() } };
      },
    },
    {
      method: 'POST',
      path: '/_local/dispatcher',
      run: async (body) => {
        const paused = (body as { paused?: unknown }).paused;
        if (typeof paused !== 'boolean')
          return invalid('paused', 'true to hold the dispatcher, false to let it go');
        const worker = deps.worker?.();
        if (!worker) return { status: 503, body: { error: { code: 'not_running' } } };
        // Held: answered once the dispatches under way have finished, so that nothing of them is left running.
        return { status: 200, body: paused ? await worker.pause() : await worker.resume() };
      },
    },
    {
      method: 'POST',
      path: '/_local/digest',
      run: async () => {
        // Now, instead of at 08:00: nothing is sent twice to a box the same day either way.
        const { runDigest } = await import('../../functions/suggestions/digest.handler');
        return { status: 200, body: await runDigest() };
      },
    },
    {
      method: 'GET',
      path: '/_local/sign-in',
      run: async () => {
        const rows = (await officerList())
          .map(
            (o) =>
              `<li><form method="post" action="/_local/sign-in"><input type="hidden" name="officer" value="${escapeHtml(o.id)}"><button>${escapeHtml(o.name)}</button> <span>${escapeHtml(o.role)} · ${escapeHtml(o.areas.join(', '))}</span></form></li>`,
          )
          .join('');
        return {
          status: 200,
          html: `<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Đăng nhập (chế độ cục bộ)</title><link rel="stylesheet" href="/site.css"><main><h1>Đăng nhập thử — local sign-in</h1><p>Only in local mode: choose a demo officer or admin. On AWS, officers sign in with Cognito.</p><ul class="officers">${rows}</ul></main></html>`,
        };
      },
    },
    {
      method: 'POST',
      path: '/_local/sign-in',
      // The page above posts a plain form; the gateway takes it from a page of this server only.
      form: true,
      run: async (body) => {
        const token = await issueFor((body as { officer?: unknown }).officer);
        if (!token)
          return {
            status: 404,
            html: '<!doctype html><p>Unknown officer. <a href="/_local/sign-in">Back</a></p>',
          };
        // The console reads its token from sessionStorage, where the Cognito sign-in puts it on AWS.
        return {
          status: 200,
          html: `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Signed in</title><script>sessionStorage.setItem('tuquan.idToken', ${JSON.stringify(token)});location.replace('/officer/');</script><p>Signed in. <a href="/officer/">Continue</a></p></html>`,
        };
      },
    },
  ];
}
