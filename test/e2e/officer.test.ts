import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { type RunningStack, startLocalStack } from '../support/local-stack';
import { proofFrom } from '../support/proof-of-work';

/**
 * The officer console in Debian's Chromium against the whole local system (`npm start`'s main.ts):
 * a resident reports a quarrel between neighbours → a demo mediator signs in locally → takes the
 * report → records a successful mediation with a reply for the resident and an internal note → the
 * resident's follow-up shows the reply (never the note) → the figures count one more dispute settled.
 * Screenshots go to test-results/screenshots/officer-*.png.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };
const MEDIATOR = 'Hòa giải viên Khu Quang Trung 5A';
const REPLY = 'Tổ hòa giải đã gặp hai gia đình; hai bên thống nhất giữ yên lặng sau 22 giờ.';
const NOTE = 'Nhà số 14 đã được nhắc lần thứ hai.';

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

async function axeViolations(page: Page): Promise<{ rule: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not block it.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run(): Promise<AxeResults> } };
    const result = await axe.run();
    return result.violations.map((v) => ({ rule: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `officer-${name}.png`), fullPage: true });

/** The figures' mediation table, as the page shows it: disputes, settled, and the share. */
async function mediationFigures(page: Page): Promise<string[]> {
  await page.goto(`${stack.url}/officer/stats/`);
  await page.locator('#figures:not([hidden])').waitFor();
  return page.locator('#table-mediation tbody tr').allInnerTexts();
}

/** Today on the province's calendar, for the mediation's date. */
const provinceToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

