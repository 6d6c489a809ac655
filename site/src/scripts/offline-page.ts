import { carryReceipt } from './carry';
import { el, lang } from './dom';
import { sendKept } from './offline-send';
import { allKept, forget, type Kept } from './offline-store';
import { groupReceipt } from './pure';
import { messages } from './text';

/**
 * On every public page: installs the service worker, sends what waits on the phone (when the page
 * opens and whenever the phone comes back online), and says what is kept on this phone, with a way to
 * delete it; a receipt that came back is shown once, then removed from the phone.
 */
const M = messages(lang);
const REFILL = 'tuquan-refill';
const region = document.getElementById('kept');
const when = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
  dateStyle: 'short',
  timeStyle: 'short',
});
/** Kept ones whose own form is open on this page: it shows their receipt in place of the form. */
const claimed = new Map<string, (receipt: string) => void>();
/** Receipts shown on this page: removed from the phone, so they stay on screen until the page goes. */
const receipts: HTMLElement[] = [];
const announce = el('p', '', { role: 'status', class: 'hint' });

export function claim(key: string, onSent: (receipt: string) => void): void {
  claimed.set(key, onSent);
}

const what = (kept: Kept) => (kept.kind === 'report' ? M.report : M.suggestion);
const formPath = (kept: Kept) => `${kept.lang === 'en' ? '/en/' : '/'}${kept.kind}/`;

function deleteButton(kept: Kept): HTMLButtonElement {
  const button = el('button', M.keptDelete, { type: 'button', class: 'secondary' });
  button.addEventListener('click', async () => {
    await forget(kept.key);
    // Said before the list is drawn again, so that the region stays shown to say it.
    announce.textContent = M.keptDeleted;
    await showKept();
    announce.focus();
  });
  return button;
}

function item(kept: Kept): HTMLElement {
  const li = el('li');
  if (kept.state === 'refused') {
    const reopen = el('a', M.keptReopen, { href: formPath(kept), class: 'button' });
    reopen.addEventListener('click', () => {
      try {
        sessionStorage.setItem(REFILL, kept.key);
      } catch {
        // Storage refused: the form opens empty, and the kept one stays until deleted.
      }
    });
    li.append(el('p', M.keptRefused(what(kept), kept.problem ?? '')), reopen, ' ', deleteButton(kept));
  } else {
    li.append(el('p', M.keptWaiting(what(kept), when.format(kept.savedAt))), deleteButton(kept));
  }
  return li;
}

function receiptItem(kept: Kept, receipt: string): HTMLElement {
  const li = el('li');
  const follow = el('a', M.keptFollow, { href: lang === 'en' ? '/en/follow-up/' : '/follow-up/' });
  follow.addEventListener('click', () => carryReceipt(receipt));
  li.append(el('p', M.keptSent(what(kept))), el('p', receipt, { class: 'receipt' }), follow);
  return li;
}

let showing = Promise.resolve();

/** Says what is kept on the phone; a receipt that came back is shown here once and removed from the phone. */
export function showKept(): Promise<void> {
  // One at a time: two at once would both find a receipt and show it twice.
  showing = showing.then(render, render);
  return showing;
}

async function render(): Promise<void> {
  if (!region) return;
  let all: Kept[];
  try {
    all = await allKept();
  } catch {
    return;
  }
  const items: HTMLElement[] = [];
  // A page in the background (a tab the phone may discard unseen) leaves a receipt for one in view.
  const seen = document.visibilityState === 'visible';
  for (const kept of all) {
    if (kept.state === 'sent' && !seen && !claimed.has(kept.key)) continue;
    if (kept.state === 'sent') {
      await forget(kept.key);
      const receipt = groupReceipt(kept.receipt ?? '');
      const mine = claimed.get(kept.key);
      if (mine) mine(receipt);
      else receipts.push(receiptItem(kept, receipt));
    } else {
      items.push(item(kept));
    }
  }
  const shown = [...receipts, ...items];
  region.replaceChildren(
    ...(shown.length ? [el('h2', M.keptTitle), el('ul', undefined, { class: 'kept-list' })] : []),
    announce,
  );
  region.querySelector('ul')?.append(...shown);
  region.hidden = !shown.length && !announce.textContent;
}

/** The kept one whose "open the form again" link brought the person here: taken off the phone. */
export async function takeRefill(): Promise<Kept | undefined> {
  let key: string | null = null;
  try {
    key = sessionStorage.getItem(REFILL);
    sessionStorage.removeItem(REFILL);
  } catch {
    // Storage refused: there is nothing to fill in.
  }
  if (!key) return undefined;
  const kept = (await allKept()).find((k) => k.key === key);
  if (kept) await forget(key);
  await showKept();
  return kept;
}

/** Asks the service worker to send what is kept as soon as the phone has signal (Background Sync). */
export function syncLater(): void {
  navigator.serviceWorker?.ready
    .then((registration) =>
      (registration as { sync?: { register(tag: string): Promise<void> } }).sync?.register('tuquan-kept'),
    )
    .catch(() => undefined);
}

const sendAndShow = () => {
  void sendKept()
    .catch(() => undefined)
    .then(showKept);
};

if (region) {
  announce.tabIndex = -1;
  navigator.serviceWorker?.register('/sw.js').catch(() => undefined);
  navigator.serviceWorker?.addEventListener('message', () => void showKept());
  window.addEventListener('online', sendAndShow);
  // A receipt that came back while the page was out of view is shown once it is looked at.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void showKept();
  });
  sendAndShow();
}
