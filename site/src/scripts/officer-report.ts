import type { Mediation } from '../../../functions/cases/model';
import type { Actor, CaseView } from '../../../functions/cases/view';
import { roleLabel, statusLabel } from '../../../functions/reports/labels';
import { byId, clearErrors, el, lang } from './dom';
import { type ApiError, api, newKey } from './officer-api';
import { problem, start, W, when } from './officer-console';
import { outcomeLabel } from './officer-text';

const id = new URLSearchParams(location.search).get('id') ?? '';
const form = byId<HTMLFormElement>('status-form');
const select = byId<HTMLSelectElement>('status-select');
const save = byId<HTMLButtonElement>('save');
// One key per intended change: kept while the same change is retried, renewed once it is saved.
let key = newKey();
let takeKey = newKey();
let current = '';

const actor = (by?: Actor) => (by ? [by.name, roleLabel(by.role, lang)].filter(Boolean).join(', ') : '');
const mediationText = (m: Mediation) => `${outcomeLabel(W, m.outcome)} · ${m.mediator} · ${m.mediatedAt}`;

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
  fact(W.place, r.parentName ? `${r.areaName}, ${r.parentName}` : r.areaName);
  fact(W.reported, when(r.createdAt));
  if (r.occurredAt) fact(W.happened, when(r.occurredAt));
  if (r.place) fact(W.placeDetail, r.place);
  fact(W.description, r.description);
  if (r.contact?.phone) {
    const call = el('a', [r.contact.name, r.contact.phone].filter(Boolean).join(' · '), {
      href: `tel:${r.contact.phone}`,
    });
    fact(W.contact, call);
  } else fact(W.contact, r.contact?.name ?? W.anonymous);
  if (r.duplicateOf) fact(W.duplicateOf, r.duplicateOf);
  if (r.mediation) fact(W.mediation, mediationText(r.mediation));

  byId('take').hidden = r.status !== 'received';
  byId('case-closed').hidden = r.status !== 'closed';
  select.replaceChildren(
    el('option', W.keep, { value: r.status }),
    ...view.next.map((s) => el('option', statusLabel(s, lang), { value: s })),
  );
  if (r.mediable && view.next.includes('mediated')) select.value = 'mediated';
  else if (view.next[0]) select.value = view.next[0];
  byId('mediation').hidden = select.value !== 'mediated';

  byId('timeline').replaceChildren(
    ...view.timeline.map((step) => {
      const detail = [
        actor(step.by),
        step.recipients !== undefined ? `${W.sms}: ${step.recipients}` : '',
        step.mediation ? mediationText(step.mediation) : '',
      ]
        .filter(Boolean)
        .join(' · ');
      return entry(step.at, statusLabel(step.status, lang), detail || undefined);
    }),
  );
  const rows = view.notified.map((n) => {
    const tr = el('tr');
    const who = n.role === 'duty_desk' ? W.desk : actor(n);
    tr.append(
      el('td', String(n.tier)),
      el('td', `${who} (${n.level})`),
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

select.addEventListener('change', () => {
  byId('mediation').hidden = select.value !== 'mediated';
  key = newKey();
});
form.addEventListener('input', () => {
  key = newKey();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const body: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (select.value !== 'mediated' && ['outcome', 'mediator', 'mediatedAt'].includes(name)) continue;
    body[name] = value;
  }
  void send(body);
});
byId('take-button').addEventListener('click', () => {
  if (current === 'received') void send({ status: 'acknowledged' }, true);
});

void start(load);
