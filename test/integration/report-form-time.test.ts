import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/reports/create.handler';
import { parseProvince } from '../../functions/shared/province';
import { formatZoned } from '../../functions/shared/time';
import { importProvince } from '../../infra/import/import';
import { httpEvent, lambdaContext } from '../support/events';
import { testStore } from '../support/store';

const province = parseProvince(JSON.parse(process.env.TUQUAN_PROVINCE ?? '{}'), 'test');

beforeAll(async () => {
  await importProvince(testStore(), 'infra/provinces/quang-ninh', { province, now: new Date() });
});

describe('POST /api/reports from a page without JavaScript', () => {
  it('takes the datetime-local time a browser sends, without an offset, as the province time', async () => {
    // Arrange: an hour ago on a Vietnamese wall clock, as <input type="datetime-local"> writes it
    const local = formatZoned(new Date(Date.now() - 3600_000), province.timeZone).slice(0, 16);
    const body = new URLSearchParams({
      lang: 'en',
      area: 'UONG-BI-QT5A',
      category: 'theft',
      description: 'A motorbike was stolen at the gate of the cultural house.',
      occurredAt: local,
    }).toString();
    // Act
    const result = await handler(
      httpEvent({
        method: 'POST',
        path: '/api/reports',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        base64: true,
      }),
      lambdaContext,
    );
    // Assert
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(result.body).toContain('<h1>Report sent</h1>');
    expect(result.body).toMatch(/<span class="group">[0-9A-Z]{4}<\/span>/);
  });
});
