import type { Area } from '../areas/model';
import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import type { ContactLookup } from './lookup';
import { type ContactKind, displayPhone, type PublicContact } from './model';

const TEXT = {
  title: { vi: 'Số điện thoại liên hệ', en: 'Contacts' },
  national: { vi: 'Số khẩn cấp toàn quốc', en: 'National emergency numbers' },
  verified: { vi: 'kiểm tra ngày', en: 'checked on' },
  none: { vi: 'Chưa có số liên hệ riêng.', en: 'No contacts of its own yet.' },
  other: { vi: 'Chọn nơi khác', en: 'Choose another place' },
};

const KIND: Record<ContactKind, { vi: string; en: string }> = {
  police: { vi: 'Công an', en: 'Police' },
  fire: { vi: 'Cứu hỏa', en: 'Fire' },
  medical: { vi: 'Y tế', en: 'Medical' },
  mediation: { vi: 'Hòa giải', en: 'Mediation' },
  group_head: { vi: 'Tổ trưởng', en: 'Group head' },
  village_chief: { vi: 'Trưởng thôn, khu', en: 'Village chief' },
  party_cell: { vi: 'Chi bộ', en: 'Party cell' },
  volunteer: { vi: 'Tình nguyện viên', en: 'Volunteer' },
};

function item(lang: Lang, c: PublicContact) {
  return html`<li><a href="tel:${c.phone}"><span class="name">${c.name}</span> <span class="phone">${displayPhone(c.phone)}</span></a><br><span class="role">${KIND[c.kind][lang]} · ${c.role}</span>${
    c.verifiedAt ? html` <small>(${TEXT.verified[lang]} ${c.verifiedAt})</small>` : ''
  }</li>`;
}

/** The lookup as a page with tel: links, for phones without JavaScript. */
export function contactsPage(lang: Lang, found: ContactLookup): string {
  const sections = found.places.map((place: Area) => {
    const own = found.contacts.filter((c) => c.area === place.code);
    if (own.length === 0 && place.code !== found.area.code) return '';
    return html`<section><h2>${place.name}</h2>${
      own.length
        ? html`<ul class="contacts">${own.map((c) => item(lang, c))}</ul>`
        : html`<p>${TEXT.none[lang]}</p>`
    }</section>`;
  });
  const national = found.contacts.filter((c) => c.area === null);
  const other = `/api/areas?next=contacts&lang=${lang}`;
  return page(
    lang,
    `${TEXT.title[lang]} · ${found.area.name}`,
    html`<h1>${TEXT.title[lang]}: ${found.area.name}</h1>
${sections}
<section><h2>${TEXT.national[lang]}</h2><ul class="contacts">${national.map((c) => item(lang, c))}</ul></section>
<p><a href="${other}">${TEXT.other[lang]}</a></p>`,
  );
}
