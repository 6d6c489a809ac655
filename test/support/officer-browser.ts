import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const AXE = readFileSync(
  join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
  'utf8',
);

/** axe-core's violations on the page as it stands, each with the nodes it names. */
export async function axeViolations(page: Page): Promise<{ rule: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not block it.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run(): Promise<AxeResults> } };
    const result = await axe.run();
    return result.violations.map((v) => ({ rule: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** The page's width as laid out: wider than the viewport means something sticks out sideways. */
export const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

/**
 * A phone (or desk) set to Vietnamese whose browser holds a demo officer's token, as the local sign-in
 * leaves it: the acknowledge pages answer in the browser's language.
 */
export async function officerPhone(
  browser: Browser,
  url: string,
  officer: string,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page; token: string }> {
  const { token } = (await (
    await fetch(`${url}/_local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ officer }),
    })
  ).json()) as { token: string };
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  // The test runs in Node, the script in the page.
  await context.addInitScript(
    (value) =>
      (
        globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
      ).sessionStorage.setItem('tuquan.idToken', value),
    token,
  );
  return { context, page: await context.newPage(), token };
}
