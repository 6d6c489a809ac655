/*
 * The site's service worker (built into /sw.js by site/offline-build.mjs, which defines VERSION and
 * PRECACHE). It keeps the public pages, their stylesheet and scripts, and a few public answers of the
 * API, so that the site opens without signal once visited; it never touches a POST, the officer
 * console, anything signed in, or any other answer of the API.
 */
import { KEPT_AT } from './api';
import { sendKept } from './offline-send';
import { allKept } from './offline-store';

/** A hash of the built files: every build that changes a file makes a new cache. */
declare const VERSION: string;
/** The public pages and the files they load. */
declare const PRECACHE: string[];

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface SyncEvent extends ExtendableEvent {
  tag: string;
}
interface Scope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; matchAll(): Promise<{ postMessage(message: unknown): void }[]> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
}

const sw = self as unknown as Scope;
const SITE = `tuquan-site-${VERSION}`;
/** Kept across versions: the places, the kinds of incident, and the contacts and boxes of places looked up. */
const DATA = 'tuquan-data';
const KEPT_API = /^\/api\/(areas\/all|categories|contacts|boxes)$/;
const NEVER = /^\/(en\/)?officer(\/|$)|^\/_local\//;
/** Past this, a slow network loses to the kept copy (the fetch still refreshes it for next time). */
const TIMEOUT_MS = 4000;

const precached = new Set(PRECACHE);

// A version whose files cannot all be kept is not installed (the browser tries again on a later visit),
// so the old one stays whole; the places and kinds of incident are a bonus, fetched again when used.
sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SITE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() =>
        Promise.all(
          ['/api/areas/all', '/api/categories'].map((url) =>
            refresh(new Request(url)).catch(() => undefined),
          ),
        ),
      )
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('tuquan-site-') && name !== SITE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin || NEVER.test(url.pathname)) return;
  if (request.headers.has('authorization')) return;
  if (url.pathname.startsWith('/api/')) {
    // Only the script's JSON answers: the API's own pages (no JavaScript) always come fresh.
    if (request.mode !== 'navigate' && KEPT_API.test(url.pathname)) event.respondWith(data(request, url));
    return;
  }
  if (request.mode === 'navigate') event.respondWith(page(request, url));
  // Only the public pages' own files: the officer console's scripts are never kept.
  else if (precached.has(url.pathname)) event.respondWith(file(request));
});

// Background Sync, where the browser has it: the phone found signal, even with no page of the site open.
sw.addEventListener('sync', (event) => {
  if (event.tag !== 'tuquan-kept') return;
  event.waitUntil(
    sendKept().then(async () => {
      for (const client of await sw.clients.matchAll()) client.postMessage('kept');
      // Still waiting (no signal after all, or the server busy): the browser tries again later.
      if ((await allKept()).some((kept) => kept.state === 'waiting')) throw new Error('still waiting');
    }),
  );
});

const timeout = () => new Promise<undefined>((resolve) => setTimeout(resolve, TIMEOUT_MS, undefined));

/** Network first, so that an updated site replaces the kept one at once; the kept page without signal. */
async function page(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(SITE);
  const network = fetch(request).then((response) => {
    if (response.ok && !response.redirected) void cache.put(url.pathname, response.clone());
    return response;
  });
  const fresh = await Promise.race([network.catch(() => undefined), timeout()]);
  return fresh ?? (await cache.match(url.pathname)) ?? network;
}

/** The files of this version: in one version, the same name is the same content. */
async function file(request: Request): Promise<Response> {
  const cache = await caches.open(SITE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) void cache.put(request, response.clone());
  return response;
}

/** A kept answer's key: its URL, and for contacts the language (the national numbers' roles are in it). */
function keyOf(request: Request): string {
  const url = new URL(request.url);
  if (url.pathname === '/api/contacts')
    url.searchParams.set('lang', request.headers.get('accept-language') ?? '');
  return url.href;
}

async function refresh(request: Request): Promise<Response> {
  const response = await fetch(request);
  if (response.ok) {
    const headers = new Headers(response.headers);
    headers.set(KEPT_AT, new Date().toISOString());
    const copy = new Response(await response.clone().arrayBuffer(), { status: response.status, headers });
    await (await caches.open(DATA)).put(keyOf(request), copy);
  }
  return response;
}

/**
 * The places copy answers from the phone at once and is refreshed behind; the others go to the
 * network first and fall back to the copy last fetched, which says when that was.
 */
async function data(request: Request, url: URL): Promise<Response> {
  const kept = await (await caches.open(DATA)).match(keyOf(request));
  const network = refresh(request);
  if (url.pathname === '/api/areas/all' && kept) {
    network.catch(() => undefined);
    return kept;
  }
  const fresh = await Promise.race([network.catch(() => undefined), timeout()]);
  return fresh ?? kept ?? network;
}
