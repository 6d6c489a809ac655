import type { Mediation } from '../../../functions/cases/model';
import type { Actor, CaseView } from '../../../functions/cases/view';
import { displayPhone } from '../../../functions/contacts/model';
import { statusLabel } from '../../../functions/reports/labels';
import { byId, clearErrors, el, lang } from './dom';
import { type ApiError, api, newKey } from './officer-api';
import { day, problem, start, W, when } from './officer-console';
import { type Place, placeName, roleAt, viName } from './officer-places';
import { outcomeLabel } from './officer-text';

const id = new URLSearchParams(location.search).get('id') ?? '';
const form = byId<HTMLFormElement>('status-form');
const select = byId<HTMLSelectElement>('status-select');
const save = byId<HTMLButtonElement>('save');
// One key per intended change: kept while the same change is retried, renewed once it is saved.
let key = newKey();
let takeKey = newKey();
let current = '';

/** "Vũ Hoàng Giang, Công an phường Uông Bí": the role by the place served, the bare role without one. */
const roleOf = (role: string, place?: Place) => roleAt(role, place, lang);
const actor = (by?: Actor) => (by ? [by.name, roleOf(by.role, by.place)].filter(Boolean).join(', ') : '');
// The mediator's name goes with the case's words under the retention rules.
const mediationText = (m: Mediation) =>
  [outcomeLabel(W, m.outcome), m.mediator, m.mediatedAt].filter(Boolean).join(' · ');

function fact(term: string, value: string | Node): void {
  const dd = el('dd');
  dd.append(value);
  byId('facts').append(el('dt', term), dd);
}

function entry(at: string, text: string, detail?: string): HTMLLIElement {
  const li = el('li');
  li.append(el('time', when(at), { datetime: at }), ` ${text}`);
  if (detail) li.append(el('p', detail));
  return li;
}

function show(view: CaseView): void {
  const r = view.report;
  current = r.status;
  byId('case-title').textContent = r.categoryLabel[lang];
  const status = byId('case-status');
  status.textContent = statusLabel(r.status, lang);
  status.dataset.status = r.status;
  byId('facts').replaceChildren();
  fact(W.place, el('span', r.parentName ? `${r.areaName}, ${r.parentName}` : r.areaName, viName(lang)));
  fact(W.reported, when(r.createdAt));
  if (r.occurredAt) fact(W.happened, when(r.occurredAt));
  if (r.place) fact(W.placeDetail, r.place);
  // Erased text is said so, with its date, rather than shown as an empty box.
  const gone = byId('facts').dataset;
  fact(
    W.description,
    r.textRemovedAt ? el('em', `${gone.textErased}`.replace('{on}', day(r.textRemovedAt))) : r.description,
  );
  if (r.contact?.phone) {
    const call = el('a', [r.contact.name, displayPhone(r.contact.phone)].filter(Boolean).join(' · '), {
      href: `tel:${r.contact.phone}`,
    });
    fact(W.contact, call);
  } else if (r.contactRemoved) {
    // Not "anonymous": the reporter left details, and whoever calls back should know why they are gone.
    const removed = r.contactRemoved;
    fact(
      W.contact,
      el(
        'em',
        removed.by === 'resident'
          ? `${gone.withdrawn}`.replace('{at}', when(removed.at))
          : `${gone.contactErased}`,
      ),
    );
  } else fact(W.contact, r.contact?.name ? el('span', r.contact.name, viName(lang)) : W.anonymous);
  if (r.duplicateOf) fact(W.duplicateOf, r.duplicateOf);
  if (r.mediation) fact(W.mediation, mediationText(r.mediation));

  if (view.checklist) void import('./officer-checklist').then((c) => c.showChecklist(view, load));
  // The risk spot's part loads after the case: the page's first script stays within its budget.
  void import('./officer-case-spot').then((spot) => spot.showSpot(view, load));
  byId('take').hidden = r.status !== 'received';
  byId('case-closed').hidden = r.status !== 'closed';
  // "Keep" first and chosen: saving a reply or a note alone never moves the case (the API takes no status).
  select.replaceChildren(
    el('option', W.keep, { value: '' }),
    ...view.next.map((s) => el('option', statusLabel(s, lang), { value: s })),
  );
  select.value = '';
  showMediation();

  byId('timeline').replaceChildren(
    ...view.timeline.map((step) => {
      const detail = [
        actor(step.by),
        step.recipients !== undefined ? W.texted(step.recipients) : '',
        step.mediation ? mediationText(step.mediation) : '',
      ]
        .filter(Boolean)
        .join(' · ');
      const where = step.place ? placeName(step.place, lang) : '';
      const what =
        step.step === undefined
          ? statusLabel(step.status, lang)
          : // A playbook step's words, by status, written into the page at build time (PLAYBOOK_TEXT).
            `${byId('checklist').dataset[step.status]}`.replace('{n}', `${step.step}`);
      return entry(step.at, what, [where, detail].filter(Boolean).join(' · ') || undefined);
    }),
  );
  const rows = view.notified.map((n) => {
    const tr = el('tr');
    const who =
      n.role === 'duty_desk' ? W.desk : [n.name, roleOf(n.role, n.place)].filter(Boolean).join(', ');
    tr.append(
      // Tier 0 is the first round.
      el('td', W.round(n.tier + 1)),
      el('td', who),
      el('td', `${W.smsState[n.state] ?? n.state}${n.reason ? ` (${n.reason})` : ''}`),
      el('td', when(n.at)),
    );
    return tr;
  });
  if (rows.length === 0) {
    const none = el('tr');
    none.append(el('td', W.notifiedNone, { colspan: '4' }));
    rows.push(none);
  }
  byId('notified')
    .querySelector('tbody')
    ?.replaceChildren(...rows);
  const listOf = (items: CaseView['replies']) =>
    items.length ? items.map((i) => entry(i.at, actor(i.by), i.text)) : [el('li', W.none)];
  byId('replies').replaceChildren(...listOf(view.replies));
  byId('notes').replaceChildren(...listOf(view.notes));
  byId('case').hidden = false;
}

