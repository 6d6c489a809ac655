import type { PublicArea } from '../../../functions/areas/model';
import type { InboxEntry, InboxPage } from '../../../functions/cases/inbox';
import type { Me } from '../../../functions/officers/who-am-i';
import { statusLabel } from '../../../functions/reports/labels';
import { byId, el, lang } from './dom';
import { api } from './officer-api';
import { problem, start, W, when } from './officer-console';

const form = byId<HTMLFormElement>('filters');
const list = byId<HTMLUListElement>('inbox');
const more = byId<HTMLButtonElement>('more');
const status = byId('inbox-status');
const reportPage = lang === 'en' ? '/en/officer/report/' : '/officer/report/';
let cursor: string | undefined;
let shown = 0;

function item(entry: InboxEntry): HTMLLIElement {
  const li = el('li');
  li.dataset.status = entry.status;
  const link = el('a', entry.categoryLabel[lang], {
    href: `${reportPage}?id=${encodeURIComponent(entry.id)}`,
  });
  const badge = el('span', statusLabel(entry.status, lang), { class: `badge ${entry.status}` });
  const place = entry.parentName ? `${entry.areaName}, ${entry.parentName}` : entry.areaName;
  const meta = el('p', `${place} · `, { class: 'hint' });
  meta.append(el('time', when(entry.createdAt), { datetime: entry.createdAt }));
  if (entry.urgency === 'high') link.prepend(el('span', '! ', { class: 'urgent', 'aria-hidden': 'true' }));
  li.append(link, ' ', badge, meta, el('p', entry.excerpt, { class: 'excerpt' }));
  return li;
}

async function load(reset: boolean): Promise<void> {
  if (reset) {
    cursor = undefined;
    shown = 0;
    list.replaceChildren();
  }
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form))
    if (typeof value === 'string' && value) query.set(name, value);
  if (cursor) query.set('cursor', cursor);
  status.textContent = W.loading;
  more.disabled = true;
  try {
    const answer = await api<InboxPage>(`/api/officer/reports?${query}`);
    if (answer.status !== 200) {
      status.textContent = problem(answer);
      return;
    }
    list.append(...answer.data.reports.map(item));
    shown += answer.data.reports.length;
    cursor = answer.data.next;
    more.hidden = !cursor;
    status.textContent = shown === 0 ? W.noReports : W.shown(shown);
  } catch {
    status.textContent = W.offline;
  } finally {
    more.disabled = false;
  }
}

/** The areas to filter by: each served area's places one level down, named (the public areas API). */
async function fillAreas(me: Me): Promise<void> {
  const select = byId<HTMLSelectElement>('filter-area');
  for (const code of me.areas) {
    select.append(el('option', code, { value: code }));
    try {
      const response = await fetch(`/api/areas?parent=${encodeURIComponent(code)}`, {
        headers: { accept: 'application/json' },
      });
      if (!response.ok) continue;
      const { areas } = (await response.json()) as { areas: PublicArea[] };
      for (const area of areas) select.append(el('option', `— ${area.name}`, { value: area.code }));
    } catch {
      // The list still works without names.
    }
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void load(true);
});
more.addEventListener('click', () => void load(false));

void start(async (me) => {
  await Promise.all([fillAreas(me), load(true)]);
});
