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

/**
 * The answer to a form posted without JavaScript (a report or a suggestion): the receipt, large, in
 * groups of four, shown once, with a way to follow up.
 */
export function receiptPage(lang: Lang, receipt: string, words: ReceiptWords): string {
  const followUp = lang === 'en' ? '/en/follow-up/' : '/follow-up/';
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
<p>${words.next[lang]}</p>
<p><a class="button" href="${followUp}">${words.followUp[lang]}</a></p>`,
  );
}
