import type { Lang } from '../i18n';
import { html, page } from './html';

type Words = { vi: string; en: string };

/** What a receipt page says: the kind of thing received, why the code matters, what happens next. */
export interface ReceiptWords {
  title: Words;
  only: Words;
  next: Words;
  followUp: Words;
}

const CODE: Words = { vi: 'Mã biên nhận của bạn', en: 'Your receipt code' };
const NEXT: Words = { vi: 'Tiếp theo', en: 'What happens next' };

/**
 * The answer to a form posted without JavaScript (a report or a suggestion): the receipt, large, in
 * groups of four, shown once, what happens next, and a button that follows it up at once: a form
 * posting the receipt to /api/follow-up, so that it goes in a body, never in a URL.
 */
export function receiptPage(lang: Lang, receipt: string, words: ReceiptWords): string {
  return page(
    lang,
    words.title[lang],
    html`<h1>${words.title[lang]}</h1>
<p id="receipt-label">${CODE[lang]}:</p>
<p class="receipt" aria-labelledby="receipt-label"><strong>${receipt
      .split('-')
      .map(
        (group, i) =>
          html`${i > 0 ? html`<span class="sep" aria-hidden="true">-</span>` : ''}<span class="group">${group}</span>`,
      )}</strong></p>
<p class="receipt-only"><strong>${words.only[lang]}</strong></p>
<h2>${NEXT[lang]}</h2>
<p id="next">${words.next[lang]}</p>
<form id="follow-this" method="post" action="/api/follow-up"><input type="hidden" name="receipt" value="${receipt}"><input type="hidden" name="lang" value="${lang}"><button class="button" type="submit">${words.followUp[lang]}</button></form>`,
  );
}
