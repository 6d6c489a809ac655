import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import type { Area } from './model';

const TEXT = {
  title: { vi: 'Chọn địa bàn', en: 'Choose a place' },
  search: { vi: 'Tìm theo tên', en: 'Search by name' },
  find: { vi: 'Tìm', en: 'Find' },
  under: { vi: 'Các nơi trực thuộc', en: 'Places under it' },
  choose: { vi: 'Chọn nơi này', en: 'Choose this place' },
  none: { vi: 'Không có kết quả.', en: 'Nothing found.' },
};

type Next = 'report' | 'suggestion' | 'contacts' | undefined;

/** Where "choose this place" leads for a person without JavaScript. */
function chooseHref(next: Next, code: string, lang: Lang): string | undefined {
  const q = `area=${encodeURIComponent(code)}&lang=${lang}`;
  switch (next) {
    case 'contacts':
      return `/api/contacts?${q}`;
    case 'report':
      return `/api/forms/report?${q}`;
    case 'suggestion':
      return `/api/forms/suggestion?${q}`;
    default:
      return undefined;
  }
}

/** The areas answer as a page: pick a place step by step, or search, without JavaScript. */
export function areasPage(lang: Lang, areas: Area[], query: { q?: string | undefined; next?: Next }): string {
  const next = query.next;
  const nextField = next ? html`<input type="hidden" name="next" value="${next}">` : '';
  const items = areas.map((area) => {
    const drill = `/api/areas?parent=${encodeURIComponent(area.code)}&lang=${lang}${next ? `&next=${next}` : ''}`;
    const choose = chooseHref(next, area.code, lang);
    return html`<li><span class="name">${area.name}</span> <a href="${drill}">${TEXT.under[lang]}</a>${
      choose ? html` · <a class="choose" href="${choose}">${TEXT.choose[lang]}</a>` : ''
    }</li>`;
  });
  return page(
    lang,
    TEXT.title[lang],
    html`<h1>${TEXT.title[lang]}</h1>
<form method="get" action="/api/areas"><input type="hidden" name="lang" value="${lang}">${nextField}<label for="q">${TEXT.search[lang]}</label> <input id="q" name="q" value="${query.q ?? ''}" maxlength="100"> <button>${TEXT.find[lang]}</button></form>
${areas.length ? html`<ul class="places">${items}</ul>` : html`<p>${TEXT.none[lang]}</p>`}`,
  );
}
