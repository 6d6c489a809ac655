import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  codePointLength,
  foldForSearch,
  hasControlCharacters,
  searchTokens,
} from '../../functions/shared/text';

describe('foldForSearch', () => {
  it('drops diacritics and case', () => {
    expect(foldForSearch('Uông Bí')).toBe('uong bi');
  });

  it('maps đ and Đ to d', () => {
    expect(foldForSearch('Đường Hoa')).toBe('duong hoa');
  });

  it('folds composed and decomposed forms alike', () => {
    expect(foldForSearch('Hạ Long'.normalize('NFD'))).toBe(foldForSearch('Hạ Long'.normalize('NFC')));
  });

  it('turns punctuation and runs of spaces into single spaces', () => {
    expect(foldForSearch('  Tổ dân phố — Quang Trung 5A ')).toBe('to dan pho quang trung 5a');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => foldForSearch(foldForSearch(s)) === foldForSearch(s)),
      {
        numRuns: 1000,
      },
    );
  });
});

describe('searchTokens', () => {
  it('splits a folded name into words', () => {
    expect(searchTokens('Khu Quang Trung 5A')).toEqual(['khu', 'quang', 'trung', '5a']);
  });

  it('gives no words for an empty or blank text', () => {
    expect(searchTokens('  ')).toEqual([]);
  });
});

describe('cleanText', () => {
  it('trims and composes to NFC, so lengths count what people see', () => {
    const decomposed = ' Việt '.normalize('NFD');
    expect(cleanText(decomposed)).toBe('Việt'.normalize('NFC'));
    expect(codePointLength(cleanText(decomposed))).toBe(4);
  });

  it('counts an emoji as one code point', () => {
    expect(codePointLength('a🙂b')).toBe(3);
  });
});

describe('hasControlCharacters', () => {
  it('finds C0 controls but tab, LF and CR, and DEL and C1 controls; nothing else', () => {
    const controls = [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)]
      .filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d)
      .map((c) => String.fromCharCode(c));

    expect(controls.filter((c) => !hasControlCharacters(`a${c}b`))).toEqual([]);
    expect(
      ['a\tb', 'a\nb', 'a\r\nb', 'Uông Bí', 'ẞ\u00a0€', '\u2028', '\u200b', '😀'].map(hasControlCharacters),
    ).toEqual([false, false, false, false, false, false, false, false]);
  });

  it('finds none in text made of printable characters, tabs and line breaks', () => {
    const printable = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\t', '\n', '\r'),
        fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        fc.integer({ min: 0xa0, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
      ),
    });
    fc.assert(fc.property(printable, (s) => !hasControlCharacters(s)));
  });
});
