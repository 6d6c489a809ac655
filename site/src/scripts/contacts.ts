import { displayPhone, type PublicContact } from '../../../functions/contacts/model';
import { getKept } from './api';
import { byId, el, lang } from './dom';
import { type Place, placePicker } from './picker';
import { M, reveal } from './public-page';

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
const item = (contact: PublicContact) => {
  const li = el('li');
  const call = el('a', '', { href: `tel:${contact.phone}` });
  // A place's contacts are Vietnamese names and roles; the national numbers come in the page's language.
  const vi: Record<string, string> = contact.area === null ? {} : { lang: 'vi' };
  call.append(
    el('span', contact.name, { class: 'name', ...vi }),
    ' ',
    el('span', displayPhone(contact.phone), { class: 'phone' }),
  );
  li.append(call, el('br'), el('span', contact.role, { class: 'role', ...vi }));
  if (contact.verifiedAt) {
    li.append(el('small', ` (${M.checked(dates.format(new Date(contact.verifiedAt)))})`));
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
    const { data: answer, keptAt } = await getKept<{ contacts: PublicContact[] }>(
      `/api/contacts?area=${encodeURIComponent(place.code)}`,
      lang,
    );
    if (shown !== place) return;
    // The national numbers (no place of their own) are already the tiles at the top of this page.
    list.replaceChildren(...answer.contacts.filter((c) => c.area !== null).map(item));
    // Without signal, the numbers the phone kept when this place was last looked up, and when that was.
    const kept = keptAt ? M.keptNumbers(dates.format(new Date(keptAt))) : '';
    const none = answer.contacts.some((c) => c.area === place.code) ? '' : M.noContacts;
    status.textContent = [kept, none].filter(Boolean).join(' ');
  } catch {
    status.textContent = M.offline;
  }
});
