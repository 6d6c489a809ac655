import type { FollowUpView } from '../../../functions/follow-up/view';
import { localDateTime, statusLabel, suggestionStatusLabel } from '../../../functions/reports/labels';
import { takeCarriedReceipt } from './carry';
import { byId, el, lang } from './dom';
import { enhance, M } from './public-page';

const form = byId<HTMLFormElement>('follow-up-form');
// The words and the date format of the API's own follow-up page, on the reader's clock.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const line = (at: string, text: string, note?: string) => {
  const li = el('li');
  li.append(el('time', localDateTime(at, zone, lang), { datetime: at }), ` ${text}`);
  if (note) li.append(el('p', note));
  return li;
};

/** Which report it is: kind, place, times (reports only). */
function showAbout(about: FollowUpView['about']): void {
  byId('about').hidden = !about;
  if (!about) return;
  const when = (id: string, at: string | undefined) => {
    byId(id).replaceChildren(...(at ? [el('time', localDateTime(at, zone, lang), { datetime: at })] : []));
  };
  byId('about-category').textContent = about.category[lang];
  byId('about-place').textContent = about.place;
  when('about-occurred', about.occurredAt);
  byId('about-occurred').hidden = !about.occurredAt;
  byId('about-occurred-label').hidden = !about.occurredAt;
  when('about-received', about.receivedAt);
}

function show(answer: FollowUpView): void {
  const status = byId('status');
  const label = answer.kind === 'suggestion' ? suggestionStatusLabel : statusLabel;
  status.textContent = label(answer.status, lang);
  status.dataset.status = answer.status;
  byId('result-title').textContent = answer.kind === 'suggestion' ? M.suggestion : M.report;
  showAbout(answer.about);
  byId('duplicate').hidden = !answer.duplicateOf;
  byId('timeline').replaceChildren(
    ...answer.timeline.map((step) => line(step.at, label(step.status, lang), step.note)),
  );
  byId('replies').replaceChildren(...answer.replies.map((reply) => line(reply.at, reply.text)));
  byId('no-replies').hidden = answer.replies.length > 0;
  byId('result').hidden = false;
  byId('result-title').focus();
}

// A new look-up hides the last answer, so that an error is never read next to another receipt's status.
form.addEventListener('submit', () => {
  byId('result').hidden = true;
});

// The receipt travels in the body of a POST, never in a URL.
enhance(form, {
  url: '/api/follow-up',
  idempotent: false,
  body: (fields) => ({ receipt: fields.receipt ?? '' }),
  explain: (answer) => (answer.status === 404 ? { receipt: M.receiptUnknown } : undefined),
  done: (data) => show(data as FollowUpView),
});

// Come from a receipt just shown ("Follow up"): its code came along in this tab's storage, never in a
// URL; it is looked up at once and forgotten.
const carried = takeCarriedReceipt();
if (carried) {
  byId<HTMLInputElement>('receipt-input').value = carried;
  form.requestSubmit();
}
