import type { PublicArea } from '../../../functions/areas/model';
import { getJson } from './api';
import { byId, el, lang } from './dom';
import { childrenKept, findKept } from './offline-places';
import { M } from './public-page';
import { kindLabel } from './text';

export interface Place extends PublicArea {
  /** Shown when the API gives it, to tell apart villages of the same name. */
  parentName?: string;
}

// Communes and wards have villages and residential groups under them: offer those as a second step.
const HAS_CHILDREN = new Set(['commune', 'ward', 'special_zone']);
const DELAY_MS = 250;

type OnChange = (place: Place | undefined, label: string) => void;

/**
 * Search-as-you-type over GET /api/areas?q=, then, for a commune or ward, an optional step to its
 * village or group (GET /api/areas?parent=); without signal, both from the copy of the province's
 * places the service worker keeps. The choice goes into the hidden `area` field, if the picker sits
 * in a form, and to `onChange`. Returns a way to show a place already chosen (a form filled in again).
 */
export function placePicker(onChange: OnChange): (place: Place, label: string) => void {
  const input = byId<HTMLInputElement>('area-q');
  const search = byId('area-search');
  const list = byId('area-list');
  const status = byId('area-status');
  const chosen = byId('area-chosen');
  const chosenName = byId('area-name');
  const narrow = byId('area-narrow');
  const narrowList = byId('narrow-list');
  const field = document.getElementById('area') as HTMLInputElement | null;
  let timer: number | undefined;
  let pending: AbortController | undefined;
  let current: Place | undefined;

  const render = (into: HTMLElement, places: Place[], pick: (place: Place) => void) => {
    into.replaceChildren(
      ...places.map((place) => {
        const item = el('li');
        const button = el('button', undefined, { type: 'button', class: 'pick' });
        // A place's name is Vietnamese on the English page too: screen readers read it as such.
        button.append(el('span', place.name, { lang: 'vi' }));
        const detail = [kindLabel(lang, place.kind), place.parentName].filter(Boolean).join(', ');
        if (detail) button.append(el('small', ` · ${detail}`));
        button.addEventListener('click', () => pick(place));
        item.append(button);
        return item;
      }),
    );
  };

  const set = (place: Place | undefined, within?: Place) => {
    current = place;
    const label = place ? (within ? `${place.name}, ${within.name}` : place.name) : '';
    if (field) field.value = place?.code ?? '';
    chosenName.textContent = label;
    chosen.hidden = !place;
    search.hidden = Boolean(place);
    narrow.hidden = true;
    narrowList.replaceChildren();
    list.replaceChildren();
    status.textContent = '';
    const error = document.getElementById('err-area');
    if (place && error) error.hidden = true;
    input.removeAttribute('aria-invalid');
    onChange(place, label);
  };

  const choose = async (place: Place, within?: Place) => {
    set(place, within);
    byId('area-chosen-text').focus();
    if (within || !HAS_CHILDREN.has(place.kind)) return;
    try {
      const areas = await getJson<{ areas: Place[] }>(
        `/api/areas?parent=${encodeURIComponent(place.code)}`,
        lang,
      ).then(
        (answer) => answer.areas,
        () => childrenKept(place.code, lang),
      );
      if (current !== place || areas.length === 0) return;
      render(narrowList, areas, (child) => void choose(child, place));
      narrow.hidden = false;
    } catch {
      // The second step is optional: the commune or ward alone is a valid choice.
    }
  };

  const find = async () => {
    const q = input.value.trim();
    pending?.abort();
    if (q.length < 2) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    const request = new AbortController();
    pending = request;
    status.textContent = M.searching;
    try {
      const { areas } = await getJson<{ areas: Place[] }>(
        `/api/areas?q=${encodeURIComponent(q)}`,
        lang,
        request.signal,
      );
      render(list, areas, (place) => void choose(place));
      status.textContent = areas.length ? M.found(areas.length) : M.none;
    } catch {
      if (request.signal.aborted) return;
      try {
        const areas = await findKept(q, lang);
        if (pending !== request) return;
        render(list, areas, (place) => void choose(place));
        status.textContent = `${M.fromPhone} ${areas.length ? M.found(areas.length) : M.none}`;
      } catch {
        status.textContent = M.offline;
      }
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(find, DELAY_MS);
  });
  input.addEventListener('keydown', (event) => {
    // Enter searches now instead of submitting the form around the picker.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    window.clearTimeout(timer);
    void find();
  });
  byId('area-change').addEventListener('click', () => {
    set(undefined);
    input.focus();
  });
  return (place, label) => {
    set(place);
    chosenName.textContent = label;
  };
}