async function load(): Promise<void> {
  const answer = await api<CaseView>(`/api/officer/reports/${encodeURIComponent(id)}`);
  if (answer.status !== 200) {
    byId('console-status').textContent = problem(answer);
    return;
  }
  show(answer.data);
}

function showErrors(answer: { data: unknown }, general: string): void {
  const fields = (answer.data as ApiError | null)?.error?.fields ?? {};
  for (const [name, message] of Object.entries(fields)) {
    const slot = document.getElementById(`err-${name}`);
    if (!slot) continue;
    slot.textContent = message;
    slot.hidden = false;
    document.getElementById(name)?.setAttribute('aria-invalid', 'true');
  }
  const formError = byId('form-error');
  formError.textContent = Object.keys(fields).length ? W.fixBelow : general;
  formError.hidden = false;
}

async function send(body: Record<string, string>, taking = false): Promise<void> {
  clearErrors(form);
  byId('form-done').textContent = '';
  save.disabled = true;
  save.textContent = W.saving;
  try {
    const answer = await api(`/api/officer/reports/${encodeURIComponent(id)}/status`, {
      method: 'POST',
      body,
      key: taking ? takeKey : key,
    });
    if (answer.status === 200) {
      if (taking) takeKey = newKey();
      else key = newKey();
      form.reset();
      showMediation();
      byId('form-done').textContent = W.saved;
      await load();
    } else showErrors(answer, problem(answer));
  } catch {
    showErrors({ data: null }, W.offline);
  } finally {
    save.disabled = false;
    save.textContent = W.save;
  }
}

/** The mediation's fields belong to "mediated" alone: shown, and sent, only when it is chosen. */
function showMediation(): void {
  const mediation = byId<HTMLFieldSetElement>('mediation');
  mediation.hidden = select.value !== 'mediated';
  mediation.disabled = mediation.hidden;
}

select.addEventListener('change', () => {
  showMediation();
  key = newKey();
});
form.addEventListener('input', () => {
  key = newKey();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const body: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    // A blank status is "keep": left out, as are the mediation's fields unless chosen (disabled).
    if (typeof value !== 'string' || value.trim() === '') continue;
    body[name] = value;
  }
  void send(body);
});
byId('take-button').addEventListener('click', () => {
  if (current === 'received') void send({ status: 'acknowledged' }, true);
});

void start(load);
