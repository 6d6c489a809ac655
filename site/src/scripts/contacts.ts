import { displayPhone } from '../../../functions/contacts/model';
import { getJson } from './api';
import { byId, lang, M, reveal } from './dom';
import { type Place, placePicker } from './picker';

interface Contact {
  name: string;
  role: string;
  phone: string;
  kind: string;
  area: string | null;
  verifiedAt?: string | null;
}

const result = byId('contacts-result');
const title = byId('contacts-title');
const status = byId('contacts-status');
const list = byId('contacts');
const dates = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
let shown: Place | undefined;

reveal(byId('contacts-finder'));

// The same markup as the API's contacts page (functions/contacts/pages.ts), so one stylesheet serves both.
const item = (contact: Contact) => {
  const li = document.createElement('li');
  const call = document.createElement('a');
  call.href = `tel:${contact.phone}`;
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = contact.name;
  const phone = document.createElement('span');
  phone.className = 'phone';
  phone.textContent = displayPhone(contact.phone);
  call.append(name, ' ', phone);
  const role = document.createElement('span');
  role.className = 'role';
  role.textContent = contact.role;
  li.append(call, document.createElement('br'), role);
  if (contact.verifiedAt) {
    const checked = document.createElement('small');
    checked.textContent = ` (${M.checked(dates.format(new Date(contact.verifiedAt)))})`;
    li.append(checked);
  }
  return li;
};

placePicker(async (place, label) => {
  shown = place;
  list.replaceChildren();
  result.hidden = !place;
  if (!place) return;
  title.textContent = M.contactsFor(label);
  status.textContent = M.searching;
  try {
    const answer = await getJson<{ contacts: Contact[] }>(
      `/api/contacts?area=${encodeURIComponent(place.code)}`,
      lang,
    );
    if (shown !== place) return;
    list.replaceChildren(...answer.contacts.map(item));
    status.textContent = answer.contacts.some((c) => c.area === place.code) ? '' : M.noContacts;
  } catch {
    status.textContent = M.offline;
  }
});
