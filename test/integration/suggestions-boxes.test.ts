import { beforeAll, describe, expect, it } from 'vitest';
import type { Officer } from '../../functions/roster/model';
import { overrideClock } from '../../functions/shared/runtime';
import { handler as showHandler } from '../../functions/suggestions/box.handler';
import { handler as listHandler } from '../../functions/suggestions/boxes.handler';
import { handler as hideHandler } from '../../functions/suggestions/hide.handler';
import { handler as openingHandler } from '../../functions/suggestions/opening.handler';
import { handler as replyHandler } from '../../functions/suggestions/reply.handler';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { itemsOfType } from './reports-arrange';
import { arrangeBoxes, GROUP_BOX, HA_LONG_BOX, OFFICERS, signedIn, WARD_BOX } from './suggestions-arrange';

const store = testStore();
const now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const boxesOf = (query: Record<string, string>, headers: Record<string, string> = {}) =>
  listHandler(httpEvent({ path: '/api/boxes', query, headers }), lambdaContext);
const boxPage = (id: string, headers: Record<string, string> = {}, query?: Record<string, string>) =>
  showHandler(
    httpEvent({ path: `/api/boxes/${id}`, pathParameters: { id }, headers, ...(query ? { query } : {}) }),
    lambdaContext,
  );
const open = async (o: Officer, box: string, json: unknown) =>
  jsonOf(
    await openingHandler(
      signedIn(o, {
        method: 'POST',
        path: `/api/officer/boxes/${box}/openings`,
        pathParameters: { id: box },
        json,
      }),
      lambdaContext,
    ),
  );
const answer = async (o: Officer, id: string, action: 'reply' | 'hide', json: unknown) =>
  jsonOf(
    await (action === 'reply' ? replyHandler : hideHandler)(
      signedIn(o, {
        method: 'POST',
        path: `/api/officer/suggestions/${id}/${action}`,
        pathParameters: { id },
        json,
      }),
      lambdaContext,
    ),
  );

const OPENING = {
  openedAt: '2025-03-12T08:30:00+07:00',
  openedBy: 'Vũ Văn Thọ',
  witnesses: ['Đỗ Thị Mai', 'Hoàng Văn Minh'],
  entries: [
    { text: 'Xin lắp thêm đèn ở ngõ 5.', topic: 'public_services' },
    { text: 'Có người nêu tên hộ ông X buôn bán trái phép.' },
    { text: 'Cảm ơn tổ tự quản đã tuần tra đêm.' },
  ],
};

beforeAll(() => arrangeBoxes(store));

describe('GET /api/boxes?area=', () => {
  it("lists the place's own boxes, then its ancestors', nearest first", async () => {
    expect(jsonOf(await boxesOf({ area: 'UONG-BI-QT5A' }))).toEqual({
      status: 200,
      body: {
        boxes: [
          { id: GROUP_BOX.id, name: GROUP_BOX.name, area: 'UONG-BI-QT5A' },
          { id: WARD_BOX.id, name: WARD_BOX.name, area: 'UONG-BI' },
        ],
      },
    });
  });

  it('answers a page for a browser, each box leading to the form without JavaScript and to its answers', async () => {
    const result = await boxesOf({ area: 'UONG-BI-QT5A', lang: 'en' }, HTML);
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page).toContain('<h1>Suggestion boxes for <span lang="vi">Khu Quang Trung 5A</span></h1>');
    expect(page).toContain('<li><strong><span lang="vi">Hòm thư góp ý phường Uông Bí</span></strong><br>');
    expect(
      [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).filter((h) => h?.startsWith('/api/')),
    ).toEqual([
      `/api/forms/suggestion?area=UONG-BI-QT5A&amp;box=${GROUP_BOX.id}&amp;lang=en`,
      `/api/boxes/${GROUP_BOX.id}?lang=en`,
      `/api/forms/suggestion?area=UONG-BI-QT5A&amp;box=${WARD_BOX.id}&amp;lang=en`,
      `/api/boxes/${WARD_BOX.id}?lang=en`,
    ]);
  });

  it('answers 404 for an unknown place', async () => {
    expect(jsonOf(await boxesOf({ area: 'NOWHERE' }, { 'accept-language': 'en' }))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'This place was not found.' } },
    });
  });
});

