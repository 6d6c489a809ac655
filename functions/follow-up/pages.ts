import { roleLabel, statusLabel } from '../reports/labels';
import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { localDateTime } from '../shared/time';
import type { FollowUpView, TimelineEntry } from './view';

const TEXT = {
  report: { vi: 'Tin báo của bạn', en: 'Your report' },
  suggestion: { vi: 'Góp ý của bạn', en: 'Your suggestion' },
  status: { vi: 'Tình trạng:', en: 'Status:' },
  duplicate: {
    vi: 'Tin này trùng với một tin báo gửi ngay trước đó, nên không báo lại cho cán bộ.',
    en: 'This matches a report sent just before, so the officers were not told twice.',
  },
  timeline: { vi: 'Diễn biến', en: 'What happened' },
  replies: { vi: 'Trả lời', en: 'Replies' },
  noReplies: { vi: 'Chưa có trả lời.', en: 'No reply yet.' },
  again: { vi: 'Tra mã khác', en: 'Look up another code' },
  officers: { vi: '{n} người', en: '{n} people' },
};

function stepText(step: TimelineEntry, lang: Lang): string {
  const label = statusLabel(step.status, lang);
  if (step.by) return `${label} (${roleLabel(step.by, lang)})`;
  if (step.recipients !== undefined)
    return `${label} (${TEXT.officers[lang].replace('{n}', String(step.recipients))})`;
  return label;
}

/** The answer to the follow-up form without JavaScript. */
export function followUpPage(lang: Lang, view: FollowUpView, timeZone: string): string {
  const title = TEXT[view.kind][lang];
  const when = (at: string) => html`<time datetime="${at}">${localDateTime(at, timeZone, lang)}</time>`;
  return page(
    lang,
    title,
    html`<h1>${title}</h1>
<p class="status">${TEXT.status[lang]} <strong>${statusLabel(view.status, lang)}</strong></p>
${view.duplicateOf ? html`<p class="note">${TEXT.duplicate[lang]}</p>` : ''}
<h2>${TEXT.timeline[lang]}</h2>
<ol class="timeline">${view.timeline.map(
      (step) =>
        html`<li>${when(step.at)} ${stepText(step, lang)}${step.note ? html`<p>${step.note}</p>` : ''}</li>`,
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
