import type { PublicCategory } from '../../../functions/categories/model';
import { getJson, prepareProof } from './api';
import { byId, lang } from './dom';
import { takeRefill } from './offline-page';
import { type Place, placePicker } from './picker';
import { enhance, fillForm, M, reveal, showErrors, showReceipt } from './public-page';
import { type Fields, reportBody } from './pure';

const form = byId<HTMLFormElement>('report-form');
let place: (Place & { label: string }) | undefined;
let refill: Fields | undefined;
reveal(form);
// Once the place is known, the proof of work is solved while the person types.
const showPlace = placePicker((chosen, label) => {
  place = chosen && { ...chosen, label };
  if (chosen) prepareProof(lang, chosen.code);
});

// Categories are imported data, not part of the built page (the service worker keeps the last answer).
getJson<{ categories: PublicCategory[] }>('/api/categories', lang).then(
  ({ categories }) => {
    byId<HTMLSelectElement>('category').append(...categories.map((c) => new Option(c.label[lang], c.code)));
    if (refill) fillForm(form, refill);
  },
  () => showErrors(form, {}, M.categoriesFailed),
);

// A report kept on the phone that the API refused, opened again to be put right.
void takeRefill().then((kept) => {
  if (!kept) return;
  refill = kept.fields;
  fillForm(form, kept.fields);
  if (kept.place) showPlace(kept.place, kept.place.label);
});

// The offset the person's clock had at the time they typed, as the API wants an offset with it.
const offsetAt = (local: string) => -new Date(local).getTimezoneOffset();

enhance(form, {
  url: '/api/reports',
  idempotent: true,
  body: (fields) => reportBody(fields, offsetAt),
  check: (fields) => (fields.area ? undefined : { area: M.pickArea }),
  area: (fields) => fields.area,
  keep: { kind: 'report', place: () => place },
  done: (data) => showReceipt(form, (data as { receipt: string }).receipt),
});
