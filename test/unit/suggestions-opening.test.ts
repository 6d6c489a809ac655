import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden, type InvalidInput, NotFound } from '../../functions/shared/errors';
import { hideSuggestion, replyToSuggestion } from '../../functions/suggestions/answer';
import { boxesOfPlace, boxPage } from '../../functions/suggestions/boxes';
import { recordOpening } from '../../functions/suggestions/opening';
import { AREAS, BOXES, identityOf, OFFICERS, officerPorts } from './suggestions-fakes';

const opening = {
  openedAt: '2025-03-12T08:30:00+07:00',
  openedBy: 'Vũ Văn Thọ',
  witnesses: ['Đỗ Thị Mai', 'Hoàng Văn Minh'],
  entries: [
    { text: 'Xin lắp thêm đèn ở ngõ 5.', topic: 'public_services' as const },
    { text: 'Có nhóm thanh niên tụ tập khuya.' },
    { text: 'Cảm ơn tổ tự quản.' },
  ],
};
const ID = /^[0-9a-hjkmnp-tv-z]{16}$/;

describe('recordOpening', () => {
  it('files each entry as a paper suggestion of the box, without a receipt, and records the opening last', async () => {
    const { ports, suggestions, openings } = officerPorts();

    const recorded = await recordOpening('G-QT5A', opening, identityOf(OFFICERS.groupHead), ports);

    expect(recorded).toEqual({
      id: expect.stringMatching(ID),
      box: 'G-QT5A',
      openedAt: '2025-03-12T01:30:00.000Z',
      openedBy: 'Vũ Văn Thọ',
      witnesses: ['Đỗ Thị Mai', 'Hoàng Văn Minh'],
      entries: [
        { id: expect.stringMatching(ID), text: 'Xin lắp thêm đèn ở ngõ 5.', topic: 'public_services' },
        { id: expect.stringMatching(ID), text: 'Có nhóm thanh niên tụ tập khuya.' },
        { id: expect.stringMatching(ID), text: 'Cảm ơn tổ tự quản.' },
      ],
    });
    const first = recorded.entries[0];
    expect(suggestions.items.get(first?.id ?? '')).toEqual({
      id: first?.id,
      kind: 'paper',
      box: 'G-QT5A',
      boxName: 'Hòm thư góp ý Tổ tự quản khu Quang Trung 5A',
      area: 'UONG-BI-QT5A',
      ancestors: ['QN', 'UONG-BI'],
      commune: 'UONG-BI',
      text: 'Xin lắp thêm đèn ở ngõ 5.',
      topic: 'public_services',
      status: 'received',
      createdAt: '2025-03-12T07:00:00.000Z',
      opening: { id: recorded.id, openedAt: '2025-03-12T01:30:00.000Z' },
      replies: [],
    });
    expect([...openings.items.values()]).toEqual([
      {
        id: recorded.id,
        box: 'G-QT5A',
        openedAt: '2025-03-12T01:30:00.000Z',
        openedBy: 'Vũ Văn Thọ',
        witnesses: ['Đỗ Thị Mai', 'Hoàng Văn Minh'],
        entries: recorded.entries.map((e) => e.id),
        fingerprint: expect.any(String),
        recordedAt: '2025-03-12T07:00:00.000Z',
        recordedBy: 'QT5A-TT',
      },
    ]);
    expect(suggestions.tallies.get('G-QT5A')).toEqual({ received: 3, paper: 3 });
  });

  it('gives the same answer to the same recording sent again, storing nothing new; other content is a 409', async () => {
    const { ports, suggestions, clock } = officerPorts();
    const me = identityOf(OFFICERS.groupHead);
    const first = await recordOpening('G-QT5A', opening, me, ports);
    clock.advance(3);

    const again = await recordOpening('G-QT5A', opening, me, ports);
    const other = await recordOpening(
      'G-QT5A',
      { ...opening, entries: opening.entries.slice(1) },
      me,
      ports,
    ).catch((e: unknown) => e);

    expect(again).toEqual(first);
    expect(other).toBeInstanceOf(Conflict);
    expect(suggestions.items.size).toBe(3);
    expect(suggestions.tallies.get('G-QT5A')).toEqual({ received: 3, paper: 3 });
  });

  it('refuses an opening in the future or more than a year ago', async () => {
    const { ports } = officerPorts();
    const me = identityOf(OFFICERS.groupHead);

    const future = await recordOpening(
      'G-QT5A',
      { ...opening, openedAt: '2025-03-12T07:06:00Z' },
      me,
      ports,
    ).catch((e: unknown) => e);
    const old = await recordOpening(
      'G-QT5A',
      { ...opening, openedAt: '2024-03-01T07:00:00Z' },
      me,
      ports,
    ).catch((e: unknown) => e);

    expect((future as InvalidInput).fields).toEqual({ openedAt: { key: 'field.time_in_future' } });
    expect((old as InvalidInput).fields).toEqual({
      openedAt: { key: 'field.opening_too_old', params: { days: 366 } },
    });
  });

  it('refuses an officer of another area with 403 and an audit entry, and an unknown box with 404', async () => {
    const { ports, suggestions, audit } = officerPorts();

    const other = await recordOpening('G-QT5A', opening, identityOf(OFFICERS.haLong), ports).catch(
      (e: unknown) => e,
    );
    const unknown = await recordOpening('G-NOPE', opening, identityOf(OFFICERS.admin), ports).catch(
      (e: unknown) => e,
    );

    expect(other).toBeInstanceOf(Forbidden);
    expect(unknown).toBeInstanceOf(NotFound);
    expect(audit.map((a) => [a.officerId, a.action, a.target])).toEqual([
      ['HL-CA1', 'boxes.opening', 'UONG-BI-QT5A'],
    ]);
    expect(suggestions.items.size).toBe(0);
  });

  it('takes back the entries written when the opening cannot be recorded', async () => {
    const { ports, suggestions, openings } = officerPorts();
    openings.put = async () => {
      throw Object.assign(new Error('down'), { name: 'InternalServerError' });
    };

    const error = await recordOpening('G-QT5A', opening, identityOf(OFFICERS.groupHead), ports).catch(
      (e: unknown) => e,
    );

    expect((error as Error).name).toBe('InternalServerError');
    expect(suggestions.items.size).toBe(0);
  });
});