describe('paper box openings and the box page', () => {
  let entries: { id: string; text: string }[] = [];

  it('records an opening with its entries (201), and the same recording again gives the same answer', async () => {
    const first = await open(OFFICERS.groupHead, GROUP_BOX.id, OPENING);
    const again = await open(OFFICERS.groupHead, GROUP_BOX.id, OPENING);
    entries = (first.body as { entries: { id: string; text: string }[] }).entries;

    expect(first).toEqual({
      status: 201,
      body: {
        id: expect.stringMatching(/^[0-9a-hjkmnp-tv-z]{16}$/),
        box: GROUP_BOX.id,
        openedAt: '2025-03-12T01:30:00.000Z',
        openedBy: 'Vũ Văn Thọ',
        witnesses: ['Đỗ Thị Mai', 'Hoàng Văn Minh'],
        entries: [
          { id: expect.any(String), text: 'Xin lắp thêm đèn ở ngõ 5.', topic: 'public_services' },
          { id: expect.any(String), text: 'Có người nêu tên hộ ông X buôn bán trái phép.' },
          { id: expect.any(String), text: 'Cảm ơn tổ tự quản đã tuần tra đêm.' },
        ],
      },
    });
    expect(again).toEqual(first);
    expect((await itemsOfType(store, 'suggestion')).filter((s) => s.kind === 'paper')).toHaveLength(3);
    expect(await itemsOfType(store, 'boxOpening')).toHaveLength(1);
  });

  it('answers 409 to another content for the same opening, 403 to another area, 404 to an unknown box', async () => {
    const other = await open(OFFICERS.groupHead, GROUP_BOX.id, { ...OPENING, entries: [] });
    const foreign = await open(OFFICERS.haLong, GROUP_BOX.id, {
      ...OPENING,
      openedAt: '2025-03-11T08:00:00+07:00',
    });
    const unknown = await open(OFFICERS.admin, 'G-NOPE', OPENING);

    expect(other).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: 'Lần mở hòm thư lúc này đã được ghi, với nội dung khác.',
        },
      },
    });
    expect(foreign.status).toBe(403);
    expect(unknown.status).toBe(404);
  });

  it('refuses an opening without a witness, naming the field', async () => {
    const result = await open(OFFICERS.groupHead, GROUP_BOX.id, { ...OPENING, witnesses: [] });

    expect(result).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Chưa gửi được. Sửa các mục có đánh dấu rồi gửi lại.',
          fields: { witnesses: 'Chưa điền mục này.' },
        },
      },
    });
  });

  it("shows the entries and the officers' answers on the box page; withheld ones and names never", async () => {
    const [light, named] = entries;
    await answer(OFFICERS.wardPolice, light?.id ?? '', 'reply', { text: 'Phường sẽ lắp đèn trong tháng 4.' });
    await answer(OFFICERS.groupHead, named?.id ?? '', 'hide', { reason: 'Nêu tên một hộ dân' });

    const result = jsonOf(await boxPage(GROUP_BOX.id));

    expect(result).toEqual({
      status: 200,
      body: {
        id: GROUP_BOX.id,
        name: GROUP_BOX.name,
        area: 'UONG-BI-QT5A',
        openings: [
          {
            openedAt: '2025-03-12T01:30:00.000Z',
            entries: [
              { text: 'Xin lắp thêm đèn ở ngõ 5.', reply: 'Phường sẽ lắp đèn trong tháng 4.' },
              { text: 'Cảm ơn tổ tự quản đã tuần tra đêm.' },
            ],
          },
        ],
      },
    });
    expect(JSON.stringify(result)).not.toMatch(/Vũ Văn Thọ|Đỗ Thị Mai|Hoàng Văn Minh|ông X/);
  });

  it('answers the box page as HTML for a browser, in the language asked for', async () => {
    const result = await boxPage(GROUP_BOX.id, HTML, { lang: 'vi' });
    const page = String(result.body);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page).toContain(`<h1>${GROUP_BOX.name}</h1>`);
    expect(page).toContain('<time datetime="2025-03-12T01:30:00.000Z">08:30 12/03/2025</time>');
    expect(page).toContain('<p class="reply"><strong>Trả lời:</strong> Phường sẽ lắp đèn trong tháng 4.</p>');
    expect(page).not.toMatch(/Vũ Văn Thọ|ông X/);
  });

  it('shows a box never opened, and answers 404 for an unknown box', async () => {
    expect(jsonOf(await boxPage(HA_LONG_BOX.id))).toEqual({
      status: 200,
      body: { id: HA_LONG_BOX.id, name: HA_LONG_BOX.name, area: 'HA-LONG', openings: [] },
    });
    expect(jsonOf(await boxPage('G-NOPE')).status).toBe(404);
  });
});
