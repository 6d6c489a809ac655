import { beforeAll, describe, expect, it } from 'vitest';
import { handler as followUpHandler } from '../../functions/follow-up/follow-up.handler';
import { auditEntriesOfDay } from '../../functions/officers/store';
import type { Officer } from '../../functions/roster/model';
import { overrideClock } from '../../functions/shared/runtime';
import { handler as createHandler } from '../../functions/suggestions/create.handler';
import { handler as hideHandler } from '../../functions/suggestions/hide.handler';
import { handler as listHandler } from '../../functions/suggestions/officer-list.handler';
import { handler as readHandler } from '../../functions/suggestions/read.handler';
import { handler as replyHandler } from '../../functions/suggestions/reply.handler';
import { boxTallies } from '../../functions/suggestions/store';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { JSON_HEADERS, post } from './reports-arrange';
import {
  arrangeBoxes,
  freshClient,
  GROUP_BOX,
  HA_LONG_BOX,
  OFFICERS,
  postJson,
  proofOfWork,
  signedIn,
  WARD_BOX,
} from './suggestions-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });

async function submit(box: string, text: string): Promise<{ id: string; receipt: string }> {
  const result = await createHandler(
    postJson('/api/suggestions', { box, text }, { 'x-altcha': await proofOfWork(now) }),
    lambdaContext,
  );
  now = new Date(now.getTime() + 60_000);
  return jsonOf(result).body as { id: string; receipt: string };
}

const list = async (o: Officer, query: Record<string, string> = {}) =>
  jsonOf(
    await listHandler(
      signedIn(o, { path: '/api/officer/suggestions', ...(Object.keys(query).length ? { query } : {}) }),
      lambdaContext,
    ),
  );
const act = async (o: Officer, id: string, action: 'read' | 'reply' | 'hide', json?: unknown) => {
  const handler = { read: readHandler, reply: replyHandler, hide: hideHandler }[action];
  const path = `/api/officer/suggestions/${id}/${action}`;
  return jsonOf(
    await handler(
      signedIn(o, { method: 'POST', path, pathParameters: { id }, ...(json ? { json } : {}) }),
      lambdaContext,
    ),
  );
};
const followUp = async (receipt: string) =>
  jsonOf(
    await followUpHandler(
      post('/api/follow-up', JSON.stringify({ receipt }), JSON_HEADERS, freshClient()),
      lambdaContext,
    ),
  );

const mine: Record<string, { id: string; receipt: string }> = {};
beforeAll(async () => {
  await arrangeBoxes(store);
  mine.light = await submit(GROUP_BOX.id, 'Đèn đường ngõ 3 bị hỏng đã hai tuần.');
  mine.noise = await submit(GROUP_BOX.id, 'Quán karaoke mở nhạc quá 23 giờ.');
  mine.market = await submit(WARD_BOX.id, 'Chợ phường họp tràn ra lòng đường.');
  mine.beach = await submit(HA_LONG_BOX.id, 'Bãi tắm thiếu biển cảnh báo.');
});

const texts = (body: unknown) => (body as { suggestions: { text: string }[] }).suggestions.map((s) => s.text);

describe('GET /api/officer/suggestions', () => {
  it("lists, newest first, the suggestions of every box in the officer's places", async () => {
    const group = await list(OFFICERS.groupHead);
    const ward = await list(OFFICERS.wardPolice);
    const admin = await list(OFFICERS.admin);

    expect(group.status).toBe(200);
    expect(texts(group.body)).toEqual([
      'Quán karaoke mở nhạc quá 23 giờ.',
      'Đèn đường ngõ 3 bị hỏng đã hai tuần.',
    ]);
    expect(texts(ward.body)).toEqual([
      'Chợ phường họp tràn ra lòng đường.',
      'Quán karaoke mở nhạc quá 23 giờ.',
      'Đèn đường ngõ 3 bị hỏng đã hai tuần.',
    ]);
    expect(texts(admin.body)).toHaveLength(4);
  });

  it('answers whole suggestions, a page at a time, with an opaque cursor', async () => {
    const first = await list(OFFICERS.wardPolice, { limit: '2' });
    const cursor = (first.body as { cursor: string }).cursor;
    const second = await list(OFFICERS.wardPolice, { limit: '2', cursor });

    expect(first.body).toEqual({
      suggestions: [
        {
          id: mine.market?.id,
          kind: 'online',
          box: WARD_BOX.id,
          boxName: WARD_BOX.name,
          area: 'UONG-BI',
          text: 'Chợ phường họp tràn ra lòng đường.',
          status: 'received',
          createdAt: '2025-03-12T07:02:00.000Z',
          replies: [],
        },
        {
          id: mine.noise?.id,
          kind: 'online',
          box: GROUP_BOX.id,
          boxName: GROUP_BOX.name,
          area: 'UONG-BI-QT5A',
          text: 'Quán karaoke mở nhạc quá 23 giờ.',
          status: 'received',
          createdAt: '2025-03-12T07:01:00.000Z',
          replies: [],
        },
      ],
      cursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
    });
    expect(second).toEqual({
      status: 200,
      body: { suggestions: [expect.objectContaining({ id: mine.light?.id })], cursor: null },
    });
  });

  it("answers 403 for another area's box and keeps an audit entry; 401 without a signed-in identity", async () => {
    const refused = await list(OFFICERS.groupHead, { box: HA_LONG_BOX.id });
    const anonymous = jsonOf(
      await listHandler(httpEvent({ path: '/api/officer/suggestions' }), lambdaContext),
    );

    expect(refused).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Bạn không được làm việc này.' } },
    });
    expect(anonymous.status).toBe(401);
    expect(await auditEntriesOfDay(store, '2025-03-12')).toContainEqual({
      officerId: 'QT5A-TT',
      action: 'suggestions.list',
      outcome: 'denied',
      hour: now.toISOString().slice(0, 13),
      first: now.toISOString(),
      last: now.toISOString(),
      count: 1,
      targets: ['HA-LONG'],
    });
  });
});

