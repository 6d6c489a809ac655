import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusLabel } from '../../functions/reports/labels';
import { words } from '../../site/src/scripts/officer-text';
import { launchChromium } from '../support/browser';
import { type RunningStack, startLocalStack } from '../support/local-stack';
import { axeViolations, officerPhone, pageWidth } from '../support/officer-browser';
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
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };
/** The province's zone, the browser's too: an officer's phone shows the province's months and days. */
const PROVINCE_ZONE = 'Asia/Ho_Chi_Minh';
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

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `officer-${name}.png`), fullPage: true });

/** A phone whose browser holds a demo officer's token, as the local sign-in leaves it. */
function signedIn(officer: string, viewport: { width: number; height: number }) {
  return officerPhone(chromium.browser, stack.url, officer, viewport);
}

/** A resident's report through the API, as the site's form sends it (with its proof of work). */
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
  return (await response.json()) as { id: string; receipt: string };
}

/** The SMS the local outbox holds about one report, once the dispatcher has sent at least one. */
async function smsAbout(id: string): Promise<{ to: string; body: string }[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { messages } = (await (await fetch(`${stack.url}/_local/sms`)).json()) as {
      messages: { to: string; body: string; reportId?: string }[];
    };
    const about = messages.filter((m) => m.reportId === id);
    if (about.length > 0) return about;
    if (Date.now() > deadline) throw new Error(`no SMS about ${id} in 15 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const SMALL = { width: 360, height: 740 };

/** The figures' mediation table, as the page shows it: disputes, settled, and the share. */
async function mediationFigures(page: Page): Promise<string[]> {
  await page.goto(`${stack.url}/officer/stats/`);
  await page.locator('#figures:not([hidden])').waitFor();
  return page.locator('#table-mediation tbody tr').allInnerTexts();
}

/**
 * The mediation table once it counts any dispute: a report's arrival is counted when the worker
 * dispatches it, after the POST has been answered (the last of its writes, after its SMS).
 */
async function mediationFiguresOnceCounted(page: Page): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await mediationFigures(page);
    if (!rows[0]?.endsWith('\t0')) return rows;
    if (Date.now() > deadline) throw new Error(`no dispute counted in 15 s: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A day on the province's calendar (YYYY-MM-DD), today by default, for the mediation's date. */
const provinceDay = (at = new Date()) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: PROVINCE_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

describe('the officer console', () => {
  it('sends a signed-out browser to the local sign-in', async () => {
    const page = await chromium.browser.newPage({ viewport: PHONE });
    await page.goto(`${stack.url}/officer/`);

    await page.locator('#signed-out:not([hidden])').waitFor();
    expect(await page.locator('#signed-out a').getAttribute('href')).toBe('/_local/sign-in');
    expect(await page.locator('#console').isHidden()).toBe(true);
    // The button loads the sign-in's code only now, and goes to the local sign-in (no Cognito here).
    await page.locator('#sign-in').click();
    await page.waitForURL(`${stack.url}/_local/sign-in`);
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

    const context = await chromium.browser.newContext({ viewport: PHONE, timezoneId: PROVINCE_ZONE });
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
    expect(await page.locator('#who').textContent()).toBe(`${MEDIATOR} · Khu Quang Trung 5A`);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'inbox');

    await page.setViewportSize(DESK);
    const before = await mediationFiguresOnceCounted(page);
    expect(before).toEqual([
      'Tranh chấp, mâu thuẫn\t1',
      'Hòa giải thành\t0',
      'Không thành\t0',
      'Chuyển nơi khác xử lý\t0',
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

    // The form picks nothing: "keep" until the officer chooses, the mediation's fields only with "mediated".
    expect(await page.locator('#status-select').inputValue()).toBe('');
    expect(await page.locator('#mediation').isHidden()).toBe(true);
    // Mediated, settled, with a reply the resident will read and a note they never will.
    await page.locator('#status-select').selectOption('mediated');
    expect(await page.locator('#mediation').isVisible()).toBe(true);
    await page.locator('input[name="outcome"][value="success"]').check();
    await page.locator('#mediator').fill('Lê Thị Hòa');
    await page.locator('#mediatedAt').fill(provinceDay());
    await page.locator('#publicReply').fill(REPLY);
    await page.locator('#internalNote').fill(NOTE);
    await shot(page, 'case-form');
    await page.locator('#save').click();
    await page.locator('#case-status[data-status="mediated"]').waitFor();
    expect(await page.locator('#replies').textContent()).toContain(REPLY);
    expect(await page.locator('#notes').textContent()).toContain(NOTE);
    expect(await page.locator('#timeline').textContent()).toContain('Đã hòa giải xong');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'case-mediated');

    // The resident, on their own phone, with nothing but the receipt.
    const resident = await chromium.browser.newPage({ viewport: PHONE });
    await resident.goto(`${stack.url}/follow-up/`);
    await resident.locator('#receipt-input').fill(receipt);
    await resident.locator('#follow-up-form button[type="submit"]').click();
    await resident.locator('#result:not([hidden])').waitFor();
    expect(await resident.locator('#status').textContent()).toBe('Đã hòa giải xong');
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
      'Chuyển nơi khác xử lý\t0',
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
    const context = await chromium.browser.newContext({ viewport: PHONE, timezoneId: PROVINCE_ZONE });
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
    await page.locator('#opening-done').filter({ hasText: 'Đã ghi 2 thư.' }).waitFor();
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

  it('shows duty in English: my shifts and who is on duty now, places and roles by name, phones as dialled', async () => {
    const { context, page } = await signedIn('UONG-BI-CA1', PHONE);

    await page.goto(`${stack.url}/en/officer/duty/`);
    await page.locator('#on-duty li').first().waitFor();

    const ward = page.locator('#on-duty li').first();
    expect(await ward.locator('.name').first().textContent()).toBe('Uông Bí ward');
    expect(await ward.locator('a .role').first().textContent()).toBe('Uông Bí police');
    // One of the ward's two police officers is on duty, by day or by night.
    expect(['0900 000 040', '0900 000 041']).toContain(await ward.locator('a .phone').first().textContent());
    expect(await page.locator('#shifts tbody tr').count()).toBeGreaterThan(0);
    // An English page marks Vietnamese names for screen readers: the officer's, the shift's place.
    expect(await ward.locator('a .name').first().getAttribute('lang')).toBe('vi');
    expect(await page.locator('#shifts tbody td:first-child span').first().getAttribute('lang')).toBe('vi');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'duty-en');
    await context.close();
  });

  it('saves a note alone on a resolved case without closing it, and asks for something when there is nothing to save', async () => {
    const { id } = await fileReport('UONG-BI-QT5A', 'noise', 'Quán karaoke mở nhạc to quá 23 giờ.');
    const { context, page, token } = await signedIn('UONG-BI-CA1', SMALL);
    await page.goto(`${stack.url}/officer/report/?id=${id}`);
    await page.locator('#case:not([hidden])').waitFor();

    // A new noise case (mediable) opens on "keep", without the mediation's fields.
    expect(await page.locator('#status-select').inputValue()).toBe('');
    expect(await page.locator('#mediation').isHidden()).toBe(true);
    await page.locator('#take-button').click();
    await page.locator('#case-status[data-status="acknowledged"]').waitFor();
    await page.locator('#status-select').selectOption('resolved');
    expect(await page.locator('#mediation').isHidden()).toBe(true);
    await page.locator('#save').click();
    await page.locator('#case-status[data-status="resolved"]').waitFor();

    // Only a note: the form still says "keep", and the case stays resolved.
    expect(await page.locator('#status-select').inputValue()).toBe('');
    const note = 'Đã nhắc chủ quán lần hai, cam kết tắt nhạc trước 22 giờ.';
    await page.locator('#internalNote').fill(note);
    await page.locator('#save').click();
    await page.locator('#notes li', { hasText: note }).waitFor();
    expect(await page.locator('#case-status').getAttribute('data-status')).toBe('resolved');
    expect(await page.locator('#status-select').inputValue()).toBe('');
    const view = (await (
      await fetch(`${stack.url}/api/officer/reports/${id}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { report: { status: string }; timeline: { status: string }[]; notes: { text: string }[] };
    expect(view.report.status).toBe('resolved');
    expect(view.timeline.map((step) => step.status)).not.toContain('closed');
    expect(view.notes.map((n) => n.text)).toEqual([note]);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'case-note-only');

    // Nothing chosen, nothing written: the form says what to do, beside the status.
    await page.locator('#save').click();
    await page.locator('#err-status:not([hidden])').waitFor();
    expect(await page.locator('#err-status').textContent()).toBe(
      'Chọn tình trạng mới, hoặc viết trả lời hay ghi chú.',
    );
    expect(await page.locator('#case-status').getAttribute('data-status')).toBe('resolved');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('tells the officer who took a report from the SMS link that they did, and links its case in the console', async () => {
    const { id } = await fileReport('UONG-BI-QT5A', 'theft', 'Mất trộm xe máy trước cửa nhà số 12.');
    const [sms] = await smsAbout(id);
    const link = /(\S+\/api\/ack\/\S+)$/.exec(sms?.body ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
    const { context, page } = await signedIn('UONG-BI-CA1', SMALL);

    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Tin báo mới');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('form button[type=submit]').click();
    await page.locator('h1', { hasText: 'Bạn đã nhận tin này' }).waitFor();
    const toCase = page.locator(`main a[href="/officer/report/?id=${id}"]`);
    expect(await toCase.count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'ack-taken');

    // Opened again (a second look at the SMS): still theirs, no button, the same link.
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Bạn đã nhận tin này');
    expect(await page.locator('form button').count()).toBe(0);
    expect(await toCase.count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'ack-again');
    const english = await (
      await fetch(link, { headers: { accept: 'text/html', 'accept-language': 'en' } })
    ).text();
    expect(english).toContain('<h1>You have taken this report</h1>');
    expect(english).toContain(`href="/en/officer/report/?id=${id}"`);

    // The link opens the case in the console.
    await toCase.click();
    await page.locator('#case:not([hidden])').waitFor();
    expect(await page.locator('#case-status').getAttribute('data-status')).toBe('acknowledged');
    await context.close();
  });

  it('marks an escalated report and an urgent one in words, and fits the place filter on a 360 px phone', async () => {
    // Hạ Long's police, whose phones no earlier test has texted (a phone texted a lot gets a summary).
    const { id } = await fileReport('HA-LONG-K1', 'theft', 'Có người lạ cạy cửa kho hàng ở ngõ 4.');
    const { context, page, token } = await signedIn('QN-ADMIN', SMALL);
    const dispatched = Date.now() + 15_000;
    for (;;) {
      const view = (await (
        await fetch(`${stack.url}/api/officer/reports/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { notified: unknown[] };
      if (view.notified.length > 0) break;
      if (Date.now() > dispatched) throw new Error(`${id} was not dispatched in 15 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Nobody takes it: past the five minutes of a high-urgency report, the sweep passes it up.
    await fetch(`${stack.url}/_local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMinutes: 6 }),
    });
    const entry = page.locator('#inbox li', { has: page.locator(`a[href="/officer/report/?id=${id}"]`) });
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.goto(`${stack.url}/officer/`);
      await entry.waitFor();
      if ((await entry.locator('.badge.escalated').count()) > 0) break;
      if (Date.now() > deadline) throw new Error('the report was not escalated in 30 s');
      await new Promise((r) => setTimeout(r, 1_000));
    }

    expect(await entry.locator('.badge.escalated').textContent()).toBe(
      `${words('vi').round(2)} · ${statusLabel('escalated', 'vi')}`,
    );
    // A screen reader reads the urgency as a word, not as "exclamation mark".
    const read = await entry.ariaSnapshot();
    expect(read).toContain('Khẩn');
    expect(read).not.toContain('!');
    await page.locator('#filter-area option').nth(1).waitFor({ state: 'attached' });
    expect(await page.locator('#filter-area option').first().textContent()).not.toBe('QN');
    expect(await page.locator('#filter-area option[value="QN"]').textContent()).toBe('Toàn tỉnh Quảng Ninh');
    for (const filter of ['#filter-status', '#filter-area']) {
      const box = await page.locator(filter).boundingBox();
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(SMALL.width);
    }
    expect(await pageWidth(page)).toBeLessThanOrEqual(SMALL.width);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'inbox-360');
    await context.close();
  });

  it("exports the province's cases as CSV for an admin, without the resident's words; an officer is not offered it", async () => {
    const words = 'Xe máy dựng chắn lối đi chung suốt đêm qua, nhờ tổ nhắc giúp.';
    const { id } = await fileReport('UONG-BI-QT5A', 'noise', words);
    const officer = await signedIn('UONG-BI-CA1', PHONE);
    await officer.page.goto(`${stack.url}/officer/stats/`);
    await officer.page.locator('#figures:not([hidden])').waitFor();
    expect(await officer.page.locator('#export').isHidden()).toBe(true);
    await officer.context.close();

    const { context, page, token } = await signedIn('QN-ADMIN', PHONE);
    // The day the stack received it: its clock runs ahead of this one (moved on by a test before).
    const { report } = (await (
      await fetch(`${stack.url}/api/officer/reports/${id}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { report: { createdAt: string } };
    const day = provinceDay(new Date(report.createdAt));
    await page.goto(`${stack.url}/officer/stats/`);
    await page.locator('#export:not([hidden])').waitFor();
    await page.locator('#export-from').fill(day);
    await page.locator('#export-to').fill(day);
    const download = page.waitForEvent('download');
    await page.locator('#export-form button[type="submit"]').click();
    const file = await download;
    const csv = readFileSync((await file.path()) as string, 'utf8');

    expect(file.suggestedFilename()).toBe(`tuquan-cases-${day}-${day}.csv`);
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFcase_id,received_at,commune_code,commune_name,place_code,place_name,category,category_label_vi,urgency,status,settled_at,mediation_outcome,acknowledged_at,minutes_to_acknowledge,escalation_tier,duplicate_of',
    );
    expect(csv).toContain(`\r\n${id},`);
    expect(csv).not.toContain(words);
    expect(await page.locator('#export-status').textContent()).toBe('');
    // A period the API refuses is told in its words, beside the form.
    await page.locator('#export-from').fill('2020-01-01');
    await page.locator('#export-form button[type="submit"]').click();
    await page.locator('#export-status:has-text("366")').waitFor();
    expect(await page.locator('#export-status').textContent()).toBe(
      'Chọn tối đa 366 ngày; ngày đầu không sau ngày cuối.',
    );
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'stats-export');
    await context.close();
  });

  it('draws the figures at 360 px with chart text of at least 12 px, inside the charts', async () => {
    const { context, page } = await signedIn('QN-ADMIN', SMALL);
    await page.goto(`${stack.url}/officer/stats/`);
    await page.locator('#figures:not([hidden]) svg.chart').first().waitFor();

    // Each chart text's font size as rendered: its computed size times the SVG's units-to-pixels scale.
    const texts = await page.evaluate<{ text: string; px: number; inside: boolean; at: number[] }[]>(`
      [...document.querySelectorAll('svg.chart')]
        .filter((svg) => svg.getBoundingClientRect().width > 0)
        .flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          const scale = box.width / svg.viewBox.baseVal.width;
          return [...svg.querySelectorAll('text')].map((text) => {
            const own = text.getBoundingClientRect();
            return {
              text: text.textContent,
              px: Number.parseFloat(getComputedStyle(text).fontSize) * scale,
              // A pixel of slack: a glyph's box may reach a fraction past where its text starts.
              inside: own.left >= box.left - 1 && own.right <= box.right + 1,
              at: [own.left, own.right, box.left, box.right],
            };
          });
        })`);

    await shot(page, 'stats-360');
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.filter((t) => t.px < 12)).toEqual([]);
    expect(texts.filter((t) => !t.inside)).toEqual([]);
    expect(await pageWidth(page)).toBeLessThanOrEqual(SMALL.width);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'stats-360');
    await context.close();
  });
});
