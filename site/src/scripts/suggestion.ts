import type { PublicBox } from '../../../functions/suggestions/model';
import { getJson, prepareProof } from './api';
import { byId, el, lang } from './dom';
import { takeRefill } from './offline-page';
import { type Place, placePicker } from './picker';
import { enhance, fillForm, M, reveal, showReceipt } from './public-page';
import { type Fields, suggestionBody } from './pure';

const form = byId<HTMLFormElement>('suggestion-form');
const boxesField = byId('boxes-field');
const boxes = byId('boxes');
const noBoxes = byId('no-boxes');
let place: Place | undefined;
let label = '';
let refill: Fields | undefined;

reveal(form);
boxesField.hidden = true;

const radio = (box: PublicBox, only: boolean) => {
  const input = el('input', undefined, {
    type: 'radio',
    id: `box-${box.id}`,
    name: 'box',
    value: box.id,
    required: '',
  });
  input.checked = only;
  const label = el('label', undefined, { class: 'radio' });
  label.append(input, ` ${box.name}`);
  return label;
};

const showPlace = placePicker(async (chosen, chosenLabel) => {
  place = chosen;
  label = chosenLabel;
  boxes.replaceChildren();
  boxesField.hidden = true;
  noBoxes.hidden = true;
  if (!chosen) return;
  prepareProof(lang, chosen.code);
  try {
    const answer = await getJson<{ boxes: PublicBox[] }>(
      `/api/boxes?area=${encodeURIComponent(chosen.code)}`,
      lang,
    );
    if (place !== chosen) return;
    boxes.replaceChildren(...answer.boxes.map((box) => radio(box, answer.boxes.length === 1)));
    boxesField.hidden = answer.boxes.length === 0;
    noBoxes.hidden = answer.boxes.length > 0;
    if (refill) fillForm(form, refill);
  } catch {
    noBoxes.textContent = M.offline;
    noBoxes.hidden = false;
  }
});

// A suggestion kept on the phone that the API refused, opened again to be put right.
void takeRefill().then((kept) => {
  if (!kept) return;
  refill = kept.fields;
  fillForm(form, kept.fields);
  if (kept.place) showPlace(kept.place, kept.place.label);
});

enhance(form, {
  url: '/api/suggestions',
  idempotent: true,
  body: suggestionBody,
  check: (fields): Record<string, string> | undefined =>
    !place ? { area: M.pickArea } : fields.box ? undefined : { box: M.pickBox },
  area: () => place?.code,
  keep: { kind: 'suggestion', place: () => place && { ...place, label } },
  done: (data) => showReceipt(form, (data as { receipt: string }).receipt),
});
