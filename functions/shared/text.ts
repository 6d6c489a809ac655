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

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
