import { localDateTime, roleLabel } from '../reports/labels';
import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import type { Acknowledged, AckView } from './acknowledge';
import type { SummaryView } from './summary';

const TEXT = {
  title: { vi: 'Tin báo mới', en: 'New report' },
  category: { vi: 'Loại vụ việc', en: 'Category' },
  place: { vi: 'Địa bàn', en: 'Place' },
  time: { vi: 'Thời gian', en: 'Time' },
  button: { vi: 'Tôi nhận xử lý', en: 'I am taking it' },
  already: { vi: 'Tin này đã có người nhận:', en: 'Someone has already taken this:' },
  doneTitle: { vi: 'Đã xác nhận', en: 'Acknowledged' },
  first: { vi: 'Bạn đã nhận tin báo này. Cảm ơn!', en: 'You have taken this report. Thank you!' },
  notFirst: { vi: 'Tin báo đã được nhận trước bởi:', en: 'This report was already taken by:' },
  console: { vi: 'Xem chi tiết trong trang cán bộ.', en: 'See the details in the officer console.' },
  summaryTitle: { vi: 'Các tin báo mới', en: 'New reports' },
  summaryLead: {
    vi: (n: number) => `${n} tin báo gửi đến bạn khi bạn vừa nhận nhiều tin nhắn. Nhận từng tin bạn xử lý.`,
    en: (n: number) => `${n} reports that came while you had just been texted. Take each one you deal with.`,
  },
  noneLeft: { vi: 'Không còn tin báo nào trong danh sách này.', en: 'No report is left in this list.' },
};

/** What the SMS link opens: the report in brief and one button. Opening it changes nothing. */
export function ackPage(lang: Lang, token: string, view: AckView, timeZone: string): string {
  return page(
    lang,
    TEXT.title[lang],
    html`<h1>${TEXT.title[lang]}</h1>
<dl class="facts"><dt>${TEXT.category[lang]}</dt><dd>${view.category.label[lang]}</dd>
<dt>${TEXT.place[lang]}</dt><dd>${view.place}</dd>
<dt>${TEXT.time[lang]}</dt><dd><time datetime="${view.time}">${localDateTime(view.time, timeZone, lang)}</time></dd></dl>
${
  view.acknowledged
    ? html`<p class="status">${TEXT.already[lang]} <strong>${roleLabel(view.by ?? 'officer', lang)}</strong></p>`
    : html`<form method="post" action="/api/ack/${encodeURIComponent(token)}"><input type="hidden" name="lang" value="${lang}"><button class="button" type="submit">${TEXT.button[lang]}</button></form>`
}`,
  );
}

export function acknowledgedPage(lang: Lang, result: Acknowledged): string {
  return page(
    lang,
    TEXT.doneTitle[lang],
    html`<h1>${TEXT.doneTitle[lang]}</h1>
${
  result.first
    ? html`<p class="status"><strong>${TEXT.first[lang]}</strong></p>`
    : html`<p class="status">${TEXT.notFirst[lang]} <strong>${roleLabel(result.by, lang)}</strong></p>`
}
<p>${TEXT.console[lang]}</p>`,
  );
}

/**
 * What a summary SMS links to: the reports it carried, each as its own acknowledge page shows it, with
 * its own button (a plain form posting to that report's acknowledge link). Opening it changes nothing.
 */
export function summaryPage(lang: Lang, view: SummaryView, timeZone: string): string {
  const items = view.reports.map(
    (item) => html`<li><dl class="facts"><dt>${TEXT.category[lang]}</dt><dd>${item.category.label[lang]}</dd>
<dt>${TEXT.place[lang]}</dt><dd>${item.place}</dd>
<dt>${TEXT.time[lang]}</dt><dd><time datetime="${item.time}">${localDateTime(item.time, timeZone, lang)}</time></dd></dl>
${
  item.acknowledged
    ? html`<p class="status">${TEXT.already[lang]} <strong>${roleLabel(item.by ?? 'officer', lang)}</strong></p>`
    : html`<form method="post" action="${item.ack}"><input type="hidden" name="lang" value="${lang}"><button class="button" type="submit">${TEXT.button[lang]}</button></form>`
}</li>`,
  );
  return page(
    lang,
    TEXT.summaryTitle[lang],
    html`<h1>${TEXT.summaryTitle[lang]}</h1>
<p>${TEXT.summaryLead[lang](view.reports.length)}</p>
${view.reports.length > 0 ? html`<ol class="cases">${items}</ol>` : html`<p class="status">${TEXT.noneLeft[lang]}</p>`}`,
  );
}
