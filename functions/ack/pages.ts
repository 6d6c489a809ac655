import { localDateTime, roleLabel } from '../reports/labels';
import { html, page, vi } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import type { Acknowledged, AckView } from './acknowledge';
import type { SummaryView } from './summary';

const TEXT = {
  title: { vi: 'Tin báo mới', en: 'New report' },
  category: { vi: 'Loại vụ việc', en: 'Kind of incident' },
  place: { vi: 'Nơi xảy ra', en: 'Where' },
  time: { vi: 'Thời gian', en: 'Time' },
  button: { vi: 'Nhận xử lý', en: 'Take it' },
  already: { vi: 'Tin này đã có cán bộ nhận:', en: 'An officer has already taken this:' },
  doneTitle: { vi: 'Bạn đã nhận tin này', en: 'You have taken this report' },
  takenTitle: { vi: 'Tin này đã có cán bộ nhận', en: 'Already taken' },
  first: {
    vi: 'Bạn đã nhận tin này. Người gửi sẽ biết đã có cán bộ nhận.',
    en: 'You have taken this report. The sender will see that an officer has it.',
  },
  notFirst: { vi: 'Tin này đã có cán bộ khác nhận trước:', en: 'Another officer took this report first:' },
  console: { vi: 'Xem chi tiết trong trang cán bộ.', en: 'See the details in the officer console.' },
  summaryTitle: { vi: 'Các tin báo mới', en: 'New reports' },
  summaryLead: {
    vi: (n: number) =>
      `${n} tin báo đến lúc máy bạn vừa nhận nhiều tin nhắn. Bấm Nhận xử lý ở từng tin bạn lo.`,
    en: (n: number) =>
      `${n} reports that came while your phone had just got many texts. Press Take it on each one you deal with.`,
  },
  noneLeft: { vi: 'Danh sách này không còn tin báo nào.', en: 'No report is left in this list.' },
  firstSteps: { vi: 'Việc cần làm trước', en: 'What to do first' },
  allSteps: {
    vi: (n: number) => `Xem đủ ${n} bước và đánh dấu từng bước đã làm trên trang vụ việc.`,
    en: (n: number) => `See all ${n} steps, and tick each one done, on the case page.`,
  },
};

/** The report's case in the officer console, in the page's language (the console asks to sign in first). */
function caseLink(lang: Lang, id: string, text: string = TEXT.console[lang]) {
  const href = `${lang === 'en' ? '/en' : ''}/officer/report/?id=${encodeURIComponent(id)}`;
  return html`<p><a href="${href}">${text}</a></p>`;
}

/**
 * The playbook's first steps for the officer who has just taken the report, with the way to the case
 * page where the whole playbook is a checklist.
 */
function firstSteps(lang: Lang, result: Acknowledged) {
  if (!result.steps?.length) return caseLink(lang, result.id);
  return html`<section aria-labelledby="first-steps"><h2 id="first-steps">${TEXT.firstSteps[lang]}</h2>
<ol class="steps">${result.steps.map((s) => html`<li value="${s.step}">${s.text[lang]}</li>`)}</ol></section>
${caseLink(lang, result.id, TEXT.allSteps[lang](result.stepCount ?? result.steps.length))}`;
}

/**
 * What the SMS link opens: the report in brief and one button, or, once taken, who has it (the
 * officer themself when it is theirs) and no button. Opening it changes nothing.
 */
export function ackPage(lang: Lang, token: string, view: AckView, timeZone: string): string {
  const title = !view.acknowledged
    ? TEXT.title[lang]
    : view.byYou
      ? TEXT.doneTitle[lang]
      : TEXT.takenTitle[lang];
  return page(
    lang,
    title,
    html`<h1>${title}</h1>
<dl class="facts"><dt>${TEXT.category[lang]}</dt><dd>${view.category.label[lang]}</dd>
<dt>${TEXT.place[lang]}</dt><dd>${vi(lang, view.place)}</dd>
<dt>${TEXT.time[lang]}</dt><dd><time datetime="${view.time}">${localDateTime(view.time, timeZone, lang)}</time></dd></dl>
${
  !view.acknowledged
    ? html`<form method="post" action="/api/ack/${encodeURIComponent(token)}"><input type="hidden" name="lang" value="${lang}"><button class="button" type="submit">${TEXT.button[lang]}</button></form>`
    : view.byYou
      ? html`<p class="status"><strong>${TEXT.first[lang]}</strong></p>`
      : html`<p class="status">${TEXT.already[lang]} <strong>${roleLabel(view.by ?? 'officer', lang)}</strong></p>`
}
${caseLink(lang, view.id)}`,
  );
}

/**
 * The answer to taking a report: the officer's (with the playbook's first steps) or whoever was first.
 * Only this POST's answer shows the steps: the link's own page stays what it was, a page to decide on.
 */
export function acknowledgedPage(lang: Lang, result: Acknowledged): string {
  const title = result.byYou ? TEXT.doneTitle[lang] : TEXT.takenTitle[lang];
  return page(
    lang,
    title,
    html`<h1>${title}</h1>
${
  result.byYou
    ? html`<p class="status"><strong>${TEXT.first[lang]}</strong></p>`
    : html`<p class="status">${TEXT.notFirst[lang]} <strong>${roleLabel(result.by, lang)}</strong></p>`
}
${result.byYou ? firstSteps(lang, result) : caseLink(lang, result.id)}`,
  );
}

/**
 * What a summary SMS links to: the reports it carried, each as its own acknowledge page shows it, with
 * its own button (a plain form posting to that report's acknowledge link). Opening it changes nothing.
 */
export function summaryPage(lang: Lang, view: SummaryView, timeZone: string): string {
  const items = view.reports.map(
    (item) => html`<li><dl class="facts"><dt>${TEXT.category[lang]}</dt><dd>${item.category.label[lang]}</dd>
<dt>${TEXT.place[lang]}</dt><dd>${vi(lang, item.place)}</dd>
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
