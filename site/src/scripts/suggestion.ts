import { getJson } from './api';
import { byId, enhance, lang, M, reveal, showReceipt } from './dom';
import { type Place, placePicker } from './picker';
import { suggestionBody } from './pure';

interface Box {
  id: string;
  name: string;
}

const form = byId<HTMLFormElement>('suggestion-form');
const boxesField = byId('boxes-field');
const boxes = byId('boxes');
const noBoxes = byId('no-boxes');
let place: Place | undefined;

reveal(form);
boxesField.hidden = true;

const radio = (box: Box, only: boolean) => {
  const label = document.createElement('label');
  label.className = 'radio';
  const input = document.createElement('input');
  input.type = 'radio';
  input.name = 'box';
  input.value = box.id;
  input.required = true;
  input.checked = only;
  label.append(input, ` ${box.name}`);
  return label;
};

placePicker(async (chosen) => {
  place = chosen;
  boxes.replaceChildren();
  boxesField.hidden = true;
  noBoxes.hidden = true;
  if (!chosen) return;
  try {
    const answer = await getJson<{ boxes: Box[] }>(
      `/api/boxes?area=${encodeURIComponent(chosen.code)}`,
      lang,
    );
    if (place !== chosen) return;
    boxes.replaceChildren(...answer.boxes.map((box) => radio(box, answer.boxes.length === 1)));
    boxesField.hidden = answer.boxes.length === 0;
    noBoxes.hidden = answer.boxes.length > 0;
  } catch {
    noBoxes.textContent = M.offline;
    noBoxes.hidden = false;
  }
});

enhance(form, {
  url: '/api/suggestions',
  idempotent: true,
  body: suggestionBody,
  check: (fields): Record<string, string> | undefined =>
    !place ? { area: M.pickArea } : fields.box ? undefined : { box: M.pickBox },
  done: (data) => showReceipt(form, (data as { receipt: string }).receipt),
});
