import type { PublicCategory } from '../../../functions/categories/model';
import { getJson, prepareProof } from './api';
import { byId, lang } from './dom';
import { placePicker } from './picker';
import { enhance, M, reveal, showErrors, showReceipt } from './public-page';
import { reportBody } from './pure';

const form = byId<HTMLFormElement>('report-form');
reveal(form);
// Once the place is known, the proof of work is solved while the person types.
placePicker((chosen) => {
  if (chosen) prepareProof(lang, chosen.code);
});

// Categories are imported data, not part of the built page.
getJson<{ categories: PublicCategory[] }>('/api/categories', lang).then(
  ({ categories }) => {
    byId<HTMLSelectElement>('category').append(...categories.map((c) => new Option(c.label[lang], c.code)));
  },
  () => showErrors(form, {}, M.categoriesFailed),
);

// The offset the person's clock had at the time they typed, as the API wants an offset with it.
const offsetAt = (local: string) => -new Date(local).getTimezoneOffset();

enhance(form, {
  url: '/api/reports',
  idempotent: true,
  body: (fields) => reportBody(fields, offsetAt),
  check: (fields) => (fields.area ? undefined : { area: M.pickArea }),
  area: (fields) => fields.area,
  done: (data) => showReceipt(form, (data as { receipt: string }).receipt),
});
