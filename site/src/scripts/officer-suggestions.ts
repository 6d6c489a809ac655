import type { PublicArea } from '../../../functions/areas/model';
import { TOPIC_LABELS } from '../../../functions/forms/copy';
import type { Me } from '../../../functions/officers/who-am-i';
import { suggestionStatusLabel } from '../../../functions/reports/labels';
import type { SuggestionPage } from '../../../functions/suggestions/answer';
import type { OfficerSuggestion, PublicBox } from '../../../functions/suggestions/model';
import { byId, clearErrors, el, lang } from './dom';
import { type Answer, type ApiError, api, newKey } from './officer-api';
import { problem, start, W, when } from './officer-console';
import { withOffset } from './pure';

const filters = byId<HTMLFormElement>('suggestion-filters');
const list = byId<HTMLUListElement>('suggestions');
const more = byId<HTMLButtonElement>('more-suggestions');
const status = byId('suggestions-status');
let cursor: string | null = null;
let shown = 0;

/** An action on one suggestion; the answer is the suggestion as it now stands, drawn in its place. */
async function act(li: HTMLLIElement, s: OfficerSuggestion, action: string, body?: unknown): Promise<void> {
  const error = li.querySelector<HTMLElement>('.error');
  try {
    const answer = await api<OfficerSuggestion>(
      `/api/officer/suggestions/${encodeURIComponent(s.id)}/${action}`,
      {
        method: 'POST',
        ...(body !== undefined ? { body } : {}),
      },
    );
    if (answer.status === 200) li.replaceWith(item(answer.data));
    else if (error) {
      const fields = Object.values((answer.data as ApiError | null)?.error?.fields ?? {});
      error.textContent = fields[0] ?? problem(answer);
      error.hidden = false;
    }
  } catch {
    if (error) {
      error.textContent = W.offline;
      error.hidden = false;
    }
  }
}

/** A <details> holding one text box and a button: reply, or withhold with a reason. */
function textAction(
  li: HTMLLIElement,
  s: OfficerSuggestion,
  label: string,
  field: string,
  action: string,
  name: string,
) {
  const details = el('details');
  const id = `${action}-${s.id}`;
  const form = el('form');
  const input = el('textarea', '', { id, name, required: '' });
  form.append(el('label', field, { for: id }), input, el('button', W.send, { type: 'submit' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(li, s, action, { [name]: input.value });
  });
  details.append(el('summary', label), form);
  return details;
}

function item(s: OfficerSuggestion): HTMLLIElement {
  const li = el('li');
  li.dataset.status = s.status;
  li.dataset.id = s.id;
  const head = el('p');
  head.append(
    el('strong', s.boxName),
    ' ',
    el('span', suggestionStatusLabel(s.status, lang), { class: `badge ${s.status}` }),
  );
  const meta = [when(s.openedAt ?? s.createdAt), s.kind === 'paper' ? W.paper : W.online];
  if (s.topic) meta.push(TOPIC_LABELS[s.topic][lang]);
  li.append(head, el('p', meta.join(' · '), { class: 'hint' }), el('p', s.text, { class: 'excerpt' }));
  for (const reply of s.replies)
    li.append(el('p', `${W.reply} (${when(reply.at)}): ${reply.text}`, { class: 'note' }));
  if (s.hidden) li.append(el('p', W.hiddenBecause(s.hidden.reason), { class: 'hint' }));
  li.append(el('p', '', { class: 'error', role: 'alert', hidden: '' }));
  if (s.status === 'received') {
    const read = el('button', W.markRead, { type: 'button', class: 'secondary' });
    read.addEventListener('click', () => void act(li, s, 'read'));
    li.append(read);
  }
  if (s.status !== 'hidden') {
    li.append(
      textAction(li, s, W.reply, `${W.reply} — ${W.replyHint}`, 'reply', 'text'),
      textAction(li, s, W.hide, W.hideReason, 'hide', 'reason'),
    );
  }
  return li;
}

async function load(reset: boolean): Promise<void> {
  if (reset) {
    cursor = null;
    shown = 0;
    list.replaceChildren();
  }
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(filters))
    if (typeof value === 'string' && value) query.set(name, value);
  if (cursor) query.set('cursor', cursor);
  status.textContent = W.loading;
  try {
    const answer = await api<SuggestionPage>(`/api/officer/suggestions?${query}`);
    if (answer.status !== 200) {
      status.textContent = problem(answer);
      return;
    }
    list.append(...answer.data.suggestions.map(item));
    shown += answer.data.suggestions.length;
    cursor = answer.data.cursor;
    more.hidden = !cursor;
    status.textContent = shown === 0 ? W.noSuggestions : '';
  } catch {
    status.textContent = W.offline;
  }
}

async function json<T>(url: string): Promise<T | undefined> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    return response.ok ? ((await response.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The boxes of the places I serve and of the places one level down (the public boxes API). */
async function fillBoxes(me: Me): Promise<void> {
  const places = [...me.areas];
  for (const code of me.areas) {
    const children = await json<{ areas: PublicArea[] }>(`/api/areas?parent=${encodeURIComponent(code)}`);
    places.push(...(children?.areas ?? []).map((a) => a.code));
  }
  const found = await Promise.all(
    places.map(async (code) => {
      const answer = await json<{ boxes: PublicBox[] }>(`/api/boxes?area=${encodeURIComponent(code)}`);
      // The answer also names the boxes of the places above: each is listed under its own place.
      return (answer?.boxes ?? []).filter((b) => b.area === code);
    }),
  );
  for (const box of found.flat()) {
    byId('filter-box').append(el('option', box.name, { value: box.id }));
    byId('opening-box').append(el('option', box.name, { value: box.id }));
  }
}

const opening = byId<HTMLFormElement>('opening-form');
let openingKey = newKey();
opening.addEventListener('input', () => {
  openingKey = newKey();
});
opening.addEventListener('submit', async (event) => {
  event.preventDefault();
  const fields = Object.fromEntries([...new FormData(opening)].map(([k, v]) => [k, String(v)]));
  const local = fields.openedAt ?? '';
  const body = {
    openedAt: withOffset(local, -new Date(local).getTimezoneOffset()),
    openedBy: fields.openedBy ?? '',
    witnesses: (fields.witnesses ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    entries: (fields.entries ?? '')
      .split(/\n\s*\n/)
      .map((t) => t.trim())
      .filter(Boolean)
      .map((text) => ({ text })),
  };
  const error = byId('opening-error');
  clearErrors(opening);
  let answer: Answer;
  try {
    answer = await api(`/api/officer/boxes/${encodeURIComponent(fields.box ?? '')}/openings`, {
      method: 'POST',
      body,
      key: openingKey,
    });
  } catch {
    error.textContent = W.offline;
    error.hidden = false;
    return;
  }
  if (answer.status === 201) {
    byId('opening-done').textContent = W.recorded(body.entries.length);
    opening.reset();
    openingKey = newKey();
    await load(true);
    return;
  }
  for (const [name, message] of Object.entries((answer.data as ApiError | null)?.error?.fields ?? {})) {
    const slot = document.getElementById(`err-${name.split('.')[0]}`);
    if (slot) {
      slot.textContent = message;
      slot.hidden = false;
    }
  }
  error.textContent = problem(answer);
  error.hidden = false;
});

filters.addEventListener('submit', (event) => {
  event.preventDefault();
  void load(true);
});
more.addEventListener('click', () => void load(false));

void start(async (me) => {
  await Promise.all([fillBoxes(me), load(true)]);
});
