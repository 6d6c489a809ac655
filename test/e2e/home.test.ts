import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { type RunningStack, startLocalStack } from '../support/local-stack';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
let stack: RunningStack;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [stack, chromium] = await Promise.all([startLocalStack(), launchChromium()]);
});

afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

describe('home page through the local gateway', () => {
  it('opens in Vietnamese at /', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 360, height: 740 } });
    const response = await page.goto(`${stack.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.locator('a[href="tel:113"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'home-vi.png'), fullPage: true });
    await page.close();
  });

  it('opens in English at /en/', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 360, height: 740 } });
    const response = await page.goto(`${stack.url}/en/`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.screenshot({ path: join(ARTIFACTS, 'home-en.png'), fullPage: true });
    await page.close();
  });
});
