import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AxeResults } from 'axe-core';
import type { BrowserContext, Page, Request, Response, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_TEXT } from '../../functions/forms/copy';
import { summaryLine } from '../../functions/forms/summary-line';
import { statusLabel } from '../../functions/reports/labels';
import { t } from '../../functions/shared/i18n';
import { idForReceipt } from '../../functions/shared/receipts';
import { fileSecrets } from '../../functions/shared/secrets';
import type { OutboxMessage } from '../../infra/local/local-routes';
import { messages } from '../../site/src/scripts/text';
import { launchChromium } from '../support/browser';
import { type RunningStack, startLocalStack } from '../support/local-stack';
import { snapshotSite } from '../support/site-snapshot';

/**
 * The public site as residents use it, in Debian's Chromium on a 360×740 phone, with JavaScript and
 * without, against one local stack (`npm start`'s main.ts): report → receipt → the officer's SMS → its
 * acknowledge link → follow-up; double taps and retries; contacts; the language switch; axe-core on
 * every page and every state reached. Screenshots go to test-results/screenshots/.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PHONE = { width: 360, height: 740 };
/** Crockford base32 in four groups of four, as the site and the API's receipt page show it. */
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const SITE_PAGES = ['', 'report/', 'suggestion/', 'contacts/', 'follow-up/', 'about/'] as const;
type Lang = 'vi' | 'en';
const LANGS: readonly Lang[] = ['vi', 'en'];

let stack: RunningStack;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let site: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [stack, chromium] = await Promise.all([startLocalStack(), launchChromium()]);
  site = await snapshotSite();
});

