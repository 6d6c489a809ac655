import { roleLabel, statusLabel, suggestionStatusLabel } from '../reports/labels';
import { type Html, html, page, vi } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { localDateTime } from '../shared/time';
import type { FollowUpView, ReportAbout, TimelineEntry } from './view';

/** The follow-up answer's words; the site's follow-up page shows the same. */
export const FOLLOW_UP_TEXT = {
  report: { vi: 'Tin báo của bạn', en: 'Your report' },
  category: { vi: 'Loại vụ việc', en: 'Kind of incident' },
  place: { vi: 'Nơi xảy ra', en: 'Where' },
  occurredAt: { vi: 'Xảy ra lúc', en: 'Happened' },
  receivedAt: { vi: 'Gửi lúc', en: 'Sent' },
  suggestion: { vi: 'Góp ý của bạn', en: 'Your suggestion' },
  status: { vi: 'Tình trạng:', en: 'Status:' },
  duplicate: {
    vi: 'Tin này giống một tin báo gửi ngay trước đó, nên cán bộ không bị nhắn hai lần.',
    en: 'This is the same as a report sent just before, so the officers were not texted twice.',
  },
  timeline: { vi: 'Những gì đã làm', en: 'What has been done' },
  replies: { vi: 'Cán bộ trả lời', en: 'Officers’ replies' },
  noReplies: { vi: 'Chưa có trả lời.', en: 'No reply yet.' },
  again: { vi: 'Xem mã khác', en: 'Look up another code' },
  officers: { vi: '{n} người', en: '{n} people' },
  officer: { vi: '1 người', en: '1 person' },
};
const TEXT = FOLLOW_UP_TEXT;

function label(view: FollowUpView, status: string, lang: Lang): string {
  return view.kind === 'suggestion' ? suggestionStatusLabel(status, lang) : statusLabel(status, lang);
}

function stepText(view: FollowUpView, step: TimelineEntry, lang: Lang): string {
  const text = label(view, step.status, lang);
  if (step.by) return `${text} (${roleLabel(step.by, lang)})`;
  if (step.recipients !== undefined) {
    const texted =
      step.recipients === 1
        ? TEXT.officer[lang]
        : TEXT.officers[lang].replace('{n}', String(step.recipients));
    return `${text} (${texted})`;
  }
  return text;
}

/** Which report it is: its kind, place and times. */
function aboutList(lang: Lang, about: ReportAbout, when: (at: string) => Html): Html {
  return html`<dl class="facts" id="about"><dt>${TEXT.category[lang]}</dt><dd>${about.category[lang]}</dd><dt>${TEXT.place[lang]}</dt><dd>${vi(lang, about.place)}</dd>${
    about.occurredAt ? html`<dt>${TEXT.occurredAt[lang]}</dt><dd>${when(about.occurredAt)}</dd>` : ''
  }<dt>${TEXT.receivedAt[lang]}</dt><dd>${when(about.receivedAt)}</dd></dl>`;
}

/** The answer to the follow-up form without JavaScript. */
export function followUpPage(lang: Lang, view: FollowUpView, timeZone: string): string {
  const title = TEXT[view.kind][lang];
  const when = (at: string) => html`<time datetime="${at}">${localDateTime(at, timeZone, lang)}</time>`;
  return page(
    lang,
    title,
    html`<h1>${title}</h1>
${view.about ? aboutList(lang, view.about, when) : ''}
<p class="status">${TEXT.status[lang]} <strong>${label(view, view.status, lang)}</strong></p>
${view.duplicateOf ? html`<p class="note">${TEXT.duplicate[lang]}</p>` : ''}
<h2>${TEXT.timeline[lang]}</h2>
<ol class="timeline">${view.timeline.map(
      (step) =>
        html`<li>${when(step.at)} ${stepText(view, step, lang)}${step.note ? html`<p>${step.note}</p>` : ''}</li>`,
    )}</ol>
<h2>${TEXT.replies[lang]}</h2>
${
  view.replies.length
    ? html`<ul class="replies">${view.replies.map((r) => html`<li>${when(r.at)}<p>${r.text}</p></li>`)}</ul>`
    : html`<p class="hint">${TEXT.noReplies[lang]}</p>`
}
<p><a class="button" href="${lang === 'en' ? '/en/follow-up/' : '/follow-up/'}">${TEXT.again[lang]}</a></p>`,
  );
}
