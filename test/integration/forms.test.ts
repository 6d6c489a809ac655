import { beforeAll, describe, expect, it } from 'vitest';
import type { Area } from '../../functions/areas/model';
import { areaItems } from '../../functions/areas/store';
import { categoryItem } from '../../functions/categories/store';
import { handler } from '../../functions/forms/report.handler';
import { readFormToken } from '../../functions/shared/form-token';
import { runtime } from '../../functions/shared/runtime';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { controls, danglingReferences, options, tags, textOf } from '../support/site-html';
import { putItems, testStore } from '../support/store';

const AREAS: Area[] = [
  { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
  { code: 'QN-UB', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  {
    code: 'QN-UB-QT5A',
    name: 'Khu Quang Trung 5A',
    kind: 'residential_group',
    parent: 'QN-UB',
    ancestors: ['QN', 'QN-UB'],
  },
];

const store = testStore();
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const get = (query: Record<string, string>, headers: Record<string, string> = HTML) =>
  handler(httpEvent({ path: '/api/forms/report', query, headers }), lambdaContext);

/** The report form's controls, as the schema of POST /api/reports sets them. */
function expectedControls(lang: string): Record<string, string>[] {
  return [
    { tag: 'input', type: 'hidden', name: 'area', value: 'QN-UB-QT5A' },
    { tag: 'select', name: 'category', required: '' },
    { tag: 'textarea', name: 'description', required: '', minlength: '10', maxlength: '2000' },
    { tag: 'input', name: 'occurredAt', type: 'datetime-local' },
    { tag: 'input', name: 'place', maxlength: '200' },
    { tag: 'input', name: 'contactName', maxlength: '100' },
    { tag: 'input', name: 'contactPhone', type: 'tel', maxlength: '40' },
    { tag: 'input', type: 'hidden', name: 'lang', value: lang },
    { tag: 'input', type: 'hidden', name: 'idempotencyKey', value: expect.stringMatching(UUID) },
    { tag: 'input', type: 'hidden', name: 'formToken', value: expect.stringMatching(/^[\w-]{52}$/) },
    { tag: 'input', name: 'website', tabindex: '-1' },
    { tag: 'button', type: 'submit' },
  ];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The value of a hidden field of the form. */
const hidden = (page: string, name: string) =>
  controls(page).find((c) => c.name === name && c.type === 'hidden')?.value ?? '';

beforeAll(async () => {
  await putItems(store, [
    ...AREAS.flatMap(areaItems),
    categoryItem({
      code: 'theft',
      label: { vi: 'Trộm cắp', en: 'Theft' },
      urgency: 'normal',
      mediable: false,
      order: 2,
    }),
    categoryItem({
      code: 'dispute',
      label: { vi: 'Tranh chấp, mâu thuẫn', en: 'Dispute' },
      urgency: 'low',
      mediable: true,
      order: 1,
    }),
  ]);
});

describe('GET /api/forms/report', () => {
  it('renders a form that posts to /api/forms/report with the fields and limits of the schema', async () => {
    const result = await get({ area: 'QN-UB-QT5A', lang: 'vi' });
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect(tags(page, 'html')).toEqual([{ lang: 'vi' }]);
    expect(tags(page, 'form').filter((f) => f.action === '/api/forms/report')).toEqual([
      { id: 'report-form', method: 'post', action: '/api/forms/report', novalidate: '' },
    ]);
    expect(controls(page.slice(page.indexOf('id="report-form"')))).toEqual(expectedControls('vi'));
  });

  it('carries its own key and a token for it, signed now, and is never cached', async () => {
    const before = Date.now();
    const [one, two] = await Promise.all([
      get({ area: 'QN-UB-QT5A', lang: 'vi' }),
      get({ area: 'QN-UB-QT5A', lang: 'vi' }),
    ]);
    const key = await runtime().secrets.key('form-token');

    const token = readFormToken(key, hidden(String(one.body), 'formToken'));
    expect(token).toEqual({
      route: 'reports',
      idempotencyKey: hidden(String(one.body), 'idempotencyKey'),
      issuedAt: expect.any(Date),
    });
    expect(token?.issuedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(hidden(String(two.body), 'idempotencyKey')).not.toBe(hidden(String(one.body), 'idempotencyKey'));
    expect([one, two].map((r) => r.headers?.['cache-control'])).toEqual(['no-store', 'no-store']);
  });

  it('shows the chosen place with its ward, and the categories in their order', async () => {
    const page = String((await get({ area: 'QN-UB-QT5A', lang: 'vi' })).body);

    expect(textOf(page, 'area-name')).toBe('Khu Quang Trung 5A, Uông Bí');
    expect(options(page, 'category')).toEqual([
      ['', '— Chọn một loại —'],
      ['dispute', 'Tranh chấp, mâu thuẫn'],
      ['theft', 'Trộm cắp'],
    ]);
  });

  it('ties every label and described-by to an element of the page', async () => {
    const page = String((await get({ area: 'QN-UB-QT5A', lang: 'vi' })).body);

    expect(danglingReferences(page)).toEqual([]);
  });

  it('answers in English with a link back to the same form in Vietnamese', async () => {
    const page = String((await get({ area: 'QN-UB-QT5A', lang: 'en' })).body);

    expect(tags(page, 'html')).toEqual([{ lang: 'en' }]);
    expect(textOf(page, 'area-name')).toBe('Khu Quang Trung 5A, Uông Bí');
    expect(options(page, 'category')).toEqual([
      ['', '— Choose one —'],
      ['dispute', 'Dispute'],
      ['theft', 'Theft'],
    ]);
    expect(controls(page.slice(page.indexOf('id="report-form"')))).toEqual(expectedControls('en'));
    expect(tags(page, 'a').filter((a) => a.hreflang)).toEqual([
      { href: '/api/forms/report?area=QN-UB-QT5A&amp;lang=vi', lang: 'vi', hreflang: 'vi' },
    ]);
  });

  it('names a ward without repeating the province', async () => {
    const page = String((await get({ area: 'QN-UB', lang: 'vi' })).body);

    expect(textOf(page, 'area-name')).toBe('Uông Bí');
  });

  it('answers JSON to a client that asks for it', async () => {
    const result = await get({ area: 'QN-UB-QT5A' }, { accept: 'application/json' });

    expect(jsonOf(result)).toEqual({
      status: 200,
      body: {
        area: { code: 'QN-UB-QT5A', name: 'Khu Quang Trung 5A', kind: 'residential_group', parent: 'QN-UB' },
        within: { code: 'QN-UB', name: 'Uông Bí', kind: 'ward', parent: 'QN' },
        categories: [
          { code: 'dispute', label: { vi: 'Tranh chấp, mâu thuẫn', en: 'Dispute' }, urgency: 'low' },
          { code: 'theft', label: { vi: 'Trộm cắp', en: 'Theft' }, urgency: 'normal' },
        ],
      },
    });
  });

  it('answers 404 with a page for a place that does not exist', async () => {
    const result = await get({ area: 'QN-NOWHERE', lang: 'vi' });

    expect(result.statusCode).toBe(404);
    expect(textOf(String(result.body), 'main')).toContain('Không tìm thấy nơi này.');
  });

  it('refuses a malformed place code with 400', async () => {
    const result = await get({ area: 'not a code' }, { accept: 'application/json' });

    expect(jsonOf(result)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Chưa gửi được. Sửa các mục có đánh dấu rồi gửi lại.',
          fields: { area: 'Điền chưa đúng.' },
        },
      },
    });
  });
});
