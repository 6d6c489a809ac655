import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATROL_TEXT } from '../../site/src/scripts/officer-text';
import { launchChromium } from '../support/browser';
import { type RunningStack, startLocalStack } from '../support/local-stack';
import { axeViolations, officerPhone, pageWidth } from '../support/officer-browser';
import { proofFrom } from '../support/proof-of-work';

/**
 * Patrols and risk spots in Debian's Chromium against the whole local system: the ward's police
 * officer, on a 360 px phone, adds the market as a risk spot, logs the evening's patrol past it and
 * sees it listed; then names the spot on a theft case, and the inbox marks the case with it; a group's
 * patrol shows in the ward's list, with the group's name.
 * Screenshots go to test-results/screenshots/patrols-*.png.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const SMALL = { width: 360, height: 740 };
const W = PATROL_TEXT.vi;
const SPOT = 'Chợ Uông Bí';
const NOTES = 'Nhắc các quầy hàng khóa xe cẩn thận; bãi xe phía sau chợ thiếu đèn.';

let stack: RunningStack;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [stack, chromium] = await Promise.all([startLocalStack(), launchChromium()]);
});

afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `patrols-${name}.png`), fullPage: true });

function signedIn(officer: string) {
  return officerPhone(chromium.browser, stack.url, officer, SMALL);
}

async function fileReport(area: string, category: string, description: string) {
  const response = await fetch(`${stack.url}/api/reports`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
      'x-altcha': await proofFrom(stack.url, area),
    },
    body: JSON.stringify({ area, category, description }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

describe('patrols and risk spots in the console', () => {
  it('logs a patrol past a new risk spot from a 360 px phone and lists it', async () => {
    const { context, page } = await signedIn('UONG-BI-CA1');
    await page.goto(`${stack.url}/officer/patrols/`);
    await page.locator('#console:not([hidden])').waitFor();
    await page.locator('#patrols-status', { hasText: W.patrolNone }).waitFor();
    expect(await page.locator('#area').inputValue()).toBe('UONG-BI');
    expect(await axeViolations(page)).toEqual([]);

    // A reason left blank is named beside its box; nothing is added.
    await page.locator('#spot-name').fill(SPOT);
    await page.locator('#spot-save').click();
    await page.locator('#err-spot-reason:not([hidden])').waitFor();
    expect(await page.locator('#spot-reason').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#spot-reason').fill('Trộm xe máy ở bãi gửi xe buổi sáng');
    await page.locator('#spot-save').click();
    await page.locator('#spot-done', { hasText: W.spotAdded }).waitFor();
    const box = page.locator('#spots label', { hasText: SPOT }).locator('input');
    await box.waitFor();

    // The times start as "an hour ago" and "now"; the officer ticks the market and counts the volunteers.
    expect(await page.locator('#startedAt').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await box.check();
    await page.locator('#volunteers').fill('4');
    await page.locator('#notes').fill(NOTES);
    await page.locator('#patrol-save').click();
    await page.locator('#form-done', { hasText: W.patrolSaved }).waitFor();

    const listed = page.locator('#patrols li');
    await listed.first().waitFor();
    expect(await listed.count()).toBe(1);
    expect(await listed.first().textContent()).toContain(W.spotsChecked.replace('{names}', SPOT));
    expect(await listed.first().textContent()).toContain(NOTES);
    expect(await listed.first().textContent()).toContain(W.cameAlong.replace('{n}', '4'));
    expect(await pageWidth(page)).toBeLessThanOrEqual(SMALL.width);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'logged');
    await context.close();
  });

  it("names a case's risk spot on the case page, and the inbox marks the case with it", async () => {
    const { id } = await fileReport('UONG-BI-QT5A', 'theft', 'Mất xe máy ở bãi gửi xe phía sau chợ.');
    const { context, page } = await signedIn('UONG-BI-CA1');
    await page.goto(`${stack.url}/officer/report/?id=${id}`);
    await page.locator('#spot-case:not([hidden])').waitFor();

    await page.locator('#spot').selectOption({ label: SPOT });
    await page.locator('#spot-case-form button[type="submit"]').click();
    await page.locator('#facts dd', { hasText: W.atSpot.replace('{name}', SPOT) }).waitFor();
    expect(await page.locator('#spot').inputValue()).not.toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'case-spot');

    await page.goto(`${stack.url}/officer/`);
    const item = page.locator('#inbox li', { has: page.locator(`a[href*="${id}"]`) });
    await item.waitFor();
    expect(await item.locator('.badge.spot').textContent()).toBe(W.atSpot.replace('{name}', SPOT));
    expect(await pageWidth(page)).toBeLessThanOrEqual(SMALL.width);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'inbox-mark');
    await context.close();
  });

  it("shows a group's patrol in its ward's list, naming the group", async () => {
    const GROUP = 'Khu Quang Trung 5A';
    const group = await signedIn('UONG-BI-QT5A-TT');
    await group.page.goto(`${stack.url}/officer/patrols/`);
    await group.page.locator('#console:not([hidden])').waitFor();
    expect(await group.page.locator('#area').inputValue()).toBe('UONG-BI-QT5A');
    await group.page.locator('#volunteers').fill('7');
    await group.page.locator('#patrol-save').click();
    await group.page.locator('#form-done', { hasText: W.patrolSaved }).waitFor();
    const own = group.page.locator('#patrols li');
    await own.first().waitFor();
    expect(await own.count()).toBe(1);
    expect(await own.first().textContent()).not.toContain(GROUP);
    await group.context.close();

    const { context, page } = await signedIn('UONG-BI-CA1');
    await page.goto(`${stack.url}/officer/patrols/`);
    const listed = page.locator('#patrols li');
    await listed.nth(1).waitFor();

    expect(await listed.count()).toBe(2);
    const theirs = listed.filter({ hasText: GROUP });
    expect(await theirs.count()).toBe(1);
    expect(await theirs.textContent()).toContain(W.cameAlong.replace('{n}', '7'));
    expect(await listed.filter({ hasText: NOTES }).textContent()).not.toContain(GROUP);
    expect(await pageWidth(page)).toBeLessThanOrEqual(SMALL.width);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'ward-list');
    await context.close();
  });
});
