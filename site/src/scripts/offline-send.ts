import { submit } from './api';
import { allKept, settle } from './offline-store';
import { errorMessage, fieldErrors } from './pure';

interface Locks {
  request(name: string, run: () => Promise<void>): Promise<void>;
}

let running: Promise<void> | undefined;
let again: Promise<void> | undefined;

/**
 * Sends what waits on the phone, oldest first, each with its own idempotency key, so that a page and
 * the service worker, or a retry storm while the signal flaps, store each one once. A 2xx answer
 * keeps the receipt until a page shows it; a 4xx other than 408 and 429 will not change by trying
 * again (the place is gone, the text refused): it is kept for the resident to see, never resent; no
 * signal, 408, 429 or 5xx: it waits for the next try.
 */
export function sendKept(): Promise<void> {
  if (running) {
    // Asked while a pass is under way (the signal came back during a try that is failing): one more
    // pass once it ends, so that the 'online' that asked is never lost.
    again ??= running.then(() => {
      again = undefined;
      return sendKept();
    });
    return again;
  }
  const locks = (globalThis.navigator as { locks?: Locks } | undefined)?.locks;
  // One sender at a time on the phone where the browser can say so; the key makes a second one harmless.
  running = (locks ? locks.request('tuquan-kept', sendAll) : sendAll()).finally(() => {
    running = undefined;
  });
  return running;
}

async function sendAll(): Promise<void> {
  for (const kept of await allKept()) {
    if (kept.state !== 'waiting') continue;
    let status: number;
    let data: unknown;
    try {
      ({ status, data } = await submit(kept.url, kept.body, {
        lang: kept.lang,
        key: kept.key,
        ...(kept.area ? { area: kept.area } : {}),
      }));
    } catch {
      return;
    }
    if (status >= 200 && status < 300) {
      await settle(kept.key, { state: 'sent', receipt: (data as { receipt: string }).receipt });
    } else if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      const problem = [errorMessage(data), ...Object.values(fieldErrors(data))].filter(Boolean).join(' ');
      await settle(kept.key, { state: 'refused', problem });
    } else {
      return;
    }
  }
}
