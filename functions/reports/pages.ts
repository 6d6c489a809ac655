import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import type { Submitted } from './intake';

const TEXT = {
  title: { vi: 'Đã nhận tin báo', en: 'Report received' },
  code: { vi: 'Mã biên nhận của bạn', en: 'Your receipt code' },
  only: {
    vi: 'Hãy chép lại hoặc chụp lại mã này ngay. Đây là cách duy nhất để theo dõi tin báo của bạn: mã chỉ hiện một lần và không ai có thể cấp lại.',
    en: 'Write this code down or take a picture of it now. It is the only way to follow up your report: it is shown only once and nobody can give it to you again.',
  },
  next: {
    vi: 'Cán bộ trực tại địa bàn đã được báo tin. Nếu có nguy hiểm ngay lúc này, hãy gọi 113.',
    en: 'The officers on duty for the place are being told. If there is danger right now, call 113.',
  },
  followUp: { vi: 'Theo dõi tin báo', en: 'Follow up a report' },
};

/** The answer to the form without JavaScript: the receipt, large, in groups of four, shown once. */
export function receiptPage(lang: Lang, submitted: Submitted): string {
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
