import type { FollowUpView } from '../../../functions/follow-up/view';
import { localDateTime, statusLabel, suggestionStatusLabel } from '../../../functions/reports/labels';
import { submit } from './api';
import { takeCarriedReceipt } from './carry';
import { byId, el, lang } from './dom';
import { enhance, M } from './public-page';
import { errorMessage } from './pure';

const form = byId<HTMLFormElement>('follow-up-form');
const eraseForm = byId<HTMLFormElement>('erase-form');
const removedLine = byId('contact-removed');
// The receipt of the answer on screen: the field may have been edited since it was looked up.
let asked = '';
let shown = '';
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

/** What the report keeps of the resident's contact details, and the offer to remove them. */
function showContact(answer: FollowUpView): void {
  const removed = answer.contactRemoved;
  byId('contact').hidden = !answer.contactGiven && !removed;
  byId('contact-given').hidden = !answer.contactGiven;
  byId<HTMLDetailsElement>('erase').open = false;
  byId<HTMLInputElement>('erase-receipt').value = answer.contactGiven ? shown : '';
  removedLine.hidden = !removed;
  const words = removedLine.dataset;
  if (removed) {
    removedLine.textContent =
      removed.by === 'resident'
        ? (words.resident ?? '').replace('{at}', localDateTime(removed.at, zone, lang))
        : (words.retention ?? '');
  }
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
  showContact(answer);
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
  body: (fields) => {
    asked = fields.receipt ?? '';
    return { receipt: asked };
  },
  explain: (answer) => (answer.status === 404 ? { receipt: M.receiptUnknown } : undefined),
  done: (data) => {
    shown = asked;
    show(data as FollowUpView);
  },
});

// Removing the contact details: the receipt of the report on screen goes in the body, as the form
// without JavaScript posts it; the answer replaces the offer, and focus moves to what it says.
eraseForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = eraseForm.querySelector('button') as HTMLButtonElement;
  const error = byId('erase-error');
  if (button.disabled) return;
  button.disabled = true;
  error.hidden = true;
  let problem: string | undefined;
  try {
    const answer = await submit('/api/follow-up/erase-contact', { receipt: shown }, { lang });
    if (answer.status === 200) {
      const words = removedLine.dataset;
      byId('contact-given').hidden = true;
      removedLine.textContent =
        ((answer.data as { removed?: boolean }).removed ? words.erased : words.none) ?? '';
      removedLine.hidden = false;
      removedLine.focus();
    } else problem = errorMessage(answer.data) ?? M.offline;
  } catch {
    problem = M.offline;
  }
  button.disabled = false;
  if (problem) {
    error.textContent = problem;
    error.hidden = false;
  }
});

// Come from a receipt just shown ("Follow up"): its code came along in this tab's storage, never in a
// URL; it is looked up at once and forgotten.
const carried = takeCarriedReceipt();
if (carried) {
  byId<HTMLInputElement>('receipt-input').value = carried;
  form.requestSubmit();
}
