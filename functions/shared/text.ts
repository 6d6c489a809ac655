/**
 * Folds a text for search: lower case, no diacritics, đ → d, single spaces. "Uông Bí" → "uong bi".
 * NFD splits letters from their marks, but đ is a letter of its own, so it is mapped by hand.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a folded text. */
export function searchTokens(text: string): string[] {
  const folded = foldForSearch(text);
  return folded === '' ? [] : folded.split(' ');
}

/** Text as a person typed it, made comparable: NFC, trimmed. Lengths count code points of this. */
export function cleanText(text: string): string {
  return text.normalize('NFC').trim();
}

/**
 * Control characters no person types: C0 (NUL included) but tab, line feed and carriage return, DEL,
 * and C1. They hide text on screen, cut strings short in other programs and have no place in a report.
 */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/**
 * A cell that a spreadsheet program would read as a formula (CSV injection, OWASP): its first character
 * is `=`, `+`, `-`, `@`, a tab or a carriage return. Single quotes before it count too, so that
 * `restoreFormula` can tell a neutralized cell from one that began with a quote of its own.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALIZED = /^'+[=+\-@\t\r]/;

/** Prefixes a cell that would start a formula with `'`, which spreadsheets read as "text follows". */
export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The cell as it was before `neutralizeFormula`: one leading `'` less, where that added one. */
export function restoreFormula(cell: string): string {
  return NEUTRALIZED.test(cell) ? cell.slice(1) : cell;
}

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
