import type { PublicArea } from '../../../functions/areas/model';
import type { Me } from '../../../functions/officers/who-am-i';
import type { PatrolPage } from '../../../functions/patrols/list-patrols';
import type { SpotList } from '../../../functions/spots/list-spots';
import { byId, clearErrors, el, lang } from './dom';
import { type ApiError, api, newKey } from './officer-api';
import { problem, start, W, when } from './officer-console';
import { placeTitle, viName } from './officer-places';

const form = byId<HTMLFormElement>('patrol-form');
const area = byId<HTMLSelectElement>('area');
const spotForm = byId<HTMLFormElement>('spot-form');
const list = byId<HTMLUListElement>('patrols');
const more = byId<HTMLButtonElement>('patrols-more');
/** The page's words, written into it at build time (PATROL_TEXT). */
const say = { ...list.dataset, ...byId('form-done').dataset, ...byId('spot-done').dataset };
/** One Idempotency-Key per patrol typed: a retry or a double tap records it once. */
let key = newKey();
let cursor: string | undefined;

/** `yyyy-mm-ddThh:mm` on the phone's clock, what a datetime-local box holds. */
function localInput(at: Date): string {
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function resetTimes(): void {
  const now = new Date();
  byId<HTMLInputElement>('startedAt').value = localInput(new Date(now.getTime() - 3600_000));
  byId<HTMLInputElement>('endedAt').value = localInput(now);
}

/** A checkbox line: the box, then its words, the whole line tappable. */
function checkbox(name: string, value: string, text: string, vi = false): HTMLLabelElement {
  const label = el('label', '', { class: 'radio' });
  label.append(
    el('input', undefined, { type: 'checkbox', name, value }),
    el('span', text, vi ? viName(lang) : {}),
  );
  return label;
}

/** The chosen place's places one level down and its risk spots, as boxes to tick. */
async function fillPlace(): Promise<void> {
  const code = area.value;
  if (!code) return;
  const [children, spots] = await Promise.all([
    fetch(`/api/areas?parent=${encodeURIComponent(code)}`, { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<{ areas: PublicArea[] }>) : { areas: [] }))
      .catch(() => ({ areas: [] as PublicArea[] })),
    api<SpotList>(`/api/officer/risk-spots?area=${encodeURIComponent(code)}`),
  ]);
  byId('places').replaceChildren(
    ...children.areas.map((a) => checkbox('places', a.code, placeTitle(a, lang), true)),
  );
  byId('places-set').hidden = children.areas.length === 0;
  const found = spots.status === 200 ? spots.data.spots : [];
  byId('spots').replaceChildren(...found.map((s) => checkbox('spots', s.id, s.name, true)));
  byId('spots-none').hidden = found.length > 0;
  byId('spots-cut').hidden = spots.status !== 200 || !spots.data.truncated;
}

const came = (n: number) => (n > 0 ? `${say.came}`.replace('{n}', String(n)) : `${say.nobody}`);

/** A patrol of the list; one of a place under the asked one names its place. */
function patrolItem(p: PatrolPage['patrols'][number], asked: string): HTMLLIElement {
  const li = el('li');
  const title = el('p');
  title.append(
    el('time', when(p.startedAt), { datetime: p.startedAt }),
    ' – ',
    el('time', when(p.endedAt), { datetime: p.endedAt }),
  );
  if (p.area !== asked) title.append(' · ', el('span', p.areaName, viName(lang)));
  li.append(title, el('p', came(p.volunteers + p.officers.length), { class: 'hint' }));
  if (p.spots.length > 0)
    li.append(
      el(
        'p',
        `${say.spots}`.replace('{names}', p.spots.map((s) => s.name).join(', ')),
        viName(lang, { class: 'hint' }),
      ),
    );
  if (p.notes) li.append(el('p', p.notes, { class: 'excerpt' }));
  return li;
}