describe('reading, answering and hiding', () => {
  it('marks read, replies for the resident, and follow-up by receipt shows the reply and its times', async () => {
    const id = mine.light?.id ?? '';
    const read = await act(OFFICERS.groupHead, id, 'read');
    now = new Date(now.getTime() + 30 * 60_000);
    const replied = await act(OFFICERS.wardPolice, id, 'reply', {
      text: 'Phường đã báo điện lực, đèn sẽ được thay trong tuần này.',
    });

    expect(read).toMatchObject({
      status: 200,
      body: { id, status: 'read', readAt: '2025-03-12T07:04:00.000Z' },
    });
    expect(replied).toMatchObject({
      status: 200,
      body: {
        status: 'answered',
        replies: [
          {
            at: '2025-03-12T07:34:00.000Z',
            text: 'Phường đã báo điện lực, đèn sẽ được thay trong tuần này.',
          },
        ],
      },
    });
    expect(await followUp(mine.light?.receipt ?? '')).toEqual({
      status: 200,
      body: {
        kind: 'suggestion',
        status: 'answered',
        timeline: [
          { at: '2025-03-12T07:00:00.000Z', status: 'received' },
          { at: '2025-03-12T07:04:00.000Z', status: 'read' },
          { at: '2025-03-12T07:34:00.000Z', status: 'answered' },
        ],
        replies: [
          {
            at: '2025-03-12T07:34:00.000Z',
            text: 'Phường đã báo điện lực, đèn sẽ được thay trong tuần này.',
          },
        ],
      },
    });
  });

  it('hides with a reason the officers keep, which the resident never sees, and refuses a reply then', async () => {
    const id = mine.noise?.id ?? '';

    const hidden = await act(OFFICERS.mediator, id, 'hide', { reason: 'Nêu tên và địa chỉ một hộ dân' });
    const reply = await act(OFFICERS.mediator, id, 'reply', { text: 'Cảm ơn bạn.' });
    const resident = await followUp(mine.noise?.receipt ?? '');

    expect(hidden).toMatchObject({
      status: 200,
      body: {
        status: 'hidden',
        text: 'Quán karaoke mở nhạc quá 23 giờ.',
        hidden: { reason: 'Nêu tên và địa chỉ một hộ dân' },
      },
    });
    expect(reply).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'Góp ý này đã ẩn nên không trả lời được.' } },
    });
    expect(JSON.stringify(resident.body)).not.toMatch(/Nêu tên|karaoke/);
    expect(resident.body).toMatchObject({ kind: 'suggestion', status: 'hidden' });
  });

  it('refuses an officer of another area with 403, changing nothing', async () => {
    const id = mine.market?.id ?? '';

    const refused = await act(OFFICERS.haLong, id, 'reply', { text: 'Không phải địa bàn của tôi.' });
    const after = await list(OFFICERS.wardPolice, { box: WARD_BOX.id });

    expect(refused.status).toBe(403);
    expect((after.body as { suggestions: { status: string }[] }).suggestions.map((s) => s.status)).toEqual([
      'received',
    ]);
  });

  it('answers 404 for an unknown suggestion and 400 for a bad body', async () => {
    const unknown = await act(OFFICERS.admin, 'zzzzzzzzzzzzzzzz', 'read');
    const empty = await act(OFFICERS.admin, mine.market?.id ?? '', 'reply', { text: ' ' });

    expect(unknown).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'Không tìm thấy góp ý này.' } },
    });
    expect(empty.status).toBe(400);
  });

  it('filters by status, and keeps the boxes counters by status', async () => {
    const received = await list(OFFICERS.wardPolice, { status: 'received' });

    expect(texts(received.body)).toEqual(['Chợ phường họp tràn ra lòng đường.']);
    const tallies = await boxTallies(store, 'UONG-BI');
    expect(tallies.sort((a, b) => (a.box < b.box ? -1 : 1))).toEqual([
      {
        box: WARD_BOX.id,
        area: 'UONG-BI',
        commune: 'UONG-BI',
        received: 1,
        read: 0,
        answered: 0,
        hidden: 0,
        online: 1,
        paper: 0,
      },
      {
        box: GROUP_BOX.id,
        area: 'UONG-BI-QT5A',
        commune: 'UONG-BI',
        received: 0,
        read: 0,
        answered: 1,
        hidden: 1,
        online: 2,
        paper: 0,
      },
    ]);
  });
});
