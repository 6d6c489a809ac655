import { describe, expect, it } from 'vitest';
import type { Area } from '../../functions/areas/model';
import { areasPage } from '../../functions/areas/pages';
import { contactsPage } from '../../functions/contacts/pages';
import { FORM_TEXT, TOPIC_LABELS } from '../../functions/forms/copy';
import { LABELS, roleLabel, statusLabel, suggestionStatusLabel } from '../../functions/reports/labels';
import { MESSAGES } from '../../functions/shared/i18n';
import { TEXT } from '../../site/src/i18n';
import { words } from '../../site/src/scripts/officer-text';
import { messages } from '../../site/src/scripts/text';

/**
 * The words every page shows (docs/glossary.md): each string written in both languages, and none of
 * the words the glossary rules out.
 */

type Pair = { vi: string; en: string };

/** A table's entries as [key, vi, en]; a function entry is called with 2 (and a place name). */
function pairs(table: Record<string, Pair>): [string, string, string][] {
  return Object.entries(table).map(([key, pair]) => [key, pair.vi, pair.en]);
}

function said(value: unknown): string {
  if (typeof value === 'function') return String(value(2, 'x', 'x', 'x', 'x'));
  if (value && typeof value === 'object') return Object.values(value).map(said).join(' | ');
  return String(value);
}

function split(vi: Record<string, unknown>, en: Record<string, unknown>): [string, string, string][] {
  const keys = new Set([...Object.keys(vi), ...Object.keys(en)]);
  return [...keys].map((key) => [key, key in vi ? said(vi[key]) : '', key in en ? said(en[key]) : '']);
}

const TABLES: Record<string, [string, string, string][]> = {
  'site/src/i18n.ts': pairs(TEXT),
  'site/src/scripts/text.ts': split(messages('vi'), messages('en')),
  'site/src/scripts/officer-text.ts': split(words('vi'), words('en')),
  'functions/shared/i18n.ts': pairs(MESSAGES),
  'functions/forms/copy.ts': [...pairs(FORM_TEXT), ...pairs(TOPIC_LABELS)],
  'functions/reports/labels.ts': [
    ...pairs(LABELS.status),
    ...pairs(LABELS.suggestionStatus),
    ...pairs(LABELS.role),
    ...pairs(LABELS.placeKind),
    ...pairs(LABELS.roleAt),
  ],
};

/** Words the glossary rules out, in either language (docs/glossary.md). */
const RULED_OUT = [
  'xã/phường',
  'commune/ward',
  'commune or ward',
  'dữ liệu',
  'băm',
  'hash',
  'tiếp nhận',
  'idempotency',
  'JSON',
  'payload',
  'cơ quan có thẩm quyền',
  'competent authority',
  'Cứu hỏa, cứu nạn',
  'Fire and rescue',
  'Hệ thống',
  'Lượt',
];

describe('the string tables', () => {
  for (const [file, entries] of Object.entries(TABLES)) {
    it(`${file}: every key has non-empty text in both Vietnamese and English`, () => {
      const missing = entries
        .filter(([, vi, en]) => vi.trim() === '' || en.trim() === '')
        .map(([key]) => key);

      expect(entries.length).toBeGreaterThan(0);
      expect(missing).toEqual([]);
    });

    it(`${file}: uses none of the words the glossary rules out`, () => {
      const found = entries.flatMap(([key, vi, en]) =>
        RULED_OUT.filter((word) => `${vi} ${en}`.toLowerCase().includes(word.toLowerCase())).map(
          (word) => `${key}: ${word}`,
        ),
      );

      expect(found).toEqual([]);
    });
  }
});

describe('the statuses a resident and an officer read', () => {
  it('say plainly that nobody has taken a new report, and that an officer has taken it', () => {
    expect([statusLabel('received', 'vi'), statusLabel('acknowledged', 'vi')]).toEqual([
      'Mới – chưa ai nhận',
      'Đã có cán bộ nhận',
    ]);
    expect([statusLabel('received', 'en'), statusLabel('acknowledged', 'en')]).toEqual([
      'New – nobody has taken it',
      'An officer has taken it',
    ]);
  });

  it('say a new suggestion is not read yet, and fall back to the shared words for the rest', () => {
    expect(suggestionStatusLabel('received', 'vi')).toBe('Mới – chưa ai đọc');
    expect(suggestionStatusLabel('answered', 'en')).toBe('Answered');
  });

  it('name the local police of a xã, a phường and a đặc khu alike', () => {
    expect(roleLabel('police', 'vi')).toBe('công an xã, phường, đặc khu');
    expect(roleLabel('police', 'en')).toBe('local police');
  });
});

const UONG_BI: Area = { code: 'UONG-BI', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] };

describe('Vietnamese names on English pages the API renders', () => {
  it('the place picker marks each place name lang="vi", inside the link that chooses it', () => {
    const page = areasPage('en', { areas: [UONG_BI] }, { next: 'report' });

    expect(page).toContain(
      '<span class="name"><a class="choose" href="/api/forms/report?area=UONG-BI&amp;lang=en"><span lang="vi">Uông Bí</span></a> <span class="kind">(ward)</span></span>',
    );
  });

  it('the place picker in Vietnamese needs no mark: the page itself is lang="vi"', () => {
    const page = areasPage('vi', { areas: [UONG_BI] }, { next: 'report' });

    expect(page).toContain('<html lang="vi">');
    expect(page).toContain(
      '<span class="name"><a class="choose" href="/api/forms/report?area=UONG-BI&amp;lang=vi">Uông Bí</a> <span class="kind">(phường)</span></span>',
    );
  });

  it("the contacts page marks a place's names and roles, not the national numbers' English words", () => {
    const page = contactsPage('en', {
      area: UONG_BI,
      places: [UONG_BI],
      contacts: [
        {
          name: 'Công an phường Uông Bí',
          role: 'Trực ban',
          phone: '+84900000041',
          kind: 'police',
          area: 'UONG-BI',
          verifiedAt: null,
        },
        {
          name: 'Police',
          role: 'National emergency number',
          phone: '113',
          kind: 'police',
          area: null,
          verifiedAt: null,
        },
      ],
    });

    expect(page).toContain('<h1>Who to call: <span lang="vi">Uông Bí</span></h1>');
    expect(page).toContain('<section><h2><span lang="vi">Uông Bí</span></h2>');
    expect(page).toContain(
      '<li><a href="tel:+84900000041"><span class="name"><span lang="vi">Công an phường Uông Bí</span></span> <span class="phone">0900 000 041</span></a><br><span class="role">Police · <span lang="vi">Trực ban</span></span></li>',
    );
    expect(page).toContain(
      '<li><a href="tel:113"><span class="name">Police</span> <span class="phone">113</span></a><br><span class="role">Police · National emergency number</span></li>',
    );
  });
});
