import type { Area } from '../areas/model';
import { html, page, vi } from '../shared/http/html';
import { type ReceiptWords, receiptPage } from '../shared/http/receipt-page';
import type { Lang } from '../shared/i18n';
import type { Submitted } from '../shared/submit-once';
import { localDateTime } from '../shared/time';
import type { Box, BoxPage } from './model';

const RECEIPT: ReceiptWords = {
  title: { vi: 'Đã gửi góp ý', en: 'Suggestion sent' },
  only: {
    vi: 'Hãy chép lại hoặc chụp lại mã này ngay. Chỉ có mã này mới xem được trả lời cho góp ý của bạn. Mã chỉ hiện một lần, mất thì không ai cấp lại được.',
    en: 'Write this code down or take a picture of it now. Only this code lets you read the answer to your suggestion. It is shown only once; if you lose it, nobody can give it back.',
  },
  next: {
    vi: 'Cán bộ phụ trách hòm thư sẽ đọc và trả lời. Góp ý của bạn được giấu tên.',
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
  openings: { vi: 'Thư bỏ vào hòm thư giấy, và trả lời', en: 'Notes put in the paper box, and answers' },
  openedAt: { vi: 'Mở hòm thư lúc', en: 'Box opened' },
  noOpenings: { vi: 'Hòm thư chưa được mở lần nào.', en: 'The box has not been opened yet.' },
  empty: { vi: 'Lần này không có thư nào được đăng.', en: 'No note from this opening is posted.' },
  answer: { vi: 'Trả lời:', en: 'Answer:' },
  waiting: { vi: 'Đang chờ trả lời.', en: 'Waiting for an answer.' },
};

function say(lang: Lang, key: keyof typeof TEXT, params: Record<string, string> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** A sentence with the place's Vietnamese name marked, for the page's heading. */
function sayWithPlace(lang: Lang, key: 'boxesOf', place: string) {
  const [before = '', after = ''] = TEXT[key][lang].split('{place}');
  return html`${before}${vi(lang, place)}${after}`;
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
    html`<h1>${sayWithPlace(lang, 'boxesOf', area.name)}</h1>${
      boxes.length
        ? html`<ul class="boxes">${boxes.map(
            (box) =>
              html`<li><strong>${vi(lang, box.name)}</strong><br><a class="button" href="${formLink(lang, area.code, box.id)}">${say(lang, 'write')}</a> <a href="${`/api/boxes/${encodeURIComponent(box.id)}?lang=${lang}`}">${say(lang, 'answers')}</a></li>`,
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
    html`<h1>${vi(lang, box.name)}</h1>
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
