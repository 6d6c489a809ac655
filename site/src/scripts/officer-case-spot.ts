import type { CaseView } from '../../../functions/cases/view';
import type { RiskSpot } from '../../../functions/spots/model';
import { byId, clearErrors, el, lang } from './dom';
import { type ApiError, api } from './officer-api';
import { problem, W, when } from './officer-console';
import { viName } from './officer-places';

/**
 * The case page's risk spot: the facts say at which spot the case happened and on which patrol it was
 * raised; a select of the spots of the report's place and the places above it names one, or none.
 */
const form = byId<HTMLFormElement>('spot-case-form');
/** The section's words, written into it at build time (PATROL_TEXT). */
const say = byId('spot-case').dataset;
const select = byId<HTMLSelectElement>('spot');
const spotsByArea = new Map<string, RiskSpot[]>();
let reportId = '';
let reload: () => Promise<void> = async () => undefined;

function fact(term: string, value: string): void {
  const dd = el('dd');
  dd.append(el('span', value, viName(lang)));
  byId('facts').append(el('dt', term), dd);
}

export async function showSpot(view: CaseView, load: () => Promise<void>): Promise<void> {
  const r = view.report;
  reportId = r.id;
  reload = load;
  if (r.spot) fact(`${say.spots}`, `${say.atSpot}`.replace('{name}', r.spot.name));
  if (r.patrol) fact(`${say.patrols}`, `${say.raised}`.replace('{at}', when(r.patrol.startedAt)));
  let spots = spotsByArea.get(r.area);
  if (!spots) {
    const answer = await api<{ spots: RiskSpot[] }>(
      `/api/officer/risk-spots?area=${encodeURIComponent(r.area)}&around=1`,
    );
    spots = answer.status === 200 ? answer.data.spots : [];
    spotsByArea.set(r.area, spots);
  }
  select.replaceChildren(
    el('option', `${say.none}`, { value: '' }),
    ...spots.map((s) => el('option', s.name, { value: s.id })),
  );
  select.value = r.spot?.id ?? '';
  byId('spot-case').hidden = spots.length === 0 && !r.spot;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const done = byId('spot-case-done');
  done.textContent = '';
  try {
    const answer = await api(`/api/officer/reports/${encodeURIComponent(reportId)}/spot`, {
      method: 'POST',
      body: { spot: select.value },
    });
    if (answer.status === 200) {
      done.textContent = W.saved;
      await reload();
      return;
    }
    const message = (answer.data as ApiError | null)?.error?.fields?.spot;
    const slot = byId('err-spot');
    slot.textContent = message ?? problem(answer);
    slot.hidden = false;
    select.setAttribute('aria-invalid', 'true');
  } catch {
    byId('err-spot').textContent = W.offline;
    byId('err-spot').hidden = false;
  }
});
