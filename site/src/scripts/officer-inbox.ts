import type { PublicArea } from '../../../functions/areas/model';
import type { InboxEntry, InboxPage } from '../../../functions/cases/inbox';
import type { Me } from '../../../functions/officers/who-am-i';
import { statusLabel } from '../../../functions/reports/labels';
import { byId, el, lang } from './dom';
import { api } from './officer-api';
import { day, problem, start, W, when } from './officer-console';
import { placeTitle, viName } from './officer-places';

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
  const badges: HTMLElement[] = [
    el('span', statusLabel(entry.status, lang), { class: `badge ${entry.status}` }),
  ];
  // Climbed a tier: nobody took it in time where it was first sent (tier 1 is its second round).
  if (entry.escalationTier)
    badges.push(
      el('span', `${W.round(entry.escalationTier + 1)} · ${statusLabel('escalated', lang)}`, {
        class: 'badge escalated',
      }),
    );
  if (entry.urgency === 'high') {
    // The mark is read as a word, not as "exclamation mark".
    const urgent = el('span', '', { class: 'badge urgent' });
    urgent.append(el('span', '! ', { 'aria-hidden': 'true' }), W.urgent);
    badges.unshift(urgent);
  }
  const place = entry.parentName ? `${entry.areaName}, ${entry.parentName}` : entry.areaName;
  const meta = el('p', '', { class: 'hint' });
  meta.append(
    el('span', place, viName(lang)),
    ' · ',
    el('time', when(entry.createdAt), { datetime: entry.createdAt }),
  );
  // At a risk spot: named in words, so that it is read out as well as seen.
  if (entry.spot)
    badges.push(
      el(
        'span',
        `${list.dataset.atSpot}`.replace('{name}', entry.spot.name),
        viName(lang, { class: 'badge spot' }),
      ),
    );
  const marks = el('p', '', { class: 'badges' });
  for (const badge of badges) marks.append(badge, ' ');
  li.append(link, marks, meta);
  // No empty paragraph where the retention rules erased the text: say so instead.
  if (entry.textRemovedAt)
    li.append(
      el('p', `${list.dataset.textErased}`.replace('{on}', day(entry.textRemovedAt)), { class: 'excerpt' }),
    );
  else if (entry.excerpt) li.append(el('p', entry.excerpt, { class: 'excerpt' }));
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
  const named = new Map((me.places ?? []).map((p) => [p.code, p.label[lang]]));
  for (const code of me.areas) {
    select.append(el('option', named.get(code) ?? code, { value: code }));
    try {
      const response = await fetch(`/api/areas?parent=${encodeURIComponent(code)}`, {
        headers: { accept: 'application/json' },
      });
      if (!response.ok) continue;
      const { areas } = (await response.json()) as { areas: PublicArea[] };
      for (const area of areas)
        select.append(el('option', `— ${placeTitle(area, lang)}`, { value: area.code }));
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
