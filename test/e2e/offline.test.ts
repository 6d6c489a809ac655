import { createReadStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_TEXT } from '../../functions/forms/copy';
import { messages } from '../../site/src/scripts/text';
import { launchChromium } from '../support/browser';
import { type RunningStack, startLocalStack } from '../support/local-stack';
import { snapshotSite } from '../support/site-snapshot';

/**
 * The site without signal, in Debian's Chromium on a 360×740 phone: visited once online, the service
 * worker keeps the public pages; offline, the report page opens, its place picker searches the kept
 * places, and a report sent is kept on the phone (IndexedDB); when the signal comes back (flapping on
 * and off on the way) it is stored once, its receipt shown once, and follow-up finds it.
 *
 * Which path sends: Background Sync fires on the browser's own idea of the network, which Playwright's
 * offline emulation does not move, so in headless Chromium it may fire at any time or never. The
 * report tests take `registration.sync` away from the pages, so what they prove is the fallback path:
 * the page sends what is kept on the `online` event and whenever a page of the site opens. The
 * suggestion test leaves Background Sync in place: whichever path sends, or both, it is stored once.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PHONE = { width: 360, height: 740 };
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const VI = messages('vi');

let stack: RunningStack;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let site: { url: string; dir: string; server: Server };
let adminToken: string;

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startLocalStack(), launchChromium()]);
  site = await serveSite(await snapshotSite('sw.js'));
  adminToken = await tokenFor('QN-ADMIN');
});

afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
  if (site) {
    await new Promise((resolve) => site.server.close(resolve));
    rmSync(site.dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------------
// Harness

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/**
 * One origin as CloudFront makes it: the snapshot's files, and /api/ and /_local/ passed to the
 * stack. A plain server rather than Playwright's routing, which service workers bypass.
 */
async function serveSite(dir: string): Promise<{ url: string; dir: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/_local/')) {
      const upstream = httpRequest(
        `${stack.url}${req.url}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    let file = join(dir, decodeURIComponent(url.pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    const found = file.startsWith(dir) && existsSync(file) && statSync(file).isFile();
    const served = found ? file : join(dir, '404.html');
    res.writeHead(found ? 200 : 404, {
      'content-type': TYPES[extname(served)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    createReadStream(served).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, dir, server };
}

async function tokenFor(officer: string): Promise<string> {
  const res = await fetch(`${stack.url}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ officer }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** How many reports the officers have whose text is `text` (the admin sees every place). */
async function storedReports(text: string): Promise<number> {
  const res = await fetch(`${stack.url}/api/officer/reports`, {
    headers: { authorization: `Bearer ${adminToken}`, accept: 'application/json' },
  });
  const { reports } = (await res.json()) as { reports: { excerpt: string }[] };
  return reports.filter((r) => r.excerpt === text).length;
}

async function storedSuggestions(text: string): Promise<number> {
  const res = await fetch(`${stack.url}/api/officer/suggestions`, {
    headers: { authorization: `Bearer ${adminToken}`, accept: 'application/json' },
  });
  const { suggestions } = (await res.json()) as { suggestions: { text: string }[] };
  return suggestions.filter((s) => s.text === text).length;
}

/** Waits until `count()` reaches `wanted`, then a little longer, and says what it is then. */
async function settled(count: () => Promise<number>, wanted: number, quietMs = 1_500): Promise<number> {
  const deadline = Date.now() + 20_000;
  while ((await count()) < wanted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, quietMs));
  return count();
}

/** A phone with the service worker allowed; `noSync` takes Background Sync away from its pages. */
async function newPhone(options: { noSync: boolean }): Promise<BrowserContext> {
  const context = await chromium.browser.newContext({
    viewport: PHONE,
    locale: 'vi-VN',
    serviceWorkers: 'allow',
  });
  if (options.noSync) {
    await context.addInitScript(() => {
      const proto = (globalThis as unknown as { ServiceWorkerRegistration?: { prototype: object } })
        .ServiceWorkerRegistration?.prototype;
      if (proto) Reflect.deleteProperty(proto, 'sync');
    });
  }
  return context;
}

/** The first visit, online: the service worker installs, keeps the site, and takes the page over. */
async function visitOnline(page: Page, path: string): Promise<void> {
  await page.goto(`${site.url}${path}`);
  await page.waitForFunction('navigator.serviceWorker.controller !== null', undefined, { timeout: 30_000 });
}

