import type { Area } from '../areas/model';
import { html, page, vi } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import type { ContactLookup } from './lookup';
import { type ContactKind, displayPhone, type PublicContact } from './model';

const TEXT = {
  title: { vi: 'Số điện thoại cần gọi', en: 'Who to call' },
  national: { vi: 'Số khẩn cấp cả nước, gọi miễn phí', en: 'National emergency numbers, free to call' },
  verified: { vi: 'số kiểm tra ngày', en: 'number checked on' },
  none: { vi: 'Nơi này chưa có số riêng.', en: 'This place has no numbers of its own yet.' },
  other: { vi: 'Chọn nơi khác', en: 'Choose another place' },
};

const KIND: Record<ContactKind, { vi: string; en: string }> = {
  police: { vi: 'Công an', en: 'Police' },
  fire: { vi: 'Cứu hỏa', en: 'Fire' },
  medical: { vi: 'Y tế', en: 'Health' },
  mediation: { vi: 'Tổ hòa giải', en: 'Mediation team' },
  group_head: { vi: 'Tổ trưởng tổ tự quản', en: 'Self-management team leader' },
  village_chief: { vi: 'Trưởng thôn, bản, khu', en: 'Village head' },
  party_cell: { vi: 'Chi bộ', en: 'Party cell' },
  volunteer: { vi: 'Tình nguyện viên', en: 'Volunteer' },
};

function item(lang: Lang, c: PublicContact) {
  // The national numbers come with English words; a place's contacts are Vietnamese names and roles.
  const own = (text: string) => (c.area === null ? text : vi(lang, text));
  return html`<li><a href="tel:${c.phone}"><span class="name">${own(c.name)}</span> <span class="phone">${displayPhone(c.phone)}</span></a><br><span class="role">${KIND[c.kind][lang]} · ${own(c.role)}</span>${
    c.verifiedAt ? html` <small>(${TEXT.verified[lang]} ${c.verifiedAt})</small>` : ''
  }</li>`;
}

/** The lookup as a page with tel: links, for phones without JavaScript. */
export function contactsPage(lang: Lang, found: ContactLookup): string {
  const sections = found.places.map((place: Area) => {
    const own = found.contacts.filter((c) => c.area === place.code);
    if (own.length === 0 && place.code !== found.area.code) return '';
    return html`<section><h2>${vi(lang, place.name)}</h2>${
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
    html`<h1>${TEXT.title[lang]}: ${vi(lang, found.area.name)}</h1>
${sections}
<section><h2>${TEXT.national[lang]}</h2><ul class="contacts">${national.map((c) => item(lang, c))}</ul></section>
<p><a href="${other}">${TEXT.other[lang]}</a></p>`,
  );
}
