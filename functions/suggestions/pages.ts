import type { Area } from '../areas/model';
import { html, page } from '../shared/http/html';
import { type ReceiptWords, receiptPage } from '../shared/http/receipt-page';
import type { Lang } from '../shared/i18n';
import type { Submitted } from '../shared/submit-once';
import { localDateTime } from '../shared/time';
import type { Box, BoxPage } from './model';

const RECEIPT: ReceiptWords = {
  title: { vi: 'Đã nhận góp ý', en: 'Suggestion received' },
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
export function suggestionReceiptPage(lang: Lang, submitted: Submitted): string {
  return receiptPage(lang, submitted.receipt, RECEIPT);
}

const TEXT = {
  boxesOf: { vi: 'Hòm thư góp ý cho {place}', en: 'Suggestion boxes for {place}' },
  none: { vi: 'Nơi này chưa có hòm thư góp ý.', en: 'This place has no suggestion box yet.' },
  write: { vi: 'Gửi góp ý', en: 'Send a suggestion' },
  answers: { vi: 'Xem trả lời', en: 'See the answers' },
  openings: { vi: 'Góp ý bỏ vào hòm thư giấy và trả lời', en: 'Suggestions from the paper box, and answers' },
  openedAt: { vi: 'Mở hòm thư lúc', en: 'Box opened' },
  noOpenings: { vi: 'Chưa có lần mở hòm thư nào được ghi.', en: 'No opening of the box is recorded yet.' },
  empty: { vi: 'Không có góp ý nào được công bố.', en: 'No suggestion published.' },
  answer: { vi: 'Trả lời:', en: 'Answer:' },
  waiting: { vi: 'Đang chờ trả lời.', en: 'Waiting for an answer.' },
};

function say(lang: Lang, key: keyof typeof TEXT, params: Record<string, string> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

function formLink(lang: Lang, area: string, box: string): string {
  return `/api/forms/suggestion?area=${encodeURIComponent(area)}&box=${encodeURIComponent(box)}&lang=${lang}`;
}

/** GET /api/boxes?area= for a browser: each box leads to the form without JavaScript and to its page. */
export function boxListPage(lang: Lang, area: Area, boxes: readonly Box[]): string {
  const title = say(lang, 'boxesOf', { place: area.name });
  return page(
    lang,
    title,
    html`<h1>${title}</h1>${
      boxes.length
        ? html`<ul class="boxes">${boxes.map(
            (box) =>
              html`<li><strong>${box.name}</strong><br><a class="button" href="${formLink(lang, area.code, box.id)}">${say(lang, 'write')}</a> <a href="${`/api/boxes/${encodeURIComponent(box.id)}?lang=${lang}`}">${say(lang, 'answers')}</a></li>`,
          )}</ul>`
        : html`<p id="no-boxes">${say(lang, 'none')}</p>`
    }`,
  );
}

/** GET /api/boxes/{id} for a browser: the paper box's suggestions and their answers, by opening. */
export function boxPageHtml(lang: Lang, box: BoxPage, timeZone: string): string {
  return page(
    lang,
    box.name,
    html`<h1>${box.name}</h1>
<p><a class="button" href="${formLink(lang, box.area, box.id)}">${say(lang, 'write')}</a></p>
<h2>${say(lang, 'openings')}</h2>${
      box.openings.length
        ? box.openings.map(
            (opening) =>
              html`<section class="opening"><h3>${say(lang, 'openedAt')} <time datetime="${opening.openedAt}">${localDateTime(opening.openedAt, timeZone, lang)}</time></h3>${
                opening.entries.length
                  ? html`<ol class="entries">${opening.entries.map(
                      (entry) =>
                        html`<li><p>${entry.text}</p>${
                          entry.reply
                            ? html`<p class="reply"><strong>${say(lang, 'answer')}</strong> ${entry.reply}</p>`
                            : html`<p class="hint">${say(lang, 'waiting')}</p>`
                        }</li>`,
                    )}</ol>`
                  : html`<p class="hint">${say(lang, 'empty')}</p>`
              }</section>`,
          )
        : html`<p class="hint">${say(lang, 'noOpenings')}</p>`
    }`,
  );
}