/**
 * Time passing: the browser's HTTP cache forgets the API's answers (they are good for 60 s), so that
 * without signal only what the service worker kept can answer.
 */
async function laterOn(page: Page): Promise<void> {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Network.clearBrowserCache');
  await devtools.detach();
}

/** The records IndexedDB holds for the site (the page's own globals: this file is typed for Node). */
const READ_KEPT = `new Promise((resolve, reject) => {
  const open = indexedDB.open('tuquan-offline', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('kept', { keyPath: 'key' });
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const all = open.result.transaction('kept').objectStore('kept').getAll();
    all.onsuccess = () => {
      open.result.close();
      resolve(all.result);
    };
  };
})`;
function keptOnPhone(page: Page): Promise<{ state: string }[]> {
  return page.evaluate(READ_KEPT) as Promise<{ state: string }[]>;
}

async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run(): Promise<AxeResults> } };
    return (await axe.run()).violations.map((v) => ({
      rule: v.id,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  expect(violations, `axe-core on ${page.url()}`).toEqual([]);
}

/** The picker, searching the places kept on the phone: the ward, then a group under it. */
async function pickOffline(page: Page, ward: string, group: string): Promise<void> {
  await page.locator('#area-q').fill('uong bi');
  await page.locator('#area-status', { hasText: VI.fromPhone }).waitFor();
  await page.locator('#area-list button', { hasText: ward }).first().click();
  await page.locator('#narrow-list button', { hasText: group }).click();
  expect(await page.locator('#area-name').textContent()).toBe(`${group}, ${ward}`);
}

let texts = 0;
const uniqueText = (what: string) => `${what} #${++texts} ${Date.now()}`;

/** Offline: the report page opens from the phone, is filled in from kept data and sent; it is kept. */
async function reportOffline(page: Page, context: BrowserContext): Promise<string> {
  await visitOnline(page, '/report/');
  await context.setOffline(true);
  await page.reload();
  expect(await page.locator('h1').textContent()).toBe(FORM_TEXT.reportTitle.vi);
  await pickOffline(page, 'Uông Bí', 'Khu Quang Trung 5A');
  await page.locator('#category option').nth(1).waitFor({ state: 'attached' });
  await page.locator('#category').selectOption('theft');
  const text = uniqueText('Mất xe máy ở bãi gửi xe chợ, không có sóng');
  await page.locator('#description').fill(text);
  await page.locator('#report-form button[type=submit]').click();
  await page.locator('#form-error', { hasText: VI.keptForm }).waitFor();
  await page.locator('#kept li').first().waitFor();
  return text;
}

/** The signal comes and goes `times` times, then stays. */
async function flap(context: BrowserContext, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await context.setOffline(false);
    await new Promise((r) => setTimeout(r, 40 + 30 * i));
    await context.setOffline(true);
    await new Promise((r) => setTimeout(r, 60));
  }
  await context.setOffline(false);
}

// ---------------------------------------------------------------------------------------------------

describe('a report written without signal (the fallback path: the page sends on "online" and on opening)', () => {
  it('opens offline, is kept on the phone, is stored once through a flapping signal, its receipt shows once, and follow-up finds it', async () => {
    const context = await newPhone({ noSync: true });
    try {
      const page = await context.newPage();
      const keys = new Set<string | undefined>();
      let posts = 0;
      context.on('request', (request) => {
        if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/api/reports') return;
        posts++;
        keys.add(request.headers()['idempotency-key']);
      });

      const text = await reportOffline(page, context);
      expect(await page.locator('#kept li p').first().textContent()).toContain(VI.report);
      expect(await keptOnPhone(page)).toEqual([
        expect.objectContaining({ state: 'waiting', fields: expect.objectContaining({ description: text }) }),
      ]);
      await expectAccessible(page);

      // Another page of the site, still without signal: it opens from the phone and says what waits.
      await page.goto(`${site.url}/`);
      await page.locator('#kept li', { hasText: VI.keptDelete }).waitFor();
      expect(await page.locator('#act-report').isVisible()).toBe(true);
      await expectAccessible(page);

      await flap(context, 6);
      const receipt = page.locator('#kept .receipt');
      await receipt.waitFor({ timeout: 30_000 });
      expect(await receipt.textContent()).toMatch(RECEIPT);
      const code = (await receipt.textContent()) ?? '';
      await expectAccessible(page);

      expect(await settled(() => storedReports(text), 1)).toBe(1);
      expect(posts).toBeGreaterThanOrEqual(1);
      expect(keys.size).toBe(1);
      expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
      // Shown once: gone from the phone as it was shown, and the next page says nothing.
      expect(await keptOnPhone(page)).toEqual([]);
      await page.reload();
      await page.locator('#act-report').waitFor();
      expect(await page.locator('#kept').isHidden()).toBe(true);

      await page.goto(`${site.url}/follow-up/`);
      await page.locator('#receipt-input').fill(code);
      await page.locator('#follow-up-form button[type=submit]').click();
      await page.locator('#result').waitFor();
      expect(await page.locator('#result-title').textContent()).toBe(VI.report);
    } finally {
      await context.close();
    }
  });

  it('deleted from the phone before the signal returns, it is never sent nor stored', async () => {
    const context = await newPhone({ noSync: true });
    try {
      const page = await context.newPage();
      let posts = 0;
      const text = await reportOffline(page, context);
      context.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/reports') posts++;
      });

      await page.locator('#kept button', { hasText: VI.keptDelete }).click();
      await page.locator('#kept [role=status]', { hasText: VI.keptDeleted }).waitFor();
      expect(await keptOnPhone(page)).toEqual([]);
      expect(await page.locator('#kept li').count()).toBe(0);
      await expectAccessible(page);

      await context.setOffline(false);
      await page.goto(`${site.url}/`);
      await page.locator('#act-report').waitFor();
      // The page opened online and sent what was kept: nothing. A few seconds more for any late sender.
      expect(await settled(() => storedReports(text), 0, 3_000)).toBe(0);
      expect(posts).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('refused by the API when the signal returns, it is not sent again: the resident opens the form filled in again', async () => {
    const context = await newPhone({ noSync: true });
    try {
      const page = await context.newPage();
      const text = await reportOffline(page, context);
      // The place was removed from the province meanwhile: what the phone kept names an unknown place.
      await page.evaluate(`new Promise((resolve) => {
        const open = indexedDB.open('tuquan-offline', 1);
        open.onsuccess = () => {
          const store = open.result.transaction('kept', 'readwrite').objectStore('kept');
          const all = store.getAll();
          all.onsuccess = () => {
            const kept = all.result[0];
            kept.body.area = 'NO-SUCH-PLACE';
            store.put(kept).onsuccess = () => resolve();
          };
        };
      })`);
      let posts = 0;
      context.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/reports') posts++;
      });

      await page.goto(`${site.url}/`);
      await context.setOffline(false);
      const reopen = page.locator('#kept a', { hasText: VI.keptReopen });
      await reopen.waitFor({ timeout: 30_000 });
      expect(await keptOnPhone(page)).toEqual([expect.objectContaining({ state: 'refused' })]);
      await expectAccessible(page);
      // Opening pages again does not send it again.
      const refusedAfter = posts;
      await page.reload();
      await reopen.waitFor();
      await page.reload();
      await reopen.waitFor();
      expect(refusedAfter).toBeGreaterThanOrEqual(1);
      expect(posts).toBe(refusedAfter);

      await reopen.click();
      await page.waitForURL(`${site.url}/report/`);
      await page.locator('#area-chosen').waitFor();
      expect(await page.locator('#area-name').textContent()).toBe('Khu Quang Trung 5A, Uông Bí');
      expect(await page.locator('#description').inputValue()).toBe(text);
      await page.locator('#category option').nth(1).waitFor({ state: 'attached' });
      expect(await page.locator('#category').inputValue()).toBe('theft');
      expect(await keptOnPhone(page)).toEqual([]);
      expect(await storedReports(text)).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('a suggestion written without signal (Background Sync left on: whichever path sends)', () => {
  it('is kept, solves the proof of work when sent, is stored once through a flapping signal, and the open form shows its receipt', async () => {
    const context = await newPhone({ noSync: false });
    try {
      const page = await context.newPage();
      // Online once: the suggestion page, the place chosen, its boxes (the phone keeps that answer).
      await visitOnline(page, '/suggestion/');
      await page.locator('#area-q').fill('uong bi');
      await page.locator('#area-list button', { hasText: 'Uông Bí' }).first().click();
      await page.locator('#narrow-list button', { hasText: 'Khu Quang Trung 5A' }).click();
      await page.locator('#boxes input').first().waitFor();

      await laterOn(page);
      await context.setOffline(true);
      await page.reload();
      await pickOffline(page, 'Uông Bí', 'Khu Quang Trung 5A');
      await page.locator('#boxes input').first().waitFor();
      await page.locator('#boxes input').first().check();
      const text = uniqueText('Đề nghị lắp đèn ở ngõ 12, viết lúc mất sóng');
      await page.locator('#text').fill(text);
      await page.locator('#suggestion-form button[type=submit]').click();
      await page.locator('#form-error', { hasText: VI.keptForm }).waitFor();
      await page.locator('#kept li').first().waitFor();
      expect(await page.locator('#kept li p').first().textContent()).toContain(VI.suggestion);
      await expectAccessible(page);

      await flap(context, 6);
      await page.locator('#done').waitFor({ timeout: 60_000 });
      const code = (await page.locator('#receipt').textContent()) ?? '';
      expect(code).toMatch(RECEIPT);
      expect(await settled(() => storedSuggestions(text), 1)).toBe(1);
      expect(await keptOnPhone(page)).toEqual([]);
      await expectAccessible(page);

      await page.goto(`${site.url}/follow-up/`);
      expect(await page.locator('#kept').isHidden()).toBe(true);
      await page.locator('#receipt-input').fill(code);
      await page.locator('#follow-up-form button[type=submit]').click();
      await page.locator('#status[data-status="received"]').waitFor();
      expect(await page.locator('#result-title').textContent()).toBe(VI.suggestion);
    } finally {
      await context.close();
    }
  });
});

describe('what the service worker keeps', () => {
  it('only the public pages, their files and the kept API answers: never the officer console or another API answer', async () => {
    const context = await newPhone({ noSync: true });
    try {
      const page = await context.newPage();
      await visitOnline(page, '/');
      await page.goto(`${site.url}/officer/`);
      await page.evaluate(`fetch('/api/health').then((r) => r.text())`);
      await page.goto(`${site.url}/contacts/`);
      await page.locator('#area-q').fill('uong bi');
      await page.locator('#area-list button', { hasText: 'Uông Bí' }).first().click();
      await page.locator('#contacts li').first().waitFor();

      const kept = (await page.evaluate(`(async () => {
        const urls = [];
        for (const name of await caches.keys()) {
          for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
        }
        return urls;
      })()`)) as string[];

      expect(kept.filter((path) => /officer|^\/_local\//.test(path))).toEqual([]);
      expect([...new Set(kept.filter((path) => path.startsWith('/api/')))].sort()).toEqual([
        '/api/areas/all',
        '/api/categories',
        '/api/contacts',
      ]);
      expect(kept).toEqual(expect.arrayContaining(['/', '/report/', '/en/suggestion/', '/site.css']));

      await laterOn(page);
      await context.setOffline(true);
      const officer = await page.goto(`${site.url}/officer/`).then(
        () => 'opened',
        () => 'no signal',
      );
      expect(officer).toBe('no signal');
    } finally {
      await context.close();
    }
  });
});

describe('the contacts page without signal', () => {
  it('shows the numbers last fetched for a place, with their date, and always 113, 114 and 115', async () => {
    const context = await newPhone({ noSync: true });
    try {
      const page = await context.newPage();
      await visitOnline(page, '/contacts/');
      await page.locator('#area-q').fill('uong bi');
      await page.locator('#area-list button', { hasText: 'Uông Bí' }).first().click();
      await page.locator('#contacts li').first().waitFor();
      const online = await page.locator('#contacts li').allTextContents();

      await laterOn(page);
      await context.setOffline(true);
      await page.reload();
      expect(
        await page.locator('.tels a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
      ).toEqual(['tel:113', 'tel:114', 'tel:115']);
      await page.locator('#area-q').fill('uong bi');
      await page.locator('#area-list button', { hasText: 'Uông Bí' }).first().click();
      await page.locator('#contacts li').first().waitFor();
      expect(await page.locator('#contacts li').allTextContents()).toEqual(online);
      const today = new Intl.DateTimeFormat('vi-VN', {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }).format(new Date());
      expect(await page.locator('#contacts-status').textContent()).toContain(VI.keptNumbers(today));
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});
