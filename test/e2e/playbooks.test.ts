import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { type RunningStack, startLocalStack } from '../support/local-stack';
import { axeViolations, officerPhone, pageWidth } from '../support/officer-browser';
import { proofFrom } from '../support/proof-of-work';

/**
 * Playbooks in Debian's Chromium against the whole local system: a domestic-violence report in Khu
 * Quang Trung 5A is texted to Uông Bí's police officer on duty, who opens the SMS link on a 360 px
 * phone, takes the report and reads the first steps, then opens the case and ticks the first step of
 * its checklist. Screenshots go to test-results/screenshots/playbooks-*.png.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const PHONE = { width: 360, height: 740 };
/** Uông Bí's police, by the phone the SMS goes to (roster.csv: one by day, one by night). */
const POLICE: Record<string, { id: string; name: string }> = {
  '+84900000040': { id: 'UONG-BI-CA1', name: 'Vũ Hoàng Giang' },
  '+84900000041': { id: 'UONG-BI-CA2', name: 'Đỗ Văn Hải' },
};
const FIRST_STEPS = [
  'An toàn trước hết: đến nơi cùng một đồng đội, tách người bị bạo lực khỏi người gây bạo lực.',
  'Có người bị thương: gọi 113 và 115, sơ cứu trong lúc chờ.',
  'Nếu người bị bạo lực muốn, đưa họ và trẻ em đến nơi an toàn (nhà người thân, địa chỉ tin cậy của khu dân cư).',
];

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
  page.screenshot({ path: join(SHOTS, `playbooks-${name}.png`), fullPage: true });

/** A phone set to Vietnamese whose browser holds the officer's token, as the local sign-in leaves it. */
function phoneOf(officer: string) {
  return officerPhone(chromium.browser, stack.url, officer, PHONE);
}

/** The first SMS the local outbox holds about one report, once the dispatcher has sent it. */
async function smsAbout(id: string): Promise<{ to: string; body: string }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { messages } = (await (await fetch(`${stack.url}/_local/sms`)).json()) as {
      messages: { to: string; body: string; reportId?: string }[];
    };
    const about = messages.find((m) => m.reportId === id);
    if (about) return about;
    if (Date.now() > deadline) throw new Error(`no SMS about ${id} in 15 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('playbooks', () => {
  it('shows the officer who takes a report on a phone its first steps, and the case page ticks one', async () => {
    const area = 'UONG-BI-QT5A';
    const filed = await fetch(`${stack.url}/api/reports`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
        'x-altcha': await proofFrom(stack.url, area),
      },
      body: JSON.stringify({
        area,
        category: 'domestic_violence',
        description: 'Nghe tiếng đánh nhau và tiếng trẻ khóc ở nhà bên cạnh.',
      }),
    });
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: string };
    const sms = await smsAbout(id);
    const officer = POLICE[sms.to];
    expect(officer).toBeDefined();
    const link = /(\S+\/api\/ack\/\S+)$/.exec(sms.body)?.[1] ?? '';
    const { context, page } = await phoneOf(officer?.id ?? '');

    // Before taking it: the page to decide on, without steps.
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Tin báo mới');
    expect(await page.locator('#first-steps').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('form button[type=submit]').click();
    await page.locator('h1', { hasText: 'Bạn đã nhận tin này' }).waitFor();
    expect(await page.locator('#first-steps').textContent()).toBe('Việc cần làm trước');
    expect(await page.locator('ol.steps li').allInnerTexts()).toEqual(FIRST_STEPS);
    const toCase = page.locator(`main a[href="/officer/report/?id=${id}"]`);
    expect(await toCase.textContent()).toBe('Xem đủ 6 bước và đánh dấu từng bước đã làm trên trang vụ việc.');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'ack-first-steps');

    await toCase.click();
    await page.locator('#checklist:not([hidden])').waitFor();
    expect(await page.locator('#checklist-legend').textContent()).toBe('Đã làm 0/6 bước');
    expect(await page.locator('#checklist input[type=checkbox]').count()).toBe(6);
    expect(await page.getByLabel(`1. ${FIRST_STEPS[0]}`).isChecked()).toBe(false);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'case-checklist');

    await page.getByLabel(`1. ${FIRST_STEPS[0]}`).check();
    await page.locator('#checklist-legend', { hasText: 'Đã làm 1/6 bước' }).waitFor();
    await page.locator('#timeline li', { hasText: 'Đã làm bước 1 của quy trình' }).waitFor();

    expect(await page.getByLabel(`1. ${FIRST_STEPS[0]}`).isChecked()).toBe(true);
    expect(await page.locator('#by-1').textContent()).toMatch(
      new RegExp(`^${officer?.name}, Công an phường Uông Bí · `),
    );
    expect(await page.locator('#checklist-status').textContent()).toBe('Đã lưu.');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'case-ticked');
    await context.close();
  });
});
