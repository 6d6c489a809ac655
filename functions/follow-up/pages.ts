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
  contact: { vi: 'Thông tin liên hệ của bạn', en: 'Your contact details' },
  contactKept: {
    vi: 'Bạn đã để lại tên hoặc số điện thoại với tin báo này, để cán bộ có thể gọi lại cho bạn.',
    en: 'You left a name or phone number with this report, so that officers can call you back.',
  },
  erase: { vi: 'Xoá thông tin liên hệ của tôi', en: 'Remove my contact details' },
  eraseExplain: {
    vi: 'Sau khi xoá, cán bộ không thể gọi lại cho bạn nữa. Tin báo vẫn được giữ và xử lý như trước.',
    en: 'Once they are removed, officers can no longer call you back. The report itself stays and is handled as before.',
  },
  eraseConfirm: { vi: 'Xác nhận xoá', en: 'Yes, remove them' },
  erasedTitle: { vi: 'Đã xoá thông tin liên hệ', en: 'Contact details removed' },
  erased: {
    vi: 'Tên và số điện thoại bạn để lại đã được xoá. Cán bộ không còn thấy chúng; tin báo vẫn được giữ.',
    en: 'The name and phone number you left have been removed. Officers no longer see them; the report itself stays.',
  },
  noneTitle: { vi: 'Không có thông tin liên hệ', en: 'No contact details' },
  none: {
    vi: 'Tin báo này không giữ tên hay số điện thoại nào của bạn.',
    en: 'This report holds no name or phone number of yours.',
  },
  withdrawn: {
    vi: 'Bạn đã rút thông tin liên hệ lúc {at}.',
    en: 'You withdrew your contact details at {at}.',
  },
  expired: {
    vi: 'Thông tin liên hệ của bạn đã được xoá sau thời hạn lưu giữ.',
    en: 'Your contact details were removed after the retention period.',
  },
  back: { vi: 'Xem lại tin báo', en: 'Back to your report' },
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

/** A sentence with `{at}` in it, the time marked up. */
function sentenceAt(text: string, at: Html): Html {
  const [before, after] = text.split('{at}');
  return html`${before}${at}${after}`;
}

/** The receipt goes back in a form's body, as the receipt page sends it: never in a URL. */
function receiptForm(lang: Lang, id: string, action: string, receipt: string, button: string): Html {
  return html`<form id="${id}" method="post" action="${action}"><input type="hidden" name="receipt" value="${receipt}"><input type="hidden" name="lang" value="${lang}"><button class="button" type="submit">${button}</button></form>`;
}

/**
 * What the report keeps of the resident's contact details, and the way to remove them: a
 * disclosure that says what removing means, then a form that posts the receipt (the confirmation
 * needs no JavaScript). Nothing for a suggestion or a report sent without contact details.
 */
function contactSection(lang: Lang, view: FollowUpView, receipt: string, when: (at: string) => Html): Html {
  if (view.contactGiven) {
    return html`<h2>${TEXT.contact[lang]}</h2>
<p>${TEXT.contactKept[lang]}</p>
<details class="erase"><summary>${TEXT.erase[lang]}</summary><p>${TEXT.eraseExplain[lang]}</p>${receiptForm(lang, 'erase-contact', '/api/follow-up/erase-contact', receipt, TEXT.eraseConfirm[lang])}</details>`;
  }
  if (!view.contactRemoved) return html``;
  const said =
    view.contactRemoved.by === 'resident'
      ? sentenceAt(TEXT.withdrawn[lang], when(view.contactRemoved.at))
      : TEXT.expired[lang];
  return html`<h2>${TEXT.contact[lang]}</h2>
<p id="contact-removed">${said}</p>`;
}

/** The answer to the erase form without JavaScript: what was done, and the way back to the report. */
export function erasedPage(lang: Lang, removed: boolean, receipt: string): string {
  const title = (removed ? TEXT.erasedTitle : TEXT.noneTitle)[lang];
  return page(
    lang,
    title,
    html`<h1>${title}</h1>
<p id="erased">${(removed ? TEXT.erased : TEXT.none)[lang]}</p>
${receiptForm(lang, 'follow-this', '/api/follow-up', receipt, TEXT.back[lang])}
<p><a href="${lang === 'en' ? '/en/follow-up/' : '/follow-up/'}">${TEXT.again[lang]}</a></p>`,
  );
}

/**
 * The answer to the follow-up form without JavaScript. `receipt` (as typed) is written into the page
 * only where the report still holds contact details, in the form that removes them.
 */
export function followUpPage(lang: Lang, view: FollowUpView, timeZone: string, receipt: string): string {
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
${contactSection(lang, view, receipt, when)}
<p><a class="button" href="${lang === 'en' ? '/en/follow-up/' : '/follow-up/'}">${TEXT.again[lang]}</a></p>`,
  );
}
