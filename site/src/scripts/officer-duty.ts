import type { OnDuty } from '../../../functions/cases/on-duty';
import type { MyShifts } from '../../../functions/cases/shifts';
import { displayPhone } from '../../../functions/contacts/model';
import { byId, el, lang } from './dom';
import { api } from './officer-api';
import { problem, start, W, when } from './officer-console';
import { placeTitle, roleAt, viName } from './officer-places';

async function shifts(): Promise<void> {
  const answer = await api<MyShifts>('/api/officer/shifts');
  const body = byId('shifts').querySelector('tbody') as HTMLElement;
  if (answer.status !== 200) {
    byId('console-status').textContent = problem(answer);
    return;
  }
  const rows = answer.data.shifts.map((s) => {
    const tr = el('tr');
    const place = el('td');
    place.append(el('span', s.areaName, viName(lang)));
    if (s.now) place.append(' ', el('strong', `(${W.now})`));
    tr.append(place, el('td', when(s.start)), el('td', when(s.end)));
    return tr;
  });
  if (rows.length === 0) {
    const none = el('tr');
    none.append(el('td', W.noShifts, { colspan: '3' }));
    rows.push(none);
  }
  body.replaceChildren(...rows);
}

async function onDuty(): Promise<void> {
  const answer = await api<OnDuty>('/api/officer/on-duty');
  if (answer.status !== 200) {
    byId('console-status').textContent = problem(answer);
    return;
  }
  byId('on-duty-at').textContent = when(answer.data.at);
  byId('on-duty').replaceChildren(
    ...answer.data.areas.map((area) => {
      const li = el('li');
      li.append(el('p', placeTitle(area, lang), { class: 'name' }));
      if (area.officers.length === 0) li.append(el('p', W.nobody, { class: 'hint' }));
      for (const o of area.officers) {
        const call = el('a', '', { href: `tel:${o.phone}` });
        call.append(
          el('span', o.name, viName(lang, { class: 'name' })),
          el('span', roleAt(o.role, area, lang), { class: 'role' }),
          el('span', displayPhone(o.phone), { class: 'phone' }),
        );
        li.append(call);
      }
      return li;
    }),
  );
}

void start(async () => {
  await Promise.all([shifts(), onDuty()]);
});
