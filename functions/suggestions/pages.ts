import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import type { SubmittedSuggestion } from './intake';

const TEXT = {
  title: { vi: 'Đã nhận góp ý', en: 'Suggestion received' },
  code: { vi: 'Mã biên nhận của bạn', en: 'Your receipt code' },
  only: {
    vi: 'Hãy chép lại hoặc chụp lại mã này ngay. Đây là cách duy nhất để xem trả lời cho góp ý của bạn: mã chỉ hiện một lần và không ai có thể cấp lại.',
    en: 'Write this code down or take a picture of it now. It is the only way to read the answer to your suggestion: it is shown only once and nobody can give it to you again.',
  },
  next: {
    vi: 'Cán bộ phụ trách hòm thư sẽ đọc và trả lời. Góp ý của bạn là ẩn danh.',
    en: 'The officers in charge of the box will read and answer it. Your suggestion is anonymous.',
  },
  followUp: { vi: 'Xem trả lời', en: 'Read the answer' },
};

/** The answer to the form without JavaScript: the receipt, large, in groups of four, shown once. */
export function suggestionReceiptPage(lang: Lang, submitted: SubmittedSuggestion): string {
  const groups = submitted.receipt.split('-');
  const followUp = lang === 'en' ? '/en/follow-up/' : '/follow-up/';
  return page(
    lang,
    TEXT.title[lang],
    html`<h1>${TEXT.title[lang]}</h1>
<p id="receipt-label">${TEXT.code[lang]}:</p>
<p class="receipt" aria-labelledby="receipt-label"><strong>${groups.map(
      (group, i) =>
        html`${i > 0 ? html`<span class="sep" aria-hidden="true">-</span>` : ''}<span class="group">${group}</span>`,
    )}</strong></p>
<p class="receipt-only"><strong>${TEXT.only[lang]}</strong></p>
<p>${TEXT.next[lang]}</p>
<p><a class="button" href="${followUp}">${TEXT.followUp[lang]}</a></p>`,
  );
}
