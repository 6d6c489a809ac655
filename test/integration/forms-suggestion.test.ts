import { beforeAll, describe, expect, it } from 'vitest';
import type { Area } from '../../functions/areas/model';
import { areaItems } from '../../functions/areas/store';
import { handler } from '../../functions/forms/suggestion.handler';
import { readFormToken } from '../../functions/shared/form-token';
import { runtime } from '../../functions/shared/runtime';
import { areaBox, type Box } from '../../functions/suggestions/model';
import { boxItem } from '../../functions/suggestions/store';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { controls, danglingReferences, options, tags, textOf } from '../support/site-html';
import { putItems, testStore } from '../support/store';

const UONG_BI: Area = { code: 'QN-UB', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] };
const AREAS: Area[] = [
  { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
  UONG_BI,
  {
    code: 'QN-UB-QT5A',
    name: 'Khu Quang Trung 5A',
    kind: 'residential_group',
    parent: 'QN-UB',
    ancestors: ['QN', 'QN-UB'],
  },
  {
    code: 'QN-UB-EMPTY',
    name: 'Khu Mới',
    kind: 'residential_group',
    parent: 'QN-UB',
    ancestors: ['QN', 'QN-UB'],
  },
];
const GROUP_BOX: Box = {
  id: 'G-TQ-QT5A',
  name: 'Hòm thư góp ý Tổ tự quản khu Quang Trung 5A',
  area: 'QN-UB-QT5A',
  kind: 'group',
  group: 'TQ-QT5A',
};

const store = testStore();
const HTML = { accept: 'text/html' };
const get = (query: Record<string, string>, headers: Record<string, string> = HTML) =>
  handler(httpEvent({ path: '/api/forms/suggestion', query, headers }), lambdaContext);

beforeAll(async () => {
  await putItems(store, [...AREAS.flatMap(areaItems), boxItem(GROUP_BOX), boxItem(areaBox(UONG_BI))]);
});

describe('GET /api/forms/suggestion', () => {
  it('renders a form that posts to /api/forms/suggestion with a box per radio and the limits of the schema', async () => {
    const result = await get({ area: 'QN-UB-QT5A', lang: 'vi' });
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(tags(page, 'form')).toEqual([
      { id: 'suggestion-form', method: 'post', action: '/api/forms/suggestion', novalidate: '' },
    ]);
    expect(controls(page)).toEqual([
      // The place, posted only so that a refused form comes back with the same boxes.
      { tag: 'input', type: 'hidden', name: 'area', value: 'QN-UB-QT5A' },
      { tag: 'input', type: 'radio', name: 'box', value: 'G-TQ-QT5A', required: '' },
      { tag: 'input', type: 'radio', name: 'box', value: 'A-QN-UB', required: '' },
      { tag: 'textarea', name: 'text', required: '', minlength: '10', maxlength: '2000' },
      { tag: 'select', name: 'topic' },
      { tag: 'input', type: 'hidden', name: 'lang', value: 'vi' },
      {
        tag: 'input',
        type: 'hidden',
        name: 'idempotencyKey',
        value: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
      { tag: 'input', type: 'hidden', name: 'formToken', value: expect.stringMatching(/^[\w-]{52}$/) },
      { tag: 'input', name: 'website', tabindex: '-1' },
      { tag: 'button', type: 'submit' },
    ]);
    expect(textOf(page, 'area-name')).toBe('Khu Quang Trung 5A, Uông Bí');
    expect(options(page, 'topic')).toEqual([
      ['', '— Không chọn —'],
      ['security', 'An ninh'],
      ['order', 'Trật tự'],
      ['environment', 'Môi trường'],
      ['public_services', 'Dịch vụ công'],
      ['other', 'Khác'],
    ]);
    expect(danglingReferences(page)).toEqual([]);
    expect(result.headers?.['cache-control']).toBe('no-store');
    const field = (name: string) => controls(page).find((c) => c.name === name)?.value;
    expect(readFormToken(await runtime().secrets.key('form-token'), field('formToken'))).toEqual({
      route: 'suggestions',
      idempotencyKey: field('idempotencyKey'),
      issuedAt: expect.any(Date),
    });
  });

  it('checks the box named in the link', async () => {
    const page = String((await get({ area: 'QN-UB-QT5A', box: 'A-QN-UB', lang: 'en' })).body);

    expect(tags(page, 'input').filter((i) => i.type === 'radio')).toEqual([
      { type: 'radio', id: 'box-G-TQ-QT5A', name: 'box', value: 'G-TQ-QT5A', required: '' },
      { type: 'radio', id: 'box-A-QN-UB', name: 'box', value: 'A-QN-UB', required: '', checked: '' },
    ]);
  });

  it('says so, with no form, when the place has no box above it either', async () => {
    await putItems(
      store,
      areaItems({ code: 'QN-X', name: 'Đặc khu X', kind: 'special_zone', parent: 'QN', ancestors: ['QN'] }),
    );

    const page = String((await get({ area: 'QN-X', lang: 'vi' })).body);

    expect(tags(page, 'form')).toEqual([]);
    expect(textOf(page, 'no-boxes')).toBe('Nơi này chưa có hòm thư góp ý trực tuyến.');
  });

  it('answers JSON with the boxes, nearest first', async () => {
    expect(jsonOf(await get({ area: 'QN-UB-EMPTY' }, { accept: 'application/json' }))).toEqual({
      status: 200,
      body: {
        area: { code: 'QN-UB-EMPTY', name: 'Khu Mới', kind: 'residential_group', parent: 'QN-UB' },
        within: { code: 'QN-UB', name: 'Uông Bí', kind: 'ward', parent: 'QN' },
        boxes: [{ id: 'A-QN-UB', name: 'Hòm thư góp ý phường Uông Bí', area: 'QN-UB' }],
      },
    });
  });

  it('answers 404 for a place that does not exist', async () => {
    const result = await get({ area: 'QN-NOWHERE' }, { accept: 'application/json' });

    expect(jsonOf(result)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'Không tìm thấy nơi này.' } },
    });
  });
});