afterAll(async () => {
  await copies?.page.context().close();
  await chromium?.close();
  await stack?.stop();
  if (site) rmSync(site, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------
// Harness

// snapshotSite (test/support/site-snapshot.ts): the phones below get the site's files from a copy
// of site/dist, and everything under /api/ and /_local/ from the stack itself.
async function serve(route: Route, options: { blockScripts: boolean; replay?: boolean }): Promise<void> {
  const request = route.request();
  if (options.blockScripts && request.resourceType() === 'script') return route.abort();
  if (options.replay && copies && request.isNavigationRequest() && request.url() === copies.url)
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: copies.html });
  const { pathname } = new URL(request.url());
  if (pathname.startsWith('/api/') || pathname.startsWith('/_local/')) return route.continue();
  // As the gateway (and CloudFront's viewer function) does: /path/ is /path/index.html, else 404.html.
  let file = join(site, decodeURIComponent(pathname));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  const found = file.startsWith(site) && existsSync(file) && statSync(file).isFile();
  return route.fulfill({ status: found ? 200 : 404, path: found ? file : join(site, '404.html') });
}

const sitePath = (lang: Lang, page: string) => `${lang === 'en' ? '/en/' : '/'}${page}`;

/** A URL test for waitForURL: this path with exactly these query parameters, in any order. */
const at = (path: string, query: string) => (url: URL) =>
  url.pathname === path &&
  [...url.searchParams].sort().join('&') === [...new URLSearchParams(query)].sort().join('&');

/**
 * A phone: 360×740, JavaScript on or off, Vietnamese or English. Routing turns Chromium's HTTP cache
 * off, so every load is a cold one. `blockScripts` gives a page as JavaScript-off phones show it
 * (the site has no <noscript>) while leaving axe-core able to run in it.
 */
async function newPhone(options: {
  js: boolean;
  lang?: Lang;
  blockScripts?: boolean;
  /** Serves `copies.html` at `copies.url` (see axeViolationsWithoutJs). */
  replay?: boolean;
  viewport?: { width: number; height: number };
}): Promise<BrowserContext> {
  const context = await chromium.browser.newContext({
    viewport: options.viewport ?? PHONE,
    javaScriptEnabled: options.js,
    locale: options.lang === 'en' ? 'en-GB' : 'vi-VN',
    // Requests a service worker answers bypass routing: these phones are the site without one
    // (test/e2e/offline.test.ts is the site with it).
    serviceWorkers: 'block',
  });
  await context.route('**/*', (route) =>
    serve(route, { blockScripts: options.blockScripts ?? false, replay: options.replay ?? false }),
  );
  return context;
}

/** A fresh phone for one person; closed whatever happens. */
async function onPhone<T>(
  options: { js: boolean; lang?: Lang; viewport?: { width: number; height: number } },
  use: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await newPhone(options);
  try {
    return await use(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

interface Violation {
  rule: string;
  impact: string | null | undefined;
  nodes: string[];
}

async function axeViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, so the pages' CSP (no inline script) does not block it.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run(): Promise<AxeResults> } };
    const result = await axe.run();
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/**
 * axe-core needs script in the page, which a context without JavaScript cannot run (playwright's
 * evaluate never returns there). So the page as it stands (whatever reached it, a form post included)
 * is served again at the same address to a phone whose page scripts are blocked: the same DOM, the
 * same stylesheet, no script of the site's own. One such phone serves the whole file.
 */
let copies: { page: Page; url: string; html: string } | undefined;
async function axeViolationsWithoutJs(page: Page): Promise<Violation[]> {
  const html = await page.content();
  const url = page.url();
  copies ??= {
    page: await (await newPhone({ js: true, blockScripts: true, replay: true })).newPage(),
    url,
    html,
  };
  Object.assign(copies, { url, html });
  await copies.page.goto(url);
  return axeViolations(copies.page);
}

async function expectAccessible(page: Page, js: boolean): Promise<void> {
  const violations = js ? await axeViolations(page) : await axeViolationsWithoutJs(page);
  expect(violations, `axe-core on ${page.url()} (${js ? 'with' : 'without'} JavaScript)`).toEqual([]);
}

async function outbox(): Promise<OutboxMessage[]> {
  const res = await fetch(`${stack.url}/_local/sms`);
  return ((await res.json()) as { messages: OutboxMessage[] }).messages;
}

/**
 * The SMS about one report, once the dispatcher has sent one and then none more about it for a little
 * while (so that every officer's is among them). Only that report's: the sweep may send an earlier
 * test's report, held at a throttled phone, at any moment (a summary names no report).
 */
async function smsAbout(id: string, quietMs = 1_500): Promise<OutboxMessage[]> {
  const deadline = Date.now() + 15_000;
  let seen = 0;
  let since = Date.now();
  for (;;) {
    const about = (await outbox()).filter((m) => m.reportId === id);
    if (about.length !== seen) {
      seen = about.length;
      since = Date.now();
    }
    if (seen > 0 && Date.now() - since >= quietMs) return about;
    if (Date.now() > deadline) throw new Error(`no SMS about ${id} in 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A report post's answer to the page's script: the stored report's id and its receipt. */
interface Answer {
  id: string;
  receipt: string;
}
const isReportPost = (response: Response) =>
  response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/reports';
/** The next answer to a report post the page gets (its request is made after this is called). */
const nextAnswer = async (page: Page): Promise<Answer> =>
  (await (await page.waitForResponse(isReportPost)).json()) as Answer;

/**
 * The id a receipt names, as the stack derives it (functions/shared/receipts.ts) under its own secret:
 * a form's answer is the receipt page, which shows no id.
 */
async function idOfReceipt(receipt: string): Promise<string> {
  const key = await fileSecrets(join(stack.dataDir, 'secret.key')).key('receipt');
  return idForReceipt(key, 'report', receipt);
}

/** The local system's base URL is http://localhost:PORT; the link's token is base64url. */
const ackLinkPattern = () =>
  new RegExp(
    `^${stack.url.replace('127.0.0.1', 'localhost').replaceAll('.', '\\.')}/api/ack/[A-Za-z0-9_-]+$`,
  );

function ackLinkOf(message: OutboxMessage): string {
  const link = /(\S+\/api\/ack\/\S+)$/.exec(message.body)?.[1];
  if (!link) throw new Error(`no acknowledge link in "${message.body}"`);
  return link;
}

/** An officer opens the SMS link on their own phone (in Vietnamese) and presses the one button. */
async function acknowledge(link: string, js: boolean, name: string): Promise<void> {
  await onPhone({ js, lang: 'vi' }, async (page) => {
    expect((await page.goto(link))?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Tin báo mới');
    await shot(page, `${name}-ack`);
    await expectAccessible(page, js);
    await page.locator('form button[type=submit]').click();
    await page.locator('h1', { hasText: 'Bạn đã nhận tin này' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('Bạn đã nhận tin này');
    expect(await page.locator('.status strong').textContent()).toBe(
      'Bạn đã nhận tin này. Người gửi sẽ biết đã có cán bộ nhận.',
    );
    await shot(page, `${name}-acknowledged`);
    await expectAccessible(page, js);
  });
}

/** Descriptions differ from test to test: the same text within 10 minutes is a duplicate. */
let texts = 0;
const uniqueText = (lang: Lang) =>
  `${lang === 'en' ? 'Two men are breaking into parked motorbikes' : 'Có hai thanh niên phá khóa xe máy ở bãi gửi xe'} #${++texts} ${Date.now()}`;

/**
 * A server-rendered form is refused if sent under 3 seconds after it was rendered (its signed form
 * token, abuse/guard.ts): a person takes that long; the tests wait out what is left of it.
 */
const FORM_MIN_MS = 3_100;
async function filledForAWhile(page: Page, openedAt: number): Promise<void> {
  const left = openedAt + FORM_MIN_MS - Date.now();
  if (left > 0) await page.waitForTimeout(left);
}

/** The page script fills the categories from /api/categories after the page has loaded. */
const categoriesLoaded = (page: Page) =>
  page.locator('#category option').nth(1).waitFor({ state: 'attached' });

/** The JavaScript picker: search, choose the ward, then (when offered) a group under it. */
async function pickWithSearch(page: Page, ward: string, group: string): Promise<void> {
  await page.locator('#area-q').fill('uong bi');
  const wardButton = page.locator('#area-list button', { hasText: ward }).first();
  await wardButton.waitFor();
  await wardButton.click();
  expect(await page.locator('#area-name').textContent()).toBe(ward);
  const groupButton = page.locator('#narrow-list button', { hasText: group });
  await groupButton.waitFor();
  await groupButton.click();
  expect(await page.locator('#area-name').textContent()).toBe(`${group}, ${ward}`);
}

/**
 * Fills the report form with JavaScript up to the button (place, category, description). The
 * category says who is texted: tests that wait for SMS pick one whose officers no test before has
 * just texted (each phone gets 1 SMS a minute at the demo's throttle).
 */
async function fillReport(page: Page, lang: Lang, group: string, category = 'theft'): Promise<string> {
  await page.goto(`${stack.url}${sitePath(lang, 'report/')}`);
  await pickWithSearch(page, 'Uông Bí', group);
  await categoriesLoaded(page);
  await page.locator('#category').selectOption(category);
  const text = uniqueText(lang);
  await page.locator('#description').fill(text);
  return text;
}

/**
 * How many lines an element's text takes on screen (its text's client rects, by their top), and
 * whether it fits its box: run in the page.
 */
interface Measured {
  ownerDocument: {
    createRange(): { selectNodeContents(node: unknown): void; getClientRects(): ArrayLike<{ top: number }> };
  };
  scrollWidth: number;
  clientWidth: number;
}
function lineCount(element: Measured): number {
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  const tops = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
  return element.scrollWidth > element.clientWidth ? -1 : tops.size;
}
const NARROW = { width: 320, height: 640 };

// ---------------------------------------------------------------------------------------------------
// Bytes: recorded, not asserted (the budgets are test/build/site-budget.test.ts's job).

interface Load {
  page: string;
  js: boolean;
  requests: number;
  /** The bodies as served locally (uncompressed). */
  raw: number;
  /** The bodies gzipped, roughly what CloudFront sends. */
  gzipped: number;
}
const loads: Load[] = [];

/**
 * Loads a page in a phone without an HTTP cache and records the bodies of every response until the
 * page has loaded (and, with JavaScript, until what its script fetches has come: the network is idle).
 */
async function measuredLoad(page: Page, path: string, js: boolean): Promise<void> {
  const responses: Response[] = [];
  const record = (response: Response) => responses.push(response);
  page.on('response', record);
  const response = await page.goto(`${stack.url}${path}`);
  // With JavaScript, what the page script fetches (the report form's categories) counts too.
  if (js) await page.waitForLoadState('networkidle');
  page.off('response', record);
  expect(response?.status(), path).toBe(path.startsWith('/404') ? 404 : 200);
  let raw = 0;
  let gzipped = 0;
  for (const r of responses) {
    const body = await r.body();
    raw += body.length;
    gzipped += gzipSync(body).length;
  }
  loads.push({ page: path, js, requests: responses.length, raw, gzipped });
}

function bytesTable(): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows = new Map<string, { on?: Load; off?: Load }>();
  for (const load of loads) {
    const row = rows.get(load.page) ?? {};
    row[load.js ? 'on' : 'off'] = load;
    rows.set(load.page, row);
  }
  const cell = (l: Load | undefined) =>
    l ? `${String(l.requests).padStart(2)} req ${kb(l.raw).padStart(8)} ${kb(l.gzipped).padStart(8)}` : '-';
  const width = Math.max(...[...rows.keys()].map((p) => p.length), 4);
  const head = `${'page'.padEnd(width)} | with JS: requests, raw, gzipped | without JS: requests, raw, gzipped`;
  const lines = [...rows].map(([p, r]) => `${p.padEnd(width)} | ${cell(r.on).padEnd(31)} | ${cell(r.off)}`);
  return [head, '-'.repeat(head.length), ...lines].join('\n');
}

// ---------------------------------------------------------------------------------------------------

describe('reporting an incident', () => {
  it('with JavaScript: home → search "uong bi" → group → receipt → SMS → acknowledged → follow-up shows it', async () => {
    await onPhone({ js: true }, async (page) => {
      await page.goto(`${stack.url}/`);
      await page.locator('#act-report').click();
      await page.waitForURL(`${stack.url}/report/`);
      expect(await page.locator('#step-by-step').isHidden()).toBe(true);
      expect(await page.locator('#report-form').isVisible()).toBe(true);

      await page.locator('#area-q').fill('uong bi');
      await page.locator('#area-list button').first().waitFor();
      await shot(page, 'report-js-search');
      await expectAccessible(page, true);
      await page.locator('#area-list button', { hasText: 'Uông Bí' }).first().click();
      await page.locator('#narrow-list button').first().waitFor();
      await shot(page, 'report-js-narrow');
      await expectAccessible(page, true);
      await page.locator('#narrow-list button', { hasText: 'Khu Quang Trung 5A' }).click();
      expect(await page.locator('#area-name').textContent()).toBe('Khu Quang Trung 5A, Uông Bí');

      // Sent empty: every error at once (not the browser's pop-ups, one a try), in the app's words,
      // beside its field and listed at the top, where focus goes.
      await categoriesLoaded(page);
      expect(await page.locator('#picker legend').textContent()).toBe(
        `${FORM_TEXT.where.vi} (${FORM_TEXT.required.vi})`,
      );
      await page.locator('#report-form button[type=submit]').click();
      await page.locator('#error-summary').waitFor();
      expect(await page.locator('#error-list li').allTextContents()).toEqual([
        summaryLine(FORM_TEXT.category.vi, t('vi', 'field.required')),
        summaryLine(FORM_TEXT.description.vi, t('vi', 'field.required')),
      ]);
      expect(await page.locator('#err-category').textContent()).toBe(t('vi', 'field.required'));
      expect(await page.locator('#err-description').textContent()).toBe(t('vi', 'field.required'));
      expect(
        await page.locator('#error-summary').evaluate((el) => el.ownerDocument.activeElement === el),
      ).toBe(true);
      await shot(page, 'report-js-errors');
      await expectAccessible(page, true);

      await page.locator('#category').selectOption('theft');
      await page.locator('#description').fill(uniqueText('vi'));
      const answer = nextAnswer(page);
      await page.locator('#report-form button[type=submit]').click();
      await page.locator('#done').waitFor();
      const receipt = (await page.locator('#receipt').textContent()) ?? '';
      expect(receipt).toMatch(RECEIPT);
      const { id, receipt: answered } = await answer;
      expect(answered).toBe(receipt);
      expect(await page.locator('#report-form').isHidden()).toBe(true);
      await shot(page, 'report-js-receipt');
      await expectAccessible(page, true);

      const sms = await smsAbout(id);
      const ackLink = ackLinkPattern();
      for (const m of sms) {
        expect(m.body).toMatch(
          /^TuQuan QN: Trom cap tai san: Khu Quang Trung 5A, Uong Bi, gui \d\d:\d\d( \d\d\/\d\d)?\. Nhan xu ly: /,
        );
        expect(ackLinkOf(m)).toMatch(ackLink);
      }
      await acknowledge(ackLinkOf(sms[0] as OutboxMessage), true, 'report-js');

      await page.goto(`${stack.url}/follow-up/`);
      await page.locator('#receipt-input').fill(receipt.toLowerCase());
      await page.locator('#follow-up-form button[type=submit]').click();
      await page.locator('#status[data-status="acknowledged"]').waitFor();
      expect(await page.locator('#status').textContent()).toBe(statusLabel('acknowledged', 'vi'));
      const steps = await page.locator('#timeline li').allTextContents();
      expect(steps.at(-1)).toContain(statusLabel('acknowledged', 'vi'));
      expect(steps[0]).toContain(statusLabel('received', 'vi'));
      await shot(page, 'follow-up-js-acknowledged');
      await expectAccessible(page, true);
    });
  });

  it('without JavaScript (in English): step-by-step picker → server form → receipt page → SMS → acknowledged → follow-up page', async () => {
    await onPhone({ js: false, lang: 'en' }, async (page) => {
      await page.goto(`${stack.url}/en/`);
      await page.locator('#act-report').click();
      await page.waitForURL(`${stack.url}/en/report/`);
      expect(await page.locator('#step-by-step').isVisible()).toBe(true);
      expect(await page.locator('#report-form').isHidden()).toBe(true);
      await shot(page, 'report-nojs-en');

      await page.locator('#step-by-step a').click();
      await page.waitForURL(at('/api/areas', 'next=report&lang=en'));
      await shot(page, 'report-nojs-areas');
      await expectAccessible(page, false);
      await page.locator('#q').fill('uong bi');
      await page.locator('form button').click();
      await page.waitForURL(
        (url) => url.pathname === '/api/areas' && url.searchParams.get('q') === 'uong bi',
      );
      await page
        .locator('ul.places li', { hasText: /^Uông Bí/ })
        .locator('a:not(.choose)')
        .click();
      await page.waitForURL(at('/api/areas', 'parent=UONG-BI&lang=en&next=report'));
      await shot(page, 'report-nojs-groups');
      await expectAccessible(page, false);
      await page.getByRole('link', { name: 'Khu Yên Thanh 2', exact: true }).click();
      await page.waitForURL(at('/api/forms/report', 'area=UONG-BI-YT2&lang=en'));
      expect(await page.locator('#area-name').textContent()).toBe('Khu Yên Thanh 2, Uông Bí');
      await shot(page, 'report-nojs-form');
      await expectAccessible(page, false);

      // The form again (never cached: a key and token of its own), filled and sent at once, as a script
      // would: the same form comes back, saying why, with what was typed.
      await page.reload();
      await page.locator('#category').selectOption('theft');
      const text = uniqueText('en');
      await page.locator('#description').fill(text);
      await page.locator('#report-form button[type=submit]').click();
      await page.waitForURL(at('/api/forms/report', ''));
      const refusedAt = Date.now();
      expect(await page.locator('#general-error').textContent()).toBe(t('en', 'error.form_too_fast'));
      expect(await page.locator('#description').inputValue()).toBe(text);
      expect(await page.locator('#category').inputValue()).toBe('theft');
      await shot(page, 'report-nojs-too-fast');
      await expectAccessible(page, false);
      await filledForAWhile(page, refusedAt);
      await page.locator('#report-form button[type=submit]').click();
      await page.locator('p.receipt').waitFor();
      const receipt = (await page.locator('p.receipt').textContent()) ?? '';
      expect(receipt).toMatch(RECEIPT);
      await shot(page, 'report-nojs-receipt');
      await expectAccessible(page, false);

      const sms = await smsAbout(await idOfReceipt(receipt));
      expect(sms[0]?.body).toContain('Trom cap tai san: Khu Yen Thanh 2, Uong Bi, ');
      await acknowledge(ackLinkOf(sms[0] as OutboxMessage), false, 'report-nojs');

      // "Follow up" posts the receipt: the report's page opens at once, the code in no URL.
      await page.locator('#follow-this button').click();
      await page.waitForURL(at('/api/follow-up', ''));
      expect(await page.locator('#about dd').allTextContents()).toEqual([
        'Theft',
        'Khu Yên Thanh 2, Uông Bí',
        expect.stringMatching(/^\d\d\/\d\d\/\d{4}, \d\d:\d\d$/),
      ]);
      expect(await page.locator('h1').textContent()).toBe('Your report');
      expect(await page.locator('p.status strong').textContent()).toBe(statusLabel('acknowledged', 'en'));
      await shot(page, 'follow-up-nojs-acknowledged');
      await expectAccessible(page, false);
    });
  });
});

describe('one report per form, whatever the network or the thumb does', () => {
  /** The idempotency keys of the report posts a page makes. */
  const watchPosts = (page: Page) => {
    const keys: (string | undefined)[] = [];
    page.on('request', (request: Request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/reports')
        keys.push(request.headers()['idempotency-key']);
    });
    return keys;
  };

  it('a double tap on send makes one request and stores one report', async () => {
    await onPhone({ js: true }, async (page) => {
      const keys = watchPosts(page);
      await fillReport(page, 'vi', 'Khu Quang Trung 6', 'noise');
      const answer = nextAnswer(page);
      await page.locator('#report-form button[type=submit]').dblclick();
      await page.locator('#done').waitFor();
      const receipt = (await page.locator('#receipt').textContent()) ?? '';
      expect(receipt).toMatch(RECEIPT);
      const { id, receipt: answered } = await answer;
      expect(answered).toBe(receipt);

      // Its officers are texted about the one report the one request made.
      expect(await smsAbout(id)).not.toEqual([]);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  it('a retry after a lost answer sends the same key and stores one report', async () => {
    await onPhone({ js: true }, async (page) => {
      const keys = watchPosts(page);
      await fillReport(page, 'vi', 'Khu Yên Thanh 2', 'neighbour_dispute');
      // The first answer is lost on the way back: the server stored the report, the phone saw nothing.
      let lost: Promise<Answer> | undefined;
      await page.route('**/api/reports', async (route) => {
        if (lost) return route.continue();
        const response = route.fetch();
        lost = response.then((r) => r.json() as Promise<Answer>);
        await response;
        await route.abort('failed');
      });
      await page.locator('#report-form button[type=submit]').click();
      await page.locator('#form-error').waitFor();
      expect(await page.locator('#description').inputValue()).toMatch(/^Có hai thanh niên/);
      await shot(page, 'report-js-offline');
      await expectAccessible(page, true);

      const retried = nextAnswer(page);
      await page.locator('#report-form button[type=submit]').click();
      await page.locator('#done').waitFor();
      const receipt = (await page.locator('#receipt').textContent()) ?? '';
      expect(receipt).toMatch(RECEIPT);

      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      // Both answers name one stored report, the one its officers are texted about.
      const first = await lost;
      expect(await retried).toEqual(first);
      expect(first?.receipt).toBe(receipt);
      expect(await smsAbout(first?.id ?? '')).not.toEqual([]);
      // The retry got the first report's own receipt back, not a second report taken as its duplicate.
      await page.goto(`${stack.url}/follow-up/`);
      await page.locator('#receipt-input').fill(receipt);
      await page.locator('#follow-up-form button[type=submit]').click();
      await page.locator('#result').waitFor();
      expect(await page.locator('#status').getAttribute('data-status')).toBe('received');
      expect(await page.locator('#duplicate').isHidden()).toBe(true);
      const steps = await page.locator('#timeline li').allTextContents();
      expect(steps).toHaveLength(2);
      // Texted about: to the place's officers, or (their phones at the demo's throttle after the test
      // before, 1 SMS a minute) held for their summary and passed up at once to the ward's.
      expect(
        [statusLabel('dispatched', 'vi'), statusLabel('escalated', 'vi')].some((s) => steps[1]?.includes(s)),
      ).toBe(true);
    });
  });
});

describe('dropping a suggestion', () => {
  it("with JavaScript: the page solves the province's proof of work and shows the receipt; follow-up finds it", async () => {
    await onPhone({ js: true }, async (page) => {
      const posts: { key?: string; altcha: boolean }[] = [];
      page.on('request', (request: Request) => {
        if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/api/suggestions') return;
        const headers = request.headers();
        posts.push({ key: headers['idempotency-key'], altcha: headers['x-altcha'] !== undefined });
      });
      await page.goto(`${stack.url}/`);
      await page.locator('#act-suggestion').click();
      await page.waitForURL(`${stack.url}/suggestion/`);
      expect(await page.locator('#step-by-step').isHidden()).toBe(true);
      await pickWithSearch(page, 'Uông Bí', 'Khu Quang Trung 5A');
      await page.locator('#boxes input').first().waitFor();
      await page.locator('#boxes input').first().check();
      await page.locator('#text').fill(`Đề nghị lắp thêm đèn đường ở ngõ 12, tối quá #${Date.now()}`);
      await page.locator('#topic').selectOption('security');
      await shot(page, 'suggestion-js-form');
      await expectAccessible(page, true);
      await page.locator('#suggestion-form button[type=submit]').click();
      await page.locator('#done').waitFor({ timeout: 30_000 });
      const receipt = (await page.locator('#receipt').textContent()) ?? '';
      expect(receipt).toMatch(RECEIPT);
      // The page solved the proof of work for the chosen place while the text was typed: one post, with it.
      expect(posts.map((p) => p.altcha)).toEqual([true]);
      expect(posts[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
      await shot(page, 'suggestion-js-receipt');
      await expectAccessible(page, true);

      await page.goto(`${stack.url}/follow-up/`);
      await page.locator('#receipt-input').fill(receipt);
      await page.locator('#follow-up-form button[type=submit]').click();
      await page.locator('#status[data-status="received"]').waitFor();
      expect(await page.locator('#result-title').textContent()).toBe(messages('vi').suggestion);
    });
  });

  it('without JavaScript (in English): step-by-step picker → the boxes of the place → receipt page', async () => {
    await onPhone({ js: false, lang: 'en' }, async (page) => {
      await page.goto(`${stack.url}/en/suggestion/`);
      expect(await page.locator('#suggestion-form').isHidden()).toBe(true);
      await page.locator('#step-by-step a').click();
      await page.waitForURL(at('/api/areas', 'next=suggestion&lang=en'));
      await page.locator('#q').fill('uong bi');
      await page.locator('form button').click();
      await page.waitForURL(
        (url) => url.pathname === '/api/areas' && url.searchParams.get('q') === 'uong bi',
      );
      await page
        .locator('ul.places li', { hasText: /^Uông Bí/ })
        .locator('a:not(.choose)')
        .click();
      await page.getByRole('link', { name: 'Khu Quang Trung 5A', exact: true }).click();
      await page.waitForURL(at('/api/forms/suggestion', 'area=UONG-BI-QT5A&lang=en'));
      const openedAt = Date.now();
      expect(await page.locator('#area-name').textContent()).toBe('Khu Quang Trung 5A, Uông Bí');
      expect(await page.locator('#boxes input[type=radio]').count()).toBeGreaterThan(0);
      await page.locator('#boxes input').first().check();
      await page.locator('#text').fill(`The lane behind the market needs a street light #${Date.now()}`);
      await shot(page, 'suggestion-nojs-form');
      await expectAccessible(page, false);
      await filledForAWhile(page, openedAt);
      await page.locator('#suggestion-form button[type=submit]').click();
      await page.waitForURL(at('/api/forms/suggestion', ''));
      expect(await page.locator('h1').textContent()).toBe('Suggestion sent');
      expect(await page.locator('p.receipt').textContent()).toMatch(RECEIPT);
      await shot(page, 'suggestion-nojs-receipt');
      await expectAccessible(page, false);
    });
  });
});

describe("the API's answers to form posts, in Vietnamese, without JavaScript", () => {
  it('a report and its follow-up', async () => {
    await onPhone({ js: false }, async (page) => {
      await page.goto(`${stack.url}/api/forms/report?area=UONG-BI-QT6&lang=vi`);
      const openedAt = Date.now();
      await page.locator('#category').selectOption('fight');
      await page.locator('#description').fill(uniqueText('vi'));
      await filledForAWhile(page, openedAt);
      await page.locator('#report-form button[type=submit]').click();
      await page.waitForURL(at('/api/forms/report', ''));
      expect(await page.locator('h1').textContent()).toBe('Đã gửi tin báo');
      const receipt = (await page.locator('p.receipt').textContent()) ?? '';
      expect(receipt).toMatch(RECEIPT);
      await expectAccessible(page, false);

      expect(await page.locator('#next').textContent()).not.toBe('');
      await page.locator('#follow-this button').click();
      await page.waitForURL(at('/api/follow-up', ''));
      expect(await page.locator('h1').textContent()).toBe('Tin báo của bạn');
      expect(await page.locator('p.status strong').textContent()).toBe('Mới – chưa ai nhận');
      await shot(page, 'follow-up-nojs-vi');
      await expectAccessible(page, false);
    });
  });

  it('a suggestion and its follow-up', async () => {
    await onPhone({ js: false }, async (page) => {
      await page.goto(`${stack.url}/api/forms/suggestion?area=UONG-BI-QT6&lang=vi`);
      const openedAt = Date.now();
      await page.locator('#boxes input').first().check();
      await page.locator('#text').fill(`Xin thêm một buổi tuần tra tối thứ bảy #${Date.now()}`);
      await filledForAWhile(page, openedAt);
      await page.locator('#suggestion-form button[type=submit]').click();
      await page.waitForURL(at('/api/forms/suggestion', ''));
      expect(await page.locator('h1').textContent()).toBe('Đã gửi góp ý');
      const receipt = (await page.locator('p.receipt').textContent()) ?? '';
      expect(receipt).toMatch(RECEIPT);
      await shot(page, 'suggestion-nojs-receipt-vi');
      await expectAccessible(page, false);

      await page.locator('#follow-this button').click();
      await page.waitForURL(at('/api/follow-up', ''));
      expect(await page.locator('h1').textContent()).toBe('Góp ý của bạn');
      expect(await page.locator('p.status strong').textContent()).toBe('Mới – chưa ai đọc');
      await expectAccessible(page, false);
    });
  });

  it('an unknown receipt', async () => {
    await onPhone({ js: false }, async (page) => {
      await page.goto(`${stack.url}/follow-up/`);
      await page.locator('#receipt-input').fill('7KQ2-M9XD-4HTC-W8RB');
      const [answer] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/follow-up'),
        page.locator('#follow-up-form button[type=submit]').click(),
      ]);
      expect(answer.status()).toBe(404);
      await page.waitForLoadState();
      expect(await page.getAttribute('html', 'lang')).toBe('vi');
      expect(await page.locator('[role=alert]').textContent()).not.toBe('');
      await shot(page, 'follow-up-nojs-unknown');
      await expectAccessible(page, false);
    });
  });
});

describe('a form that is not right yet', () => {
  it('without JavaScript: comes back filled in, each error beside its field in words, listed at the top', async () => {
    await onPhone({ js: false }, async (page) => {
      await page.goto(`${stack.url}/api/forms/report?area=UONG-BI-QT6&lang=vi`);
      const openedAt = Date.now();
      await page.locator('#category').selectOption('theft');
      await page.locator('#description').fill('Mất xe');
      await page.locator('#place').fill('Trước cổng chợ "Cũ"');
      await page.locator('#contactPhone').fill('12345');
      await filledForAWhile(page, openedAt);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/forms/report'),
        page.locator('#report-form button[type=submit]').click(),
      ]);
      await page.waitForLoadState();
      const refusedAt = Date.now();

      expect(answer.status()).toBe(400);
      expect(await page.locator('#error-list li').allTextContents()).toEqual([
        summaryLine(FORM_TEXT.description.vi, t('vi', 'field.too_short', { min: 10 })),
        summaryLine(FORM_TEXT.contactPhone.vi, t('vi', 'field.invalid_phone')),
      ]);
      expect(await page.locator('#err-description').textContent()).toBe(
        t('vi', 'field.too_short', { min: 10 }),
      );
      expect(await page.locator('#err-contactPhone').textContent()).toBe(t('vi', 'field.invalid_phone'));
      expect(await page.locator('#err-category').isHidden()).toBe(true);
      expect({
        category: await page.locator('#category').inputValue(),
        description: await page.locator('#description').inputValue(),
        place: await page.locator('#place').inputValue(),
        phone: await page.locator('#contactPhone').inputValue(),
        area: await page.locator('#area-name').textContent(),
      }).toEqual({
        category: 'theft',
        description: 'Mất xe',
        place: 'Trước cổng chợ "Cũ"',
        phone: '12345',
        area: 'Khu Quang Trung 6, Uông Bí',
      });
      expect(await page.content()).not.toContain('contact.phone');
      await shot(page, 'report-nojs-refused');
      await expectAccessible(page, false);

      // Corrected where it says, and sent: the receipt.
      await page.locator('#description').fill(uniqueText('vi'));
      await page.locator('#contactPhone').fill('0912 345 678');
      await filledForAWhile(page, refusedAt);
      await page.locator('#report-form button[type=submit]').click();
      await page.locator('p.receipt').waitFor();
      expect(await page.locator('p.receipt').textContent()).toMatch(RECEIPT);
    });
  });

  it('with JavaScript: says all that is wrong at once, before sending, and each line leads to its field', async () => {
    await onPhone({ js: true }, async (page) => {
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
      });
      await fillReport(page, 'vi', 'Khu Quang Trung 6');
      await page.locator('#description').fill('ngắn');
      await page.locator('#contactPhone').fill('123');

      await page.locator('#report-form button[type=submit]').click();
      await page.locator('#error-summary').waitFor();

      expect(
        await page
          .locator('#report-form')
          .evaluate((form) => (form as unknown as { noValidate: boolean }).noValidate),
      ).toBe(true);
      expect(await page.locator('#error-list li').allTextContents()).toEqual([
        summaryLine(FORM_TEXT.description.vi, t('vi', 'field.too_short', { min: 10 })),
        summaryLine(FORM_TEXT.contactPhone.vi, t('vi', 'field.invalid_phone')),
      ]);
      expect(await page.locator('#err-contactPhone').textContent()).toBe(t('vi', 'field.invalid_phone'));
      expect(await page.locator('#contactPhone').getAttribute('aria-invalid')).toBe('true');
      expect(posts).toEqual([]);
      await shot(page, 'report-js-all-errors');
      await expectAccessible(page, true);
      await page.locator('#error-list a').first().click();
      expect(await page.locator('#description').evaluate((el) => el.ownerDocument.activeElement === el)).toBe(
        true,
      );
    });
  });
});

describe('the receipt', () => {
  it('with JavaScript at 320 px: on one line, says what happens next, and "Follow up" opens on this report', async () => {
    await onPhone({ js: true, viewport: NARROW }, async (page) => {
      await fillReport(page, 'vi', 'Khu Quang Trung 6');
      await page.locator('#report-form button[type=submit]').click();
      await page.locator('#done').waitFor();
      const receipt = (await page.locator('#receipt').textContent()) ?? '';

      expect(receipt).toMatch(RECEIPT);
      expect(await page.locator('#receipt').evaluate(lineCount)).toBe(1);
      expect(await page.locator('#done-next').textContent()).not.toBe('');
      await shot(page, 'receipt-js-320');
      await expectAccessible(page, true);

      await page.locator('#follow-this').click();
      await page.waitForURL(`${stack.url}/follow-up/`);
      await page.locator('#result').waitFor();
      expect(page.url()).toBe(`${stack.url}/follow-up/`);
      expect(await page.locator('#receipt-input').inputValue()).toBe(receipt);
      expect(await page.locator('#about-category').textContent()).toBe('Trộm cắp tài sản');
      expect(await page.locator('#about-place').textContent()).toBe('Khu Quang Trung 6, Uông Bí');
      expect(await page.locator('#about-received time').getAttribute('datetime')).toMatch(
        /^\d{4}-\d\d-\d\dT/,
      );
      expect(await page.locator('#about-occurred').isHidden()).toBe(true);
      // The example code in the hint is never cut either.
      expect(await page.locator('#hint-receipt .code').evaluate(lineCount)).toBe(1);
      await shot(page, 'follow-up-js-carried-320');
      await expectAccessible(page, true);

      // Handed over once: the page opened again starts empty.
      await page.reload();
      expect(await page.locator('#receipt-input').inputValue()).toBe('');
    });
  });

  it('without JavaScript at 320 px: on one line', async () => {
    await onPhone({ js: false, viewport: NARROW }, async (page) => {
      await page.goto(`${stack.url}/api/forms/report?area=UONG-BI-QT6&lang=en`);
      const openedAt = Date.now();
      await page.locator('#category').selectOption('theft');
      await page.locator('#description').fill(uniqueText('en'));
      await filledForAWhile(page, openedAt);
      await page.locator('#report-form button[type=submit]').click();
      await page.locator('p.receipt').waitFor();
      await shot(page, 'receipt-nojs-320');
      const copy = await newPhone({ js: true, blockScripts: true, replay: true, viewport: NARROW });
      try {
        // Measured on the same page served to a phone that runs no page script (see axeViolationsWithoutJs).
        const html = await page.content();
        const measured = await copy.newPage();
        await measured.route(page.url(), (route) =>
          route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
        );
        await measured.goto(page.url());
        expect(await measured.locator('p.receipt').evaluate(lineCount)).toBe(1);
      } finally {
        await copy.close();
      }
    });
  });
});

describe('the step-by-step place picker without JavaScript', () => {
  it('names each place in its link with its level, offers no step down from a khu, and always leads back', async () => {
    await onPhone({ js: false }, async (page) => {
      await page.goto(`${stack.url}/api/areas?next=report&lang=vi`);
      const names = await page.locator('ul.places a.choose').allTextContents();
      expect(names.length).toBeGreaterThan(1);
      expect(new Set(names).size).toBe(names.length);
      expect(new Set(await page.locator('ul.places .kind').allTextContents())).toEqual(
        new Set(['(xã)', '(phường)', '(đặc khu)']),
      );
      expect(await page.locator('#back').count()).toBe(0);
      await shot(page, 'picker-nojs-top');
      await expectAccessible(page, false);

      await page
        .locator('ul.places li', { hasText: /^Uông Bí/ })
        .locator('a:not(.choose)')
        .click();
      await page.waitForURL(at('/api/areas', 'parent=UONG-BI&lang=vi&next=report'));
      expect(await page.locator('#places-title').textContent()).toContain('Uông Bí');
      const groups = await page.locator('ul.places a.choose').allTextContents();
      expect(groups).toContain('Khu Quang Trung 5A');
      // A khu has nothing under it: no link leads to an empty list.
      expect(await page.locator('ul.places a:not(.choose)').count()).toBe(0);
      await shot(page, 'picker-nojs-groups');
      await expectAccessible(page, false);

      await page.locator('p.switch a').click();
      await page.waitForURL(at('/api/areas', 'parent=UONG-BI&lang=en&next=report'));
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.locator('#back').click();
      await page.waitForURL(at('/api/areas', 'lang=en&next=report'));

      await page.locator('#q').fill('khong co noi nay');
      await page.locator('form button').click();
      await page.waitForURL((url) => url.pathname === '/api/areas' && url.searchParams.get('q') !== null);
      expect(await page.locator('ul.places').count()).toBe(0);
      await shot(page, 'picker-nojs-nothing');
      await expectAccessible(page, false);
      await page.locator('#back').click();
      await page.waitForURL(at('/api/areas', 'lang=en&next=report'));
    });
  });
});

describe('following up with JavaScript', () => {
  it('says next to the field that a receipt is unknown, and keeps what was typed', async () => {
    await onPhone({ js: true, lang: 'en' }, async (page) => {
      await page.goto(`${stack.url}/en/follow-up/`);
      await page.locator('#receipt-input').fill('7KQ2-M9XD-4HTC-W8RB');
      await page.locator('#follow-up-form button[type=submit]').click();
      await page.locator('#err-receipt').waitFor();
      expect(await page.locator('#err-receipt').textContent()).toBe(messages('en').receiptUnknown);
      expect(await page.locator('#receipt-input').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#receipt-input').inputValue()).toBe('7KQ2-M9XD-4HTC-W8RB');
      expect(await page.locator('#result').isHidden()).toBe(true);
      await shot(page, 'follow-up-js-unknown');
      await expectAccessible(page, true);
    });
  });
});

/**
 * A report sent without JavaScript with a phone number to call back on, from the server's form: its
 * receipt page is left open at the receipt. Follow-up then offers to remove the number.
 */
async function reportWithPhone(page: Page, lang: Lang): Promise<string> {
  await page.goto(`${stack.url}/api/forms/report?area=UONG-BI-QT6&lang=${lang}`);
  const openedAt = Date.now();
  await page.locator('#category').selectOption('fight');
  await page.locator('#description').fill(uniqueText(lang));
  await page.locator('#contactPhone').fill('0912 345 678');
  await filledForAWhile(page, openedAt);
  await page.locator('#report-form button[type=submit]').click();
  await page.waitForURL(at('/api/forms/report', ''));
  const receipt = (await page.locator('p.receipt').textContent()) ?? '';
  expect(receipt).toMatch(RECEIPT);
  return receipt;
}

describe('removing my contact details (erase)', () => {
  it('without JavaScript: follow-up offers it, a second step confirms, the page says it is done and follow-up says so', async () => {
    await onPhone({ js: false }, async (page) => {
      await reportWithPhone(page, 'vi');
      await page.locator('#follow-this button').click();
      await page.waitForURL(at('/api/follow-up', ''));
      expect(await page.locator('details.erase summary').textContent()).toBe('Xoá thông tin liên hệ của tôi');
      expect(await page.locator('#erase-contact button').isVisible()).toBe(false);
      await expectAccessible(page, false);

      await page.locator('details.erase summary').click();
      expect(await page.locator('details.erase p').textContent()).toBe(
        'Sau khi xoá, cán bộ không thể gọi lại cho bạn nữa. Tin báo vẫn được giữ và xử lý như trước.',
      );
      await shot(page, 'erase-nojs-confirm');
      await page.locator('#erase-contact button').click();
      await page.waitForURL(at('/api/follow-up/erase-contact', ''));
      expect(await page.locator('h1').textContent()).toBe('Đã xoá thông tin liên hệ');
      expect(await page.locator('#erased').textContent()).toBe(
        'Tên và số điện thoại bạn để lại đã được xoá. Cán bộ không còn thấy chúng; tin báo vẫn được giữ.',
      );
      await shot(page, 'erase-nojs-done');
      await expectAccessible(page, false);

      await page.locator('#follow-this button').click();
      await page.waitForURL(at('/api/follow-up', ''));
      expect(await page.locator('#contact-removed').textContent()).toMatch(
        /^Bạn đã rút thông tin liên hệ lúc \d\d:\d\d \d\d\/\d\d\/\d{4}\.$/,
      );
      expect(await page.locator('details.erase').count()).toBe(0);
      await expectAccessible(page, false);
    });
  });

  it('with JavaScript (in English): follow-up offers it, the confirmation removes it in place, and a new look-up says it was withdrawn', async () => {
    const receipt = await onPhone({ js: false, lang: 'en' }, (page) => reportWithPhone(page, 'en'));
    await onPhone({ js: true, lang: 'en' }, async (page) => {
      await page.goto(`${stack.url}/en/follow-up/`);
      await page.locator('#receipt-input').fill(receipt);
      await page.locator('#follow-up-form button[type=submit]').click();
      await page.locator('#contact-given').waitFor();
      expect(await page.locator('#erase summary').textContent()).toBe('Remove my contact details');
      expect(await page.locator('#contact-removed').isHidden()).toBe(true);
      await expectAccessible(page, true);

      await page.locator('#erase summary').click();
      await shot(page, 'erase-js-confirm');
      await expectAccessible(page, true);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/follow-up/erase-contact'),
        page.locator('#erase-form button[type=submit]').click(),
      ]);
      expect([answer.status(), await answer.json(), answer.request().postDataJSON()]).toEqual([
        200,
        { removed: true },
        { receipt },
      ]);
      await page.locator('#contact-removed').waitFor();
      expect(await page.locator('#contact-removed').textContent()).toBe(
        'The name and phone number you left have been removed. Officers no longer see them; the report itself stays.',
      );
      expect(await page.locator('#contact-given').isHidden()).toBe(true);
      expect(
        await page.locator('#contact-removed').evaluate((el) => el.ownerDocument.activeElement === el),
      ).toBe(true);
      await shot(page, 'erase-js-done');
      await expectAccessible(page, true);

      // Coming back later: a fresh look-up of the same receipt.
      await page.goto(`${stack.url}/en/follow-up/`);
      await page.locator('#receipt-input').fill(receipt);
      await page.locator('#follow-up-form button[type=submit]').click();
      await page.locator('#contact-removed', { hasText: 'You withdrew' }).waitFor();
      expect(await page.locator('#contact-removed').textContent()).toMatch(
        /^You withdrew your contact details at \d\d\/\d\d\/\d{4}, \d\d:\d\d\.$/,
      );
      expect(await page.locator('#contact-given').isHidden()).toBe(true);
      await expectAccessible(page, true);
    });
  });
});

describe('finding who to call', () => {
  const WARD_POLICE = 'tel:+842033999102';
  const NATIONAL = ['tel:113', 'tel:114', 'tel:115'];

  it('with JavaScript: "uong bi" lists the ward\'s contacts as tel: links, the national numbers once, above', async () => {
    await onPhone({ js: true }, async (page) => {
      await page.goto(`${stack.url}/`);
      await page.locator('#act-contacts').click();
      await page.waitForURL(`${stack.url}/contacts/`);
      await page.locator('#area-q').fill('uong bi');
      await page.locator('#area-list button', { hasText: 'Uông Bí' }).first().click();
      await page.locator('#contacts li').first().waitFor();
      const links = await page
        .locator('#contacts li a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links).toContain(WARD_POLICE);
      expect(links.filter((href) => NATIONAL.includes(href ?? ''))).toEqual([]);
      // The ward's internal contact (its deputy police chief's own mobile) is never public.
      expect(links).not.toContain('tel:+84900000039');
      // Each national number once on the page, as a tile whose words are never cut ("Công / an").
      const nationalOnPage = await page
        .locator('main a[href^="tel:11"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(nationalOnPage).toEqual(NATIONAL);
      const labelLines = await page.locator('ul.tels a').evaluateAll((tiles) =>
        tiles.map((tile) => {
          // The name after the number: on one line, however the tile lays out the two.
          const name = Array.from(
            tile.childNodes as ArrayLike<{ nodeType: number; textContent: string | null }>,
          ).findLast((n) => n.nodeType === 3 && n.textContent?.trim());
          const range = tile.ownerDocument.createRange();
          if (name) range.selectNodeContents(name);
          return new Set(
            Array.from(range.getClientRects() as ArrayLike<{ top: number }>, (rect) => Math.round(rect.top)),
          ).size;
        }),
      );
      expect(labelLines).toEqual([1, 1, 1]);
      await shot(page, 'contacts-js');
      await expectAccessible(page, true);
    });
  });

  it("without JavaScript: the step-by-step picker leads to the API's contacts page with tel: links", async () => {
    await onPhone({ js: false }, async (page) => {
      await page.goto(`${stack.url}/contacts/`);
      expect(await page.locator('#contacts-finder').isHidden()).toBe(true);
      await page.locator('#step-by-step a').click();
      await page.waitForURL(at('/api/areas', 'next=contacts&lang=vi'));
      await page.locator('#q').fill('uong bi');
      await page.locator('form button').click();
      await page.waitForURL(
        (url) => url.pathname === '/api/areas' && url.searchParams.get('q') === 'uong bi',
      );
      await page.getByRole('link', { name: 'Uông Bí', exact: true }).click();
      await page.waitForURL(at('/api/contacts', 'area=UONG-BI&lang=vi'));
      expect(await page.locator('h1').textContent()).toBe('Số điện thoại cần gọi: Uông Bí');
      const links = await page
        .locator('ul.contacts a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links).toContain(WARD_POLICE);
      expect(links).toEqual(expect.arrayContaining(NATIONAL));
      expect(links).not.toContain('tel:+84900000039');
      await shot(page, 'contacts-nojs');
      await expectAccessible(page, false);
    });
  });
});

describe('the language switch', () => {
  it('keeps the page on every public page, both ways', async () => {
    await onPhone({ js: true }, async (page) => {
      for (const slug of SITE_PAGES) {
        await page.goto(`${stack.url}${sitePath('vi', slug)}`);
        await page.locator('#lang-switch').click();
        await page.waitForURL(`${stack.url}${sitePath('en', slug)}`);
        expect(await page.getAttribute('html', 'lang'), slug).toBe('en');
        await page.locator('#lang-switch').click();
        await page.waitForURL(`${stack.url}${sitePath('vi', slug)}`);
        expect(await page.getAttribute('html', 'lang'), slug).toBe('vi');
      }
    });
  });

  it("keeps the chosen place on the API's report form", async () => {
    await onPhone({ js: false }, async (page) => {
      await page.goto(`${stack.url}/api/forms/report?area=UONG-BI-QT6&lang=vi`);
      await page.locator('p.switch a').click();
      await page.waitForURL(at('/api/forms/report', 'area=UONG-BI-QT6&lang=en'));
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('#area-name').textContent()).toBe('Khu Quang Trung 6, Uông Bí');
    });
  });
});

describe('every public page, as it first loads', () => {
  const SITE = [
    ...LANGS.flatMap((lang) => SITE_PAGES.map((slug) => sitePath(lang, slug))),
    '/404-no-such-page/',
  ];
  // The API's pages run no script at all (their CSP allows none): one pass, without JavaScript.
  const API = LANGS.flatMap((lang) => [
    `/api/areas?next=report&lang=${lang}`,
    `/api/areas?parent=UONG-BI&next=suggestion&lang=${lang}`,
    `/api/forms/report?area=UONG-BI-QT5A&lang=${lang}`,
    `/api/forms/suggestion?area=UONG-BI-QT5A&lang=${lang}`,
    `/api/contacts?area=UONG-BI-QT5A&lang=${lang}`,
  ]);

  /** One phone for the whole sweep (without an HTTP cache, every load is a cold one). */
  async function sweep(js: boolean, paths: string[]): Promise<Record<string, Violation[]>> {
    const context = await newPhone({ js: true, blockScripts: !js });
    const found: Record<string, Violation[]> = {};
    try {
      const page = await context.newPage();
      for (const path of paths) {
        await measuredLoad(page, path, js);
        const slug = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
        await shot(page, `page-${js ? 'js' : 'nojs'}-${slug}`);
        const violations = await axeViolations(page);
        if (violations.length) found[path] = violations;
      }
    } finally {
      await context.close();
    }
    return found;
  }

  it('has no axe-core violation with JavaScript, in Vietnamese and English', async () => {
    expect(await sweep(true, SITE)).toEqual({});
  });

  it("has no axe-core violation without JavaScript, in Vietnamese and English, nor on the API's pages", async () => {
    expect(await sweep(false, [...SITE, ...API])).toEqual({});
  });

  afterAll(() => {
    if (loads.length === 0) return;
    console.log(
      `\nBytes per page load at 360×740, no HTTP cache (recorded, not asserted):\n${bytesTable()}\n`,
    );
  });
});