describe('boxPage', () => {
  it('shows the paper entries of the latest openings with their answers; withheld ones and names never', async () => {
    const { ports, clock } = officerPorts();
    const me = identityOf(OFFICERS.groupHead);
    const earlier = await recordOpening(
      'G-QT5A',
      { ...opening, openedAt: '2025-02-12T08:00:00+07:00', entries: [{ text: 'Góp ý tháng trước.' }] },
      me,
      ports,
    );
    const recorded = await recordOpening('G-QT5A', opening, me, ports);
    const [light, youths] = recorded.entries;
    clock.advance(60);
    await replyToSuggestion(light?.id ?? '', 'Đã đề nghị phường lắp đèn.', me, ports);
    await replyToSuggestion(light?.id ?? '', 'Đèn đã lắp xong.', me, ports);
    await hideSuggestion(youths?.id ?? '', 'Nêu tên người cụ thể', me, ports);

    const page = await boxPage('G-QT5A', ports);

    expect(page).toEqual({
      id: 'G-QT5A',
      name: 'Hòm thư góp ý Tổ tự quản khu Quang Trung 5A',
      area: 'UONG-BI-QT5A',
      openings: [
        {
          openedAt: '2025-03-12T01:30:00.000Z',
          entries: [
            { text: 'Xin lắp thêm đèn ở ngõ 5.', reply: 'Đèn đã lắp xong.' },
            { text: 'Cảm ơn tổ tự quản.' },
          ],
        },
        { openedAt: '2025-02-12T01:00:00.000Z', entries: [{ text: 'Góp ý tháng trước.' }] },
      ],
    });
    expect(earlier.entries).toHaveLength(1);
    expect(JSON.stringify(page)).not.toMatch(/Vũ Văn Thọ|Đỗ Thị Mai|Hoàng Văn Minh|QT5A-TT/);
  });

  it('answers 404 for an unknown box', async () => {
    const { ports } = officerPorts();

    await expect(boxPage('G-NOPE', ports)).rejects.toBeInstanceOf(NotFound);
  });
});

describe('boxesOfPlace', () => {
  it("lists the place's boxes then its ancestors', and 404 for an unknown place", async () => {
    const ports = {
      areas: { getArea: async (code: string) => AREAS[code] },
      boxes: {
        boxesForArea: async (area: { code: string; ancestors: string[] }) =>
          [area.code, ...[...area.ancestors].reverse()].flatMap((code) =>
            Object.values(BOXES).filter((b) => b.area === code),
          ),
      },
    };

    const found = await boxesOfPlace('UONG-BI-QT5A', ports);
    const unknown = await boxesOfPlace('NOWHERE', ports).catch((e: unknown) => e);

    expect(found.boxes.map((b) => b.id)).toEqual(['G-QT5A', 'A-UONG-BI']);
    expect(unknown).toBeInstanceOf(NotFound);
  });
});
