import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startLocalStack } from './local-stack';

/**
 * Pictures of the pages residents and officers meet, on a 360 px phone (320 px for the receipt) and
 * at 1280 px, for a change's before/after record: `npx tsx test/support/screenshots.ts <folder>`.
 * Each picture is taken on its own: a page that changed shape is skipped with a line, not the run.
 */
const out = resolve(process.argv[2] ?? 'test-results/walk');
mkdirSync(out, { recursive: true });
const PHONE = { width: 360, height: 740 };
const NARROW = { width: 320, height: 640 };
const DESK = { width: 1280, height: 800 };
const FORM_MIN_MS = 3_100;

const stack = await startLocalStack();
const chromium = await launchChromium();
const taken: string[] = [];

async function picture(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  taken.push(name);
}

async function phone(js: boolean, viewport = PHONE): Promise<BrowserContext> {
  return chromium.browser.newContext({ viewport, javaScriptEnabled: js, locale: 'vi-VN' });
}

async function step(name: string, walk: () => Promise<void>): Promise<void> {
  try {
    await walk();
  } catch (error) {
    console.log(`skipped ${name}: ${(error as Error).message.split('\n')[0]}`);
  }
}

async function signedIn(officer: string, viewport = PHONE): Promise<BrowserContext> {
  const { token } = (await (
    await fetch(`${stack.url}/_local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ officer }),
    })
  ).json()) as { token: string };
  const context = await chromium.browser.newContext({ viewport, locale: 'vi-VN' });
  await context.addInitScript(
    (value) =>
      (
        globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
      ).sessionStorage.setItem('tuquan.idToken', value),
    token,
  );
  return context;
}

async function outbox(): Promise<{ to: string; body: string }[]> {
  return (
    (await (await fetch(`${stack.url}/_local/sms`)).json()) as { messages: { to: string; body: string }[] }
  ).messages;
}

try {
  for (const [path, name] of [
    ['/', 'home'],
    ['/report/', 'report'],
    ['/about/', 'about'],
    ['/contacts/', 'contacts'],
    ['/follow-up/', 'follow-up'],
    ['/en/', 'home-en'],
  ] as const) {
    await step(name, async () => {
      const context = await phone(true);
      const page = await context.newPage();
      await page.goto(`${stack.url}${path}`);
      await page.waitForLoadState('networkidle');
      await picture(page, `${name}-360`);
      await context.close();
    });
  }

  await step('contacts of a place', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await page.goto(`${stack.url}/api/contacts?area=UONG-BI-QT5A&lang=vi`);
    await picture(page, 'contacts-place-nojs-360');
    await context.close();
  });

  await step('place picker without JavaScript', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await page.goto(`${stack.url}/api/areas?q=Quang%20Trung&lang=vi`);
    await picture(page, 'place-picker-nojs-360');
    await context.close();
  });

  await step('refused form without JavaScript', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await page.goto(`${stack.url}/api/forms/report?area=UONG-BI-QT5A&lang=vi`);
    const openedAt = Date.now();
    await page.locator('#category').selectOption('theft');
    await page.locator('#description').fill('Xe máy bị lấy mất trước cửa nhà lúc 22 giờ.');
    await page.locator('#contactPhone').fill('12345');
    await page.waitForTimeout(Math.max(0, openedAt + FORM_MIN_MS - Date.now()));
    await page.locator('#report-form button[type=submit]').click();
    await page.waitForLoadState('load');
    await picture(page, 'report-refused-nojs-360');
    await context.close();
  });

  await step('errors with JavaScript', async () => {
    const context = await phone(true);
    const page = await context.newPage();
    await page.goto(`${stack.url}/report/`);
    await page.waitForLoadState('networkidle');
    await page
      .locator('#contactPhone')
      .fill('12345')
      .catch(() => undefined);
    await page.locator('form button[type=submit]').first().click();
    await page.waitForTimeout(500);
    await picture(page, 'report-errors-js-360');
    await context.close();
  });

  let receipt = '';
  await step('a theft at night, its receipt and its follow-up', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await page.goto(`${stack.url}/api/forms/report?area=UONG-BI-QT5A&lang=vi`);
    const openedAt = Date.now();
    await page.locator('#category').selectOption('theft');
    await page.locator('#description').fill('Hai thanh niên phá khóa xe máy ở bãi gửi xe chợ.');
    await page.waitForTimeout(Math.max(0, openedAt + FORM_MIN_MS - Date.now()));
    await page.locator('#report-form button[type=submit]').click();
    await page.waitForLoadState('load');
    receipt = ((await page.locator('p.receipt').textContent()) ?? '').trim();
    await picture(page, 'receipt-nojs-360');
    await page.setViewportSize(NARROW);
    await picture(page, 'receipt-nojs-320');
    await page.goto(`${stack.url}/follow-up/`);
    await page.locator('#receipt-input').fill(receipt);
    await page.locator('#follow-up-form button[type=submit]').click();
    await page.waitForLoadState('load');
    await picture(page, 'follow-up-answer-nojs-320');
    await context.close();
  });

  await step('the SMS and the acknowledge page', async () => {
    await new Promise((r) => setTimeout(r, 3_000));
    const messages = await outbox();
    const writeUp = messages.map((m) => `${m.to}\t${m.body}`).join('\n');
    console.log(`SMS in the outbox:\n${writeUp}`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(out, 'sms.txt'), `${writeUp}\n`);
    const link = /(\S+\/api\/ack\/\S+)$/.exec(messages.at(-1)?.body ?? '')?.[1];
    if (!link) throw new Error('no acknowledge link');
    const context = await phone(true);
    const page = await context.newPage();
    await page.goto(link.replace('localhost', '127.0.0.1'));
    await picture(page, 'ack-360');
    await page.locator('form button[type=submit]').click();
    await page.waitForTimeout(1_000);
    await picture(page, 'ack-done-360');
    await context.close();
  });

  for (const [officer, path, name, viewport] of [
    ['UONG-BI-QT5A-HG', '/officer/', 'officer-inbox-360', PHONE],
    ['UONG-BI-CA1', '/officer/', 'officer-inbox-police-360', PHONE],
    ['UONG-BI-CA1', '/officer/stats/', 'officer-stats-360', PHONE],
    ['UONG-BI-CA1', '/officer/duty/', 'officer-duty-360', PHONE],
    ['UONG-BI-CA1', '/officer/', 'officer-inbox-1280', DESK],
  ] as const) {
    await step(name, async () => {
      const context = await signedIn(officer, viewport);
      const page = await context.newPage();
      await page.goto(`${stack.url}${path}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(800);
      await picture(page, name);
      if (name === 'officer-inbox-police-360') {
        const first = page.locator('#inbox a').first();
        if ((await first.count()) > 0) {
          await first.click();
          await page.waitForLoadState('networkidle');
          await page.waitForTimeout(800);
          await picture(page, 'officer-case-360');
        }
      }
      await context.close();
    });
  }
} finally {
  console.log(`${taken.length} pictures in ${out}: ${taken.join(', ')}`);
  await chromium.close();
  await stack.stop();
}
