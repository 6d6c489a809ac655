import { beforeAll, describe, expect, it, vi } from 'vitest';

// The demo province as it is: a server-rendered form's post carries its signed token.
vi.hoisted(() => {
  const demo = JSON.parse(process.env.TUQUAN_PROVINCE ?? '{}');
  process.env.TUQUAN_PROVINCE = JSON.stringify({ ...demo, challengeRoutes: ['reports', 'suggestions'] });
});

import { FORM_TEXT } from '../../functions/forms/copy';
import { handler as reportFormHandler } from '../../functions/forms/report.handler';
import { handler as reportPostHandler } from '../../functions/forms/report-post.handler';
import { handler as suggestionFormHandler } from '../../functions/forms/suggestion.handler';
import { handler as suggestionPostHandler } from '../../functions/forms/suggestion-post.handler';
import { summaryLine } from '../../functions/forms/summary-line';
import { readFormToken } from '../../functions/shared/form-token';
import { t } from '../../functions/shared/i18n';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { controls, tags, textOf } from '../support/site-html';
import { testStore } from '../support/store';
import { arrangeProvince, FORM_HEADERS, itemsOfType, JSON_HEADERS, post } from './reports-arrange';
import { arrangeBoxes, freshClient, GROUP_BOX, WARD_BOX } from './suggestions-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });
const wait = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const HTML = { accept: 'text/html' };

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The hidden and text fields of a form of the page, as a browser would post them untouched. */
function fieldsOf(page: string, formId: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*id="${formId}"[^>]*>([\\s\\S]*?)</form>`).exec(page)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const c of controls(form))
    if (c.name && c.type !== 'radio' && c.tag === 'input') fields[c.name] = unescapeHtml(c.value ?? '');
  return fields;
}

/** The error summary's lines: where each leads and what it says. */
const summaryOf = (page: string) =>
  [...page.matchAll(/<li><a href="#([\w-]+)">([^<]*)<\/a><\/li>/g)].map((m) => [
    m[1],
    unescapeHtml(m[2] ?? ''),
  ]);

async function open(path: '/api/forms/report' | '/api/forms/suggestion', area: string, lang: string) {
  const handler = path === '/api/forms/report' ? reportFormHandler : suggestionFormHandler;
  return String(
    (await handler(httpEvent({ path, query: { area, lang }, headers: HTML }), lambdaContext)).body,
  );
}

const postForm = (path: '/api/forms/report' | '/api/forms/suggestion', fields: Record<string, string>) =>
  (path === '/api/forms/report' ? reportPostHandler : suggestionPostHandler)(
    post(path, new URLSearchParams(fields).toString(), FORM_HEADERS, freshClient()),
    lambdaContext,
  );

const reportsWith = async (description: string) =>
  (await itemsOfType(store, 'report')).filter((r) => r.description === description);

beforeAll(async () => {
  await arrangeProvince(store);
  await arrangeBoxes(store);
});

describe('POST /api/forms/report (the report form without JavaScript)', () => {
  it('sends a refused form back filled in, each error beside its field in words, and stores nothing', async () => {
    const opened = fieldsOf(await open('/api/forms/report', 'UONG-BI-QT5A', 'vi'), 'report-form');
    wait(5_000);
    const typed = {
      category: 'theft',
      description: 'Mất xe',
      place: 'Trước cổng chợ "Cũ"',
      contactName: 'Chị Lan',
      contactPhone: '12345',
    };

    const refused = await postForm('/api/forms/report', { ...opened, ...typed });
    const page = String(refused.body);

    expect(refused.statusCode).toBe(400);
    expect(refused.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(refused.headers?.['cache-control']).toBe('no-store');
    expect(tags(page, 'html')).toEqual([{ lang: 'vi' }]);
    expect(textOf(page, 'error-summary-title')).toBe(FORM_TEXT.errorsTitle.vi);
    expect(summaryOf(page)).toEqual([
      ['description', summaryLine(FORM_TEXT.description.vi, t('vi', 'field.too_short', { min: 10 }))],
      ['contactPhone', summaryLine(FORM_TEXT.contactPhone.vi, t('vi', 'field.invalid_phone'))],
    ]);
    expect(textOf(page, 'err-description')).toBe(t('vi', 'field.too_short', { min: 10 }));
    expect(textOf(page, 'err-contactPhone')).toBe(t('vi', 'field.invalid_phone'));
    expect(page).toContain('<p class="error" id="err-category" hidden></p>');
    // What was typed is all there, as typed; no field is named by the API's key.
    expect(unescapeHtml(textOf(page, 'description') ?? '')).toBe('Mất xe');
    expect(page).toContain('<option value="theft" selected>');
    const again = fieldsOf(page, 'report-form');
    expect(again).toMatchObject({
      area: 'UONG-BI-QT5A',
      place: typed.place,
      contactName: typed.contactName,
      contactPhone: typed.contactPhone,
      lang: 'vi',
      idempotencyKey: opened.idempotencyKey,
    });
    expect(tags(page, 'textarea')[0]).toMatchObject({ 'aria-invalid': 'true' });
    expect(page).not.toContain('contact.phone');
    expect(tags(page, 'form')).toEqual([
      { id: 'report-form', method: 'post', action: '/api/forms/report', novalidate: '' },
    ]);
    // A fresh token for the same key, signed now: the corrected form is still one submission.
    expect(readFormToken(await runtime().secrets.key('form-token'), again.formToken)).toEqual({
      route: 'reports',
      idempotencyKey: opened.idempotencyKey,
      issuedAt: now,
    });
    expect(await reportsWith('Mất xe')).toEqual([]);
  });

  it('takes the corrected form and answers with the receipt page', async () => {
    const opened = fieldsOf(await open('/api/forms/report', 'UONG-BI-QT5A', 'en'), 'report-form');
    wait(5_000);
    const description = 'Two bikes were taken from the market car park.';
    const refused = await postForm('/api/forms/report', { ...opened, category: '', description });
    wait(5_000);

    const sent = await postForm('/api/forms/report', {
      ...fieldsOf(String(refused.body), 'report-form'),
      category: 'theft',
      description,
    });

    expect(summaryOf(String(refused.body))).toEqual([
      ['category', summaryLine(FORM_TEXT.category.en, t('en', 'field.required'))],
    ]);
    expect(sent.statusCode).toBe(200);
    expect(tags(String(sent.body), 'form')).toEqual([
      { id: 'follow-this', method: 'post', action: '/api/follow-up' },
    ]);
    expect(await reportsWith(description)).toHaveLength(1);
  });

  it('sends a form posted too soon back with why, what was typed and its own token for the retry', async () => {
    const opened = fieldsOf(await open('/api/forms/report', 'UONG-BI-YT2', 'en'), 'report-form');
    const description = 'Sent at once, as a script would.';

    const refused = await postForm('/api/forms/report', { ...opened, category: 'theft', description });
    const page = String(refused.body);

    expect(refused.statusCode).toBe(400);
    expect(textOf(page, 'general-error')).toBe(t('en', 'error.form_too_fast'));
    expect(summaryOf(page)).toEqual([]);
    expect(textOf(page, 'description')).toBe(description);
    expect(fieldsOf(page, 'report-form')).toMatchObject({
      idempotencyKey: opened.idempotencyKey,
      formToken: opened.formToken,
    });
    expect(await reportsWith(description)).toEqual([]);
  });

  it('answers a JSON post 415: JSON clients post to /api/reports', async () => {
    const result = await reportPostHandler(
      post('/api/forms/report', JSON.stringify({ area: 'UONG-BI-QT5A' }), JSON_HEADERS),
      lambdaContext,
    );

    expect(jsonOf(result).status).toBe(415);
  });
});

describe('POST /api/forms/suggestion (the suggestion form without JavaScript)', () => {
  it('sends a form without a box back with the same boxes and the text kept, then takes it', async () => {
    const opened = fieldsOf(await open('/api/forms/suggestion', 'UONG-BI-QT5A', 'vi'), 'suggestion-form');
    wait(5_000);
    const text = 'Xin thêm một đèn đường ở ngõ 7, tối quá.';

    const refused = await postForm('/api/forms/suggestion', { ...opened, text });
    const page = String(refused.body);
    wait(5_000);
    const sent = await postForm('/api/forms/suggestion', {
      ...fieldsOf(page, 'suggestion-form'),
      box: GROUP_BOX.id,
      text,
    });

    expect(refused.statusCode).toBe(400);
    expect(summaryOf(page)).toEqual([
      [`box-${GROUP_BOX.id}`, summaryLine(FORM_TEXT.box.vi, t('vi', 'field.required'))],
    ]);
    expect(textOf(page, 'err-box')).toBe(t('vi', 'field.required'));
    expect(
      tags(page, 'input')
        .filter((i) => i.type === 'radio')
        .map((i) => i.value),
    ).toEqual([GROUP_BOX.id, WARD_BOX.id]);
    expect(textOf(page, 'text')).toBe(text);
    expect(sent.statusCode).toBe(200);
    expect((await itemsOfType(store, 'suggestion')).filter((s) => s.text === text)).toHaveLength(1);
  });
});
