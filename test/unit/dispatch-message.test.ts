import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime, smsTag, smsText } from '../../functions/dispatch/message';
import { ACK_LINK_HOURS, signAckToken, TOKEN_CHARS, verifyAckToken } from '../../functions/dispatch/token';
import { fitsOneSegment, toGsm7 } from '../../functions/sms/model';
import { parseCsv } from '../../infra/import/csv';
import { PROVINCE } from './dispatch-fakes';

const demo = (file: string) => {
  const table = parseCsv(
    readFileSync(new URL(`../../infra/provinces/quang-ninh/${file}`, import.meta.url)),
    file,
  );
  return table.records.map((r) =>
    Object.fromEntries(table.header.map((h, i) => [h, r.cells[i]?.value ?? ''])),
  );
};
// The longest link a real token makes: base URL, path, and a token of its fixed length.
const ackUrl = `${PROVINCE.baseUrl}/api/ack/${'x'.repeat(TOKEN_CHARS)}`;
const at = { occurredAt: undefined, createdAt: '2025-03-12T16:59:00.000Z' };
/** The SMS goes half a minute after the report arrived: 23:59:30 on the province's clock, the same day. */
const now = new Date('2025-03-12T16:59:30.000Z');
const tag = smsTag(PROVINCE);

describe('smsText', () => {
  const areas = demo('areas.csv');
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const places = areas
    .filter((a) => a.kind !== 'province')
    .map((a) => {
      const parent = byCode.get(a.parent ?? '');
      return { areaName: a.name ?? '', parentName: parent?.kind === 'province' ? undefined : parent?.name };
    });
  const categories = demo('categories.csv').map((c) => ({ vi: c.label_vi ?? '', en: c.label_en ?? '' }));
  const longest = <T>(list: readonly T[], length: (item: T) => number) =>
    list.reduce((a, b) => (length(b) > length(a) ? b : a));

  it('fits every demo category in every demo place in one GSM-7 segment, whole, at every tier', () => {
    const texts = categories.flatMap((label) =>
      places.flatMap((place) =>
        [0, 1].map((tier) => ({
          text: smsText({
            report: { categoryLabel: label, ...place, ...at },
            tier,
            ackUrl,
            timeZone: PROVINCE.timeZone,
            tag,
            now,
          }),
          label,
          place,
        })),
      ),
    );

    expect(texts).toHaveLength(categories.length * places.length * 2);
    for (const { text, label, place } of texts) {
      expect(fitsOneSegment(text), text).toBe(true);
      // Nothing shortened: the whole category and the whole place name are there.
      expect(text).toContain(`${toGsm7(label.vi)}: ${toGsm7(place.areaName)}`);
      expect(text.startsWith(`${tag}: `)).toBe(true);
      expect(text.endsWith(`. Nhan xu ly: ${ackUrl}`)).toBe(true);
    }
    expect(Math.max(...texts.map((t) => t.text.length))).toBeLessThanOrEqual(160);
  });

  it('keeps the labelled time of every demo category in every demo place on the first SMS', () => {
    const texts = categories.flatMap((label) =>
      places.map((place) =>
        smsText({
          report: { categoryLabel: label, ...place, ...at },
          tier: 0,
          ackUrl,
          timeZone: PROVINCE.timeZone,
          tag,
          now,
        }),
      ),
    );

    expect(texts.filter((text) => !text.includes(', gui 23:59. Nhan xu ly: '))).toEqual([]);
  });

  it('gives the longest demo category in the longest demo place whole at an escalation, the time going first', () => {
    const label = longest(categories, (c) => toGsm7(c.vi).length);
    const place = longest(places, (p) => toGsm7(p.areaName).length);

    const text = smsText({
      report: {
        categoryLabel: label,
        ...place,
        occurredAt: '2025-03-11T14:40:00.000Z',
        createdAt: at.createdAt,
      },
      tier: 1,
      ackUrl,
      timeZone: PROVINCE.timeZone,
      tag,
      now,
    });

    expect([label.vi, place.areaName]).toEqual(['Tranh chấp đất đai, ranh giới', 'Khu Quang Trung 5A']);
    expect(text).toBe(
      `TuQuan QN: Chua ai nhan! Tranh chap dat dai, ranh gioi: Khu Quang Trung 5A. Nhan xu ly: ${ackUrl}`,
    );
    expect(fitsOneSegment(text)).toBe(true);
  });

  it('reads as the officer expects: where it comes from, what, where, when it was sent, and what the link does', () => {
    const text = smsText({
      report: {
        categoryLabel: { vi: 'Đánh nhau, gây rối', en: '' },
        areaName: 'Thôn Đồng Long',
        parentName: 'Đường Hoa',
        ...at,
      },
      tier: 0,
      ackUrl,
      timeZone: 'Asia/Ho_Chi_Minh',
      tag,
      now,
    });

    expect(text).toBe(
      `TuQuan QN: Danh nhau, gay roi: Thon Dong Long, Duong Hoa, gui 23:59. Nhan xu ly: ${ackUrl}`,
    );
  });

  it('says when it happened if the resident said, with the date when that was another day', () => {
    const text = (occurredAt: string) =>
      smsText({
        report: {
          categoryLabel: { vi: 'Trộm cắp tài sản', en: '' },
          areaName: 'Khu Quang Trung 5A',
          ...at,
          occurredAt,
        },
        tier: 0,
        ackUrl,
        timeZone: PROVINCE.timeZone,
        tag,
        now,
      });

    expect(text('2025-03-12T14:40:00.000Z')).toBe(
      `TuQuan QN: Trom cap tai san: Khu Quang Trung 5A, xay ra 21:40. Nhan xu ly: ${ackUrl}`,
    );
    expect(text('2025-03-11T14:40:00.000Z')).toBe(
      `TuQuan QN: Trom cap tai san: Khu Quang Trung 5A, xay ra 21:40 11/03. Nhan xu ly: ${ackUrl}`,
    );
  });

  it('shortens long names, never the link, and stays in one segment whatever the names', () => {
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(
        name,
        name,
        fc.option(name, { nil: undefined }),
        fc.integer({ min: 0, max: 7 }),
        (label, area, parent, tier) => {
          const text = smsText({
            report: { categoryLabel: { vi: label, en: '' }, areaName: area, parentName: parent, ...at },
            tier,
            ackUrl,
            timeZone: PROVINCE.timeZone,
            tag,
            now,
          });
          expect(fitsOneSegment(text)).toBe(true);
          expect(text.startsWith(`${tag}: `)).toBe(true);
          expect(text.endsWith(`. Nhan xu ly: ${ackUrl}`)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('drops the parent place, then the date, then the time before shortening anything, then cuts names at a word', () => {
    const text = (areaName: string, occurredAt?: string) =>
      smsText({
        report: {
          categoryLabel: { vi: 'Đánh nhau, gây rối', en: '' },
          areaName,
          parentName: 'Thành phố Cẩm Phả cũ',
          ...at,
          occurredAt,
        },
        tier: 1,
        ackUrl,
        timeZone: PROVINCE.timeZone,
        tag,
        now,
      });
    const twoDaysBefore = '2025-03-10T01:00:00.000Z';

    expect([
      text('Khu Minh Tiến A'),
      text('Khu Minh Tiến A', twoDaysBefore),
      text('Khu Minh Tiến A mở rộng', twoDaysBefore),
      text('Khu dân cư số 12 phường Hồng Hải mở rộng'),
    ]).toEqual([
      `TuQuan QN: Chua ai nhan! Danh nhau, gay roi: Khu Minh Tien A, gui 23:59. Nhan xu ly: ${ackUrl}`,
      `TuQuan QN: Chua ai nhan! Danh nhau, gay roi: Khu Minh Tien A, xay ra 08:00. Nhan xu ly: ${ackUrl}`,
      `TuQuan QN: Chua ai nhan! Danh nhau, gay roi: Khu Minh Tien A mo rong. Nhan xu ly: ${ackUrl}`,
      `TuQuan QN: Chua ai nhan! Danh nhau, gay roi: Khu dan cu so 12 phuong... Nhan xu ly: ${ackUrl}`,
    ]);
  });

  it('refuses a base URL so long that nothing else would fit', () => {
    expect(() =>
      smsText({
        report: { categoryLabel: { vi: 'X', en: '' }, areaName: 'Y', ...at },
        tier: 0,
        ackUrl: `https://${'a'.repeat(100)}.vn/api/ack/x`,
        timeZone: PROVINCE.timeZone,
        tag,
        now,
      }),
    ).toThrow(/baseUrl too long/);
  });
});

describe('localTime', () => {
  it('gives hours and day on the province clock', () => {
    expect(localTime('2025-12-31T17:05:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('00:05 01/01');
  });
});

describe('ack tokens', () => {
  const key = Buffer.alloc(32, 9);
  const ref = { reportId: '7kq2m9xd4htcw8rb', tier: 3, index: 19 };
  const sent = new Date('2025-03-12T07:00:00.000Z');

  it('name the report and the recipient, in 27 URL-safe characters', () => {
    const token = signAckToken(key, ref, sent);

    expect(token).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(verifyAckToken(key, token, sent)).toEqual(ref);
  });

  it(`expire ${ACK_LINK_HOURS} hours after the SMS (to the hour)`, () => {
    const token = signAckToken(key, ref, sent);
    const hours = (h: number) => new Date(sent.getTime() + h * 3_600_000);

    expect(verifyAckToken(key, token, hours(ACK_LINK_HOURS - 0.01))).toEqual(ref);
    expect(verifyAckToken(key, token, hours(ACK_LINK_HOURS))).toBeUndefined();
  });

  it('refuse any change of a character, another key, and malformed text', () => {
    const token = signAckToken(key, ref, sent);
    const altered = [...token].map(
      (_, i) => token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1),
    );

    expect(altered.map((t) => verifyAckToken(key, t, sent))).toEqual(altered.map(() => undefined));
    expect(verifyAckToken(Buffer.alloc(32, 8), token, sent)).toBeUndefined();
    expect(verifyAckToken(key, `${token}x`, sent)).toBeUndefined();
    expect(verifyAckToken(key, '../../etc/passwd', sent)).toBeUndefined();
  });
});