describe('the officer console', () => {
  it('sends a signed-out browser to the local sign-in', async () => {
    const page = await chromium.browser.newPage({ viewport: PHONE });
    await page.goto(`${stack.url}/officer/`);

    await page.locator('#signed-out:not([hidden])').waitFor();
    expect(await page.locator('#signed-out a').getAttribute('href')).toBe('/_local/sign-in');
    expect(await page.locator('#console').isHidden()).toBe(true);
    await page.close();
  });

  it('takes a new dispute, mediates it, the resident reads the reply, and the figures count it', async () => {
    const report = await fetch(`${stack.url}/api/reports`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
        // The demo province asks reports for a proof of work: solved here as the site's page does.
        'x-altcha': await proofFrom(stack.url, 'UONG-BI-QT5A'),
      },
      body: JSON.stringify({
        area: 'UONG-BI-QT5A',
        category: 'neighbour_dispute',
        description: 'Hai nhà hàng xóm cãi nhau to tiếng vì tiếng chó sủa ban đêm.',
      }),
    });
    expect(report.status).toBe(201);
    const { id, receipt } = (await report.json()) as { id: string; receipt: string };

    const context = await chromium.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The local sign-in page has no icon of its own: the browser's guess at /favicon.ico is not ours.
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        errors.push(`${response.status()} ${response.url()}`);
    });

    // Sign in as the demo mediator of Quang Trung 5A: the local page stores the token and opens the inbox.
    await page.goto(`${stack.url}/_local/sign-in`);
    await page.getByRole('button', { name: MEDIATOR }).click();
    await page.waitForURL(`${stack.url}/officer/`);
    const entry = page.locator(`#inbox a[href="/officer/report/?id=${id}"]`);
    await entry.waitFor();
    expect(await page.locator('#who').textContent()).toBe(`${MEDIATOR} · UONG-BI-QT5A`);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'inbox');

    await page.setViewportSize(DESK);
    const before = await mediationFigures(page);
    expect(before).toEqual([
      'Tranh chấp, mâu thuẫn\t1',
      'Hòa giải thành\t0',
      'Không thành\t0',
      'Chuyển cơ quan có thẩm quyền\t0',
      'Tỉ lệ\t0%',
      'Mục tiêu\t70–85%',
    ]);
    await shot(page, 'stats-before');
    await page.setViewportSize(PHONE);

    // Take it: received → acknowledged, as the SMS link would.
    await page.goto(`${stack.url}/officer/`);
    await entry.click();
    await page.locator('#case:not([hidden])').waitFor();
    expect(await page.locator('#case-status').getAttribute('data-status')).toBe('received');
    await page.locator('#take-button').click();
    await page.locator('#case-status[data-status="acknowledged"]').waitFor();
    expect(await page.locator('#take').isHidden()).toBe(true);
    await shot(page, 'case-taken');

    // Mediated, settled, with a reply the resident will read and a note they never will.
    expect(await page.locator('#status-select').inputValue()).toBe('mediated');
    await page.locator('input[name="outcome"][value="success"]').check();
    await page.locator('#mediator').fill('Lê Thị Hòa');
    await page.locator('#mediatedAt').fill(provinceToday());
    await page.locator('#publicReply').fill(REPLY);
    await page.locator('#internalNote').fill(NOTE);
    await shot(page, 'case-form');
    await page.locator('#save').click();
    await page.locator('#case-status[data-status="mediated"]').waitFor();
    expect(await page.locator('#replies').textContent()).toContain(REPLY);
    expect(await page.locator('#notes').textContent()).toContain(NOTE);
    expect(await page.locator('#timeline').textContent()).toContain('Đã hòa giải');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'case-mediated');

    // The resident, on their own phone, with nothing but the receipt.
    const resident = await chromium.browser.newPage({ viewport: PHONE });
    await resident.goto(`${stack.url}/follow-up/`);
    await resident.locator('#receipt-input').fill(receipt);
    await resident.locator('#follow-up-form button[type="submit"]').click();
    await resident.locator('#result:not([hidden])').waitFor();
    expect(await resident.locator('#status').textContent()).toBe('Đã hòa giải');
    expect(await resident.locator('#replies').textContent()).toContain(REPLY);
    expect(await resident.content()).not.toContain(NOTE);
    await shot(resident, 'follow-up');
    await resident.close();

    // One more dispute settled by mediation.
    await page.setViewportSize(DESK);
    const after = await mediationFigures(page);
    expect(after).toEqual([
      'Tranh chấp, mâu thuẫn\t1',
      'Hòa giải thành\t1',
      'Không thành\t0',
      'Chuyển cơ quan có thẩm quyền\t0',
      'Tỉ lệ\t100%',
      'Mục tiêu\t70–85%',
    ]);
    expect(await page.locator('#chart-mediation svg title').textContent()).toContain('Hòa giải thành');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'stats-after');

    // The CSV download carries the same count.
    const download = page.waitForEvent('download');
    await page.locator('#csv').click();
    const csv = readFileSync((await (await download).path()) as string, 'utf8');
    expect(csv).toContain('settled_by_mediation_percent,UONG-BI-QT5A,Khu Quang Trung 5A,,,');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("records a paper box opening in the suggestions inbox, answers its note, and the box's page shows the answer", async () => {
    const context = await chromium.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${stack.url}/_local/sign-in`);
    await page.getByRole('button', { name: 'Vũ Văn Thọ' }).click();
    await page.waitForURL(`${stack.url}/officer/`);
    await page.goto(`${stack.url}/officer/suggestions/`);
    const box = 'G-QN-G-UONG-BI-QT5A';
    await page.locator(`#opening-box option[value="${box}"]`).waitFor({ state: 'attached' });

    await page.locator('#opening-panel summary').click();
    await page.locator('#opening-box').selectOption(box);
    const opened = new Date(Date.now() - 3600_000);
    const local = new Date(opened.getTime() - opened.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.locator('#opening-at').fill(local);
    await page.locator('#opening-by').fill('Vũ Văn Thọ');
    await page.locator('#opening-witnesses').fill('Đỗ Thị Mai\nHoàng Văn Minh');
    await page
      .locator('#opening-entries')
      .fill('Đề nghị lắp thêm đèn đường ở ngõ 3.\n\nCần nhắc các hộ để xe gọn.');
    await page.locator('#opening-form button[type="submit"]').click();
    await page.locator('#opening-done').filter({ hasText: 'Đã ghi nhận 2 thư.' }).waitFor();
    const note = page.locator('#suggestions li', { hasText: 'lắp thêm đèn đường' });
    await note.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'suggestions');

    await note.locator('summary', { hasText: 'Trả lời' }).click();
    await note.locator('textarea').first().fill('Phường đã đưa vào kế hoạch lắp đèn tháng tới.');
    await note.locator('button[type="submit"]').first().click();
    const answered = page.locator('#suggestions li[data-status="answered"]', {
      hasText: 'lắp thêm đèn đường',
    });
    await answered.waitFor();
    await shot(page, 'suggestion-answered');

    const boxPage = (await (
      await fetch(`${stack.url}/api/boxes/${box}`, { headers: { accept: 'application/json' } })
    ).json()) as {
      openings: { entries: { text: string; reply?: string }[] }[];
    };
    expect(boxPage.openings[0]?.entries).toContainEqual({
      text: 'Đề nghị lắp thêm đèn đường ở ngõ 3.',
      reply: 'Phường đã đưa vào kế hoạch lắp đèn tháng tới.',
    });
    await context.close();
  });

  it('shows duty in English: my shifts and who is on duty now', async () => {
    const token = (await (
      await fetch(`${stack.url}/_local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ officer: 'UONG-BI-CA1' }),
      })
    ).json()) as { token: string };
    const context = await chromium.browser.newContext({ viewport: PHONE });
    // As the local sign-in leaves it (the test runs in Node, the script in the page).
    await context.addInitScript(
      (value) =>
        (
          globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
        ).sessionStorage.setItem('tuquan.idToken', value),
      token.token,
    );
    const page = await context.newPage();

    await page.goto(`${stack.url}/en/officer/duty/`);
    await page.locator('#on-duty li').first().waitFor();

    expect(await page.locator('#on-duty li .name').first().textContent()).toBe('Uông Bí');
    expect(await page.locator('#shifts tbody tr').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'duty-en');
    await context.close();
  });
});
