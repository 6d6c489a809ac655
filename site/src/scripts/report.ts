import { getJson } from './api';
import { byId, enhance, lang, M, reveal, showErrors, showReceipt } from './dom';
import { placePicker } from './picker';
import { reportBody } from './pure';

interface Category {
  code: string;
  label: { vi: string; en: string };
}

const form = byId<HTMLFormElement>('report-form');
reveal(form);
placePicker(() => undefined);

// Categories are imported data, not part of the built page.
getJson<{ categories: Category[] }>('/api/categories', lang).then(
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
  done: (data) => showReceipt(form, (data as { receipt: string }).receipt),
});