async function loadPatrols(reset: boolean): Promise<void> {
  const status = byId('patrols-status');
  if (reset) {
    cursor = undefined;
    list.replaceChildren();
  }
  const asked = area.value;
  const query = new URLSearchParams({ area: asked });
  if (cursor) query.set('cursor', cursor);
  status.textContent = W.loading;
  try {
    const answer = await api<PatrolPage>(`/api/officer/patrols?${query}`);
    if (answer.status !== 200) {
      status.textContent = problem(answer);
      return;
    }
    list.append(...answer.data.patrols.map((p) => patrolItem(p, asked)));
    cursor = answer.data.cursor;
    more.hidden = !cursor;
    status.textContent = list.children.length === 0 ? `${say.none}` : '';
  } catch {
    status.textContent = W.offline;
  }
}

/** Each refused field's message beside it; the form's own line says what to do. */
function showErrors(
  target: HTMLFormElement,
  answer: { data: unknown },
  prefix: string,
  line: HTMLElement,
): void {
  const fields = (answer.data as ApiError | null)?.error?.fields ?? {};
  for (const [name, message] of Object.entries(fields)) {
    const slot = target.querySelector<HTMLElement>(`#err-${prefix}${name}`);
    if (!slot) continue;
    slot.textContent = message;
    slot.hidden = false;
    target.querySelector(`#${prefix}${name}`)?.setAttribute('aria-invalid', 'true');
  }
  line.textContent = Object.keys(fields).length ? W.fixBelow : problem(answer as never);
  line.hidden = false;
}

const checked = (name: string) =>
  [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  byId('form-done').textContent = '';
  const save = byId<HTMLButtonElement>('patrol-save');
  save.disabled = true;
  const value = (id: string) => byId<HTMLInputElement>(id).value;
  const instant = (id: string) => (value(id) ? new Date(value(id)).toISOString() : '');
  const body = {
    area: area.value,
    startedAt: instant('startedAt'),
    endedAt: instant('endedAt'),
    volunteers: Number(value('volunteers') || 0),
    places: checked('places'),
    spots: checked('spots'),
    notes: byId<HTMLTextAreaElement>('notes').value,
  };
  try {
    const answer = await api<{ id: string }>('/api/officer/patrols', { method: 'POST', body, key });
    if (answer.status === 201 || answer.status === 200) {
      key = newKey();
      form.reset();
      resetTimes();
      await fillPlace();
      byId('form-done').textContent = `${say.saved}`;
      await loadPatrols(true);
    } else showErrors(form, answer, '', byId('form-error'));
  } catch {
    showErrors(form, { data: null }, '', byId('form-error'));
    byId('form-error').textContent = W.offline;
  } finally {
    save.disabled = false;
  }
});

spotForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(spotForm);
  byId('spot-done').textContent = '';
  const body = Object.fromEntries(new FormData(spotForm));
  try {
    const answer = await api<{ id: string }>('/api/officer/risk-spots', { method: 'POST', body });
    if (answer.status === 201 || answer.status === 200) {
      spotForm.reset();
      byId<HTMLSelectElement>('spot-area').value = String(body.area);
      byId('spot-done').textContent = `${say.added}`;
      await fillPlace();
    } else showErrors(spotForm, answer, 'spot-', byId('spot-error'));
  } catch {
    byId('spot-error').textContent = W.offline;
    byId('spot-error').hidden = false;
  }
});

area.addEventListener('change', () => {
  void fillPlace();
  void loadPatrols(true);
});
more.addEventListener('click', () => void loadPatrols(false));

void start(async (me: Me) => {
  const named = new Map((me.places ?? []).map((p) => [p.code, p.label[lang]]));
  for (const select of [area, byId<HTMLSelectElement>('spot-area')])
    select.replaceChildren(...me.areas.map((code) => el('option', named.get(code) ?? code, { value: code })));
  resetTimes();
  await Promise.all([fillPlace(), loadPatrols(true)]);
});
