import type { PublicArea } from '../../../functions/areas/model';
import type { Lang } from '../i18n';
import type { Fields } from './pure';

/**
 * Reports and suggestions kept on the phone while there is no signal (IndexedDB, shared by the
 * pages and the service worker), each under the idempotency key its form made: however many times it
 * is sent, the server stores it once.
 */
export interface Kept {
  key: string;
  kind: 'report' | 'suggestion';
  url: string;
  body: unknown;
  /** The place, for its proof of work. */
  area?: string;
  /** The place as the picker showed it, to show it again in a form filled in again. */
  place?: PublicArea & { parentName?: string; label: string };
  lang: Lang;
  /** What was typed, to fill the form in again if the API refuses it. */
  fields: Fields;
  savedAt: number;
  /** `sent` holds the receipt until a page has shown it; `refused`, the API's words. */
  state: 'waiting' | 'sent' | 'refused';
  receipt?: string;
  problem?: string;
}

const STORE = 'kept';
let opened: Promise<IDBDatabase> | undefined;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function db(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open('tuquan-offline', 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opened;
}

async function store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await db()).transaction(STORE, mode).objectStore(STORE);
}

export async function keep(kept: Kept): Promise<void> {
  await request((await store('readwrite')).put(kept));
}

/** Everything kept, oldest first. */
export async function allKept(): Promise<Kept[]> {
  const all = await request((await store('readonly')).getAll() as IDBRequest<Kept[]>);
  return all.sort((a, b) => a.savedAt - b.savedAt);
}

export async function forget(key: string): Promise<void> {
  await request((await store('readwrite')).delete(key));
}

/**
 * Records what became of a kept one, in one transaction with the read: one that "delete from this
 * phone" removed meanwhile stays removed.
 */
export async function settle(
  key: string,
  change: Pick<Kept, 'state' | 'receipt' | 'problem'>,
): Promise<void> {
  const kept = await store('readwrite');
  const found = (await request(kept.get(key))) as Kept | undefined;
  if (found) await request(kept.put({ ...found, ...change }));
}
