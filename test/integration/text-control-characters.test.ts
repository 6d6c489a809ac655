import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.TUQUAN_SECRET_FILE = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}/secret.key`;
});

import { handler } from '../../functions/reports/create.handler';
import { overrideClock } from '../../functions/shared/runtime';
import { jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { allItems, arrangeProvince, JSON_HEADERS, post } from './reports-arrange';

const store = testStore();
const now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

const postJson = (body: unknown, lang: 'vi' | 'en') =>
  handler(
    post('/api/reports', JSON.stringify(body), { ...JSON_HEADERS, 'accept-language': lang }),
    lambdaContext,
  );

beforeAll(() => arrangeProvince(store));

describe('POST /api/reports with control characters in what a person types', () => {
  it('refuses NUL and other control characters with a field error in the resident’s language, and stores nothing', async () => {
    const before = (await allItems(store)).length;
    const report = {
      area: 'UONG-BI-QT5A',
      category: 'theft',
      description: '\u0000\u0001\u0002 Xe máy bị lấy trộm trước cửa nhà số 12.',
      place: 'Ngõ 3\u001b[2J',
      contact: { name: 'Lan\u007f', phone: '0912 345 678' },
    };

    const vi = jsonOf(await postJson(report, 'vi'));
    const en = jsonOf(await postJson(report, 'en'));

    expect(vi).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Chưa gửi được. Sửa các mục có đánh dấu rồi gửi lại.',
          fields: {
            description: 'Có ký tự lạ không hiện ra được. Xóa chúng rồi gửi lại.',
            place: 'Có ký tự lạ không hiện ra được. Xóa chúng rồi gửi lại.',
            'contact.name': 'Có ký tự lạ không hiện ra được. Xóa chúng rồi gửi lại.',
          },
        },
      },
    });
    expect((en.body as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      description: 'There are odd characters that cannot be shown. Remove them, then send again.',
      place: 'There are odd characters that cannot be shown. Remove them, then send again.',
      'contact.name': 'There are odd characters that cannot be shown. Remove them, then send again.',
    });
    expect((await allItems(store)).length).toBe(before);
  });

  it('keeps tabs and line breaks a person types', async () => {
    const result = jsonOf(
      await postJson(
        {
          area: 'UONG-BI-QT5A',
          category: 'theft',
          description: 'Xe máy bị lấy trộm.\r\n\tBiển số 14-B1 123.45, màu đỏ.',
        },
        'vi',
      ),
    );

    expect(result.status).toBe(201);
    const stored = (await allItems(store)).find(
      (item) => item.type === 'report' && item.id === (result.body as { id: string }).id,
    );
    expect(stored?.description).toBe('Xe máy bị lấy trộm.\r\n\tBiển số 14-B1 123.45, màu đỏ.');
  });
});
