import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../../functions/shared/errors';
import {
  hideSuggestion,
  listSuggestions,
  markRead,
  replyToSuggestion,
} from '../../functions/suggestions/answer';
import { filing, type Suggestion } from '../../functions/suggestions/model';
import { AREAS, BOXES, identityOf, OFFICERS, officerPorts } from './suggestions-fakes';

function suggestion(n: number, box: string, overrides: Partial<Suggestion> = {}): Suggestion {
  const b = BOXES[box];
  const area = b ? AREAS[b.area] : undefined;
  if (!b || !area) throw new Error(`no box ${box}`);
  return {
    id: `s${String(n).padStart(15, '0')}`,
    kind: 'online',
    ...filing(b, area),
    text: `Góp ý số ${n} cho hòm thư.`,
    status: 'received',
    createdAt: new Date(Date.parse('2025-03-01T00:00:00Z') + n * 60_000).toISOString(),
    replies: [],
    ...overrides,
  };
}

async function arrange(list: Suggestion[]) {
  const fakes = officerPorts();
  for (const s of list) await fakes.suggestions.put(s);
  return fakes;
}

const ids = (page: { suggestions: { id: string }[] }) => page.suggestions.map((s) => Number(s.id.slice(1)));

describe('listSuggestions', () => {
  it("pages a box's suggestions newest first, with an opaque cursor until the last page", async () => {
    const { ports } = await arrange([1, 2, 3, 4, 5].map((n) => suggestion(n, 'G-QT5A')));
    const me = identityOf(OFFICERS.groupHead);

    const first = await listSuggestions({ box: 'G-QT5A', limit: 2 }, me, ports);
    const second = await listSuggestions({ box: 'G-QT5A', limit: 2, cursor: first.cursor ?? '' }, me, ports);
    const last = await listSuggestions({ box: 'G-QT5A', limit: 2, cursor: second.cursor ?? '' }, me, ports);

    expect([ids(first), ids(second), ids(last)]).toEqual([[5, 4], [3, 2], [1]]);
    expect(last.cursor).toBeNull();
    expect(first.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('shows an officer the whole suggestion, but not who answered or hid it', async () => {
    const s = suggestion(1, 'G-QT5A', {
      topic: 'security',
      status: 'hidden',
      replies: [{ at: '2025-03-02T00:00:00.000Z', text: 'Cảm ơn.', by: 'QT5A-TT' }],
      answeredAt: '2025-03-02T00:00:00.000Z',
      readAt: '2025-03-02T00:00:00.000Z',
      hidden: { at: '2025-03-03T00:00:00.000Z', reason: 'Lời lẽ xúc phạm', by: 'QT5A-TT' },
    });
    const { ports } = await arrange([s]);

    const page = await listSuggestions({}, identityOf(OFFICERS.groupHead), ports);

    expect(page).toEqual({
      suggestions: [
        {
          id: s.id,
          kind: 'online',
          box: 'G-QT5A',
          boxName: 'Hòm thư góp ý Tổ tự quản khu Quang Trung 5A',
          area: 'UONG-BI-QT5A',
          text: s.text,
          topic: 'security',
          status: 'hidden',
          createdAt: s.createdAt,
          readAt: '2025-03-02T00:00:00.000Z',
          answeredAt: '2025-03-02T00:00:00.000Z',
          replies: [{ at: '2025-03-02T00:00:00.000Z', text: 'Cảm ơn.' }],
          hidden: { at: '2025-03-03T00:00:00.000Z', reason: 'Lời lẽ xúc phạm' },
        },
      ],
      cursor: null,
    });
  });

  it('without a box, lists the boxes of the places the officer serves and of every place under them', async () => {
    const { ports } = await arrange([
      suggestion(1, 'G-QT5A'),
      suggestion(2, 'G-YT2'),
      suggestion(3, 'A-UONG-BI'),
      suggestion(4, 'A-HA-LONG'),
    ]);

    const group = await listSuggestions({}, identityOf(OFFICERS.groupHead), ports);
    const ward = await listSuggestions({}, identityOf(OFFICERS.wardPolice), ports);
    const admin = await listSuggestions({}, identityOf(OFFICERS.admin), ports);

    expect([ids(group), ids(ward), ids(admin)]).toEqual([[1], [3, 2, 1], [4, 3, 2, 1]]);
  });

  it('filters by status', async () => {
    const { ports } = await arrange([
      suggestion(1, 'G-QT5A'),
      suggestion(2, 'G-QT5A', { status: 'read' }),
      suggestion(3, 'G-QT5A'),
    ]);

    const page = await listSuggestions({ status: 'received' }, identityOf(OFFICERS.wardPolice), ports);

    expect(ids(page)).toEqual([3, 1]);
  });

  it("refuses another area's box with 403 and leaves an audit entry; admins see every box", async () => {
    const { ports, audit } = await arrange([suggestion(1, 'A-HA-LONG')]);

    const refused = await listSuggestions({ box: 'A-HA-LONG' }, identityOf(OFFICERS.wardPolice), ports).catch(
      (e: unknown) => e,
    );
    const admin = await listSuggestions({ box: 'A-HA-LONG' }, identityOf(OFFICERS.admin), ports);

    expect(refused).toBeInstanceOf(Forbidden);
    expect(audit).toEqual([
      {
        at: '2025-03-12T07:00:00.000Z',
        officerId: 'UB-CA1',
        action: 'suggestions.list',
        target: 'HA-LONG',
        outcome: 'denied',
      },
    ]);
    expect(ids(admin)).toEqual([1]);
  });

  it('answers 404 for an unknown box and 400 for a cursor it did not make', async () => {
    const { ports } = await arrange([]);
    const me = identityOf(OFFICERS.admin);

    const unknown = await listSuggestions({ box: 'G-NOPE' }, me, ports).catch((e: unknown) => e);
    const forged = await listSuggestions({ cursor: 'bm90LWEta2V5' }, me, ports).catch((e: unknown) => e);

    expect(unknown).toBeInstanceOf(NotFound);
    expect(forged).toBeInstanceOf(InvalidInput);
    expect((forged as InvalidInput).fields).toEqual({ cursor: { key: 'field.invalid' } });
  });

  it('refuses a signed-in person who is not an imported officer', async () => {
    const { ports } = await arrange([]);

    const error = await listSuggestions(
      {},
      { subject: 'x', email: 'stranger@example.vn', groups: [] },
      ports,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Forbidden);
  });
});

describe('officer actions', () => {
  it('marks a new suggestion read once, and moves its counters', async () => {
    const { ports, suggestions, clock } = await arrange([suggestion(1, 'G-QT5A')]);
    const me = identityOf(OFFICERS.groupHead);

    const read = await markRead('s000000000000001', me, ports);
    clock.advance(5);
    const again = await markRead('s000000000000001', me, ports);

    expect(read).toMatchObject({ status: 'read', readAt: '2025-03-12T07:00:00.000Z' });
    expect(again).toEqual(read);
    expect(suggestions.tallies.get('G-QT5A')).toEqual({ received: -1, read: 1 });
  });

  it('posts public replies, and the status becomes answered', async () => {
    const { ports, suggestions, clock } = await arrange([suggestion(1, 'G-QT5A')]);
    const me = identityOf(OFFICERS.wardPolice);

    await replyToSuggestion('s000000000000001', 'Đã báo điện lực sửa đèn.', me, ports);
    clock.advance(60);
    const second = await replyToSuggestion('s000000000000001', 'Đèn đã sửa xong.', me, ports);

    expect(second).toMatchObject({
      status: 'answered',
      readAt: '2025-03-12T07:00:00.000Z',
      answeredAt: '2025-03-12T07:00:00.000Z',
      replies: [
        { at: '2025-03-12T07:00:00.000Z', text: 'Đã báo điện lực sửa đèn.' },
        { at: '2025-03-12T08:00:00.000Z', text: 'Đèn đã sửa xong.' },
      ],
    });
    expect(suggestions.items.get('s000000000000001')?.replies.map((r) => r.by)).toEqual(['UB-CA1', 'UB-CA1']);
    expect(suggestions.tallies.get('G-QT5A')).toEqual({ received: -1, answered: 1 });
  });

  it('hides with a reason kept for the audit, and refuses a reply afterwards', async () => {
    const { ports, suggestions } = await arrange([suggestion(1, 'G-QT5A', { status: 'read' })]);
    const me = identityOf(OFFICERS.groupHead);

    const hidden = await hideSuggestion('s000000000000001', 'Nội dung xúc phạm người khác', me, ports);
    const twice = await hideSuggestion('s000000000000001', 'Lần nữa', me, ports);
    const reply = await replyToSuggestion('s000000000000001', 'Trả lời', me, ports).catch((e: unknown) => e);

    expect(hidden).toMatchObject({
      status: 'hidden',
      text: 'Góp ý số 1 cho hòm thư.',
      hidden: { at: '2025-03-12T07:00:00.000Z', reason: 'Nội dung xúc phạm người khác' },
    });
    expect(twice).toEqual(hidden);
    expect(reply).toBeInstanceOf(Conflict);
    expect((reply as Conflict).messageKey).toBe('error.suggestion_hidden');
    expect(suggestions.tallies.get('G-QT5A')).toEqual({ read: -1, hidden: 1 });
  });

  it('refuses an officer of another area with 403, leaving the suggestion as it was and an audit entry', async () => {
    const { ports, suggestions, audit } = await arrange([suggestion(1, 'G-QT5A')]);

    const error = await replyToSuggestion(
      's000000000000001',
      'Không phải việc của tôi',
      identityOf(OFFICERS.haLong),
      ports,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Forbidden);
    expect(suggestions.items.get('s000000000000001')?.status).toBe('received');
    expect(audit).toEqual([
      {
        at: '2025-03-12T07:00:00.000Z',
        officerId: 'HL-CA1',
        action: 'suggestions.reply',
        target: 'UONG-BI-QT5A',
        outcome: 'denied',
      },
    ]);
  });

  it('answers 404 for an unknown suggestion', async () => {
    const { ports } = await arrange([]);

    const error = await markRead('s000000000000009', identityOf(OFFICERS.admin), ports).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(NotFound);
  });
});
