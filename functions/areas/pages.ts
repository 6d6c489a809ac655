import { html, page, vi } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import type { AreaPicker } from './find-areas';
import { type Area, type AreaKind, hasPlacesUnder } from './model';

const TEXT = {
  title: { vi: 'Chọn nơi', en: 'Choose the place' },
  search: {
    vi: 'Tìm tên xã, phường, đặc khu, thôn, bản, khu, tổ dân phố',
    en: 'Search for a commune, ward, special zone, village, hamlet or neighbourhood',
  },
  find: { vi: 'Tìm', en: 'Find' },
  under: { vi: 'Xem thôn, bản, khu, tổ dân phố', en: 'See its villages and neighbourhoods' },
  choose: { vi: 'Chọn nơi này', en: 'Choose this place' },
  none: { vi: 'Không tìm thấy.', en: 'Nothing found.' },
  underOf: { vi: '{under} của {place}', en: '{under}: {place}' },
  top: { vi: 'Xã, phường, đặc khu', en: 'Communes, wards and special zones' },
  // The place's name follows, in both languages.
  in: { vi: 'Thôn, bản, khu, tổ dân phố của', en: 'Villages and neighbourhoods of' },
  found: { vi: 'Kết quả tìm', en: 'Found' },
  back: { vi: 'Quay lại danh sách xã, phường, đặc khu', en: 'Back to the communes, wards and special zones' },
  hint: {
    vi: 'Chạm vào tên nơi để chọn.',
    en: 'Tap the name of the place to choose it.',
  },
  otherLang: { vi: 'English', en: 'Tiếng Việt' },
  whole: { vi: 'Không rõ ở thôn, khu nào? Chọn cả', en: 'Not sure which one? Choose all of' },
};

/** The levels a name does not say by itself: communes, wards and special zones are bare names. */
const KIND: Partial<Record<AreaKind, { vi: string; en: string }>> = {
  province: { vi: 'tỉnh', en: 'province' },
  commune: { vi: 'xã', en: 'commune' },
  ward: { vi: 'phường', en: 'ward' },
  special_zone: { vi: 'đặc khu', en: 'special zone' },
};

type Next = 'report' | 'suggestion' | 'contacts' | undefined;

interface PickerQuery {
  q?: string | undefined;
  parent?: string | undefined;
  next?: Next;
}

/** Where choosing a place leads for a person without JavaScript. */
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

/** This page's address with other parameters, the chosen destination kept. */
function pickerHref(lang: Lang, query: PickerQuery, params: { q?: string; parent?: string }): string {
  const search = new URLSearchParams();
  if (params.q !== undefined) search.set('q', params.q);
  if (params.parent !== undefined) search.set('parent', params.parent);
  search.set('lang', lang);
  if (query.next) search.set('next', query.next);
  return `/api/areas?${search}`;
}

function say(lang: Lang, key: keyof typeof TEXT, params: Record<string, string> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/**
 * One place: its name is the link that chooses it (so a screen reader's list of links tells places
 * apart), its level where the name does not say it, and the step down to the places under it for a
 * commune, ward or special zone (a village or group has none).
 */
function placeItem(lang: Lang, area: Area, query: PickerQuery) {
  const choose = chooseHref(query.next, area.code, lang);
  const name = vi(lang, area.name);
  const kind = KIND[area.kind];
  const under = say(lang, 'under');
  return html`<li><span class="name">${choose ? html`<a class="choose" href="${choose}">${name}</a>` : name}${
    kind ? html` <span class="kind">(${kind[lang]})</span>` : ''
  }</span>${
    hasPlacesUnder(area.kind)
      ? html` <a href="${pickerHref(lang, query, { parent: area.code })}" aria-label="${say(lang, 'underOf', { under, place: area.name })}">${under}</a>`
      : ''
  }</li>`;
}

/** Below the places of a commune or ward: the commune or ward itself, for someone who does not know which. */
function wholeOf(lang: Lang, parent: Area | undefined, query: PickerQuery) {
  const choose = parent && chooseHref(query.next, parent.code, lang);
  if (!parent || !choose) return '';
  const kind = KIND[parent.kind];
  return html`<p id="whole">${say(lang, 'whole')} <a class="choose" href="${choose}">${vi(lang, parent.name)}</a>${
    kind ? html` (${kind[lang]})` : ''
  }</p>`;
}

/**
 * The areas answer as a page: pick a place step by step, or search, without JavaScript. It names
 * where the list comes from (the top level, a search, the places of a commune or ward) and always
 * leads back to the top level.
 */
export function areasPage(lang: Lang, found: AreaPicker, query: PickerQuery): string {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const searching = query.q !== undefined && query.q.trim() !== '';
  const nextField = query.next ? html`<input type="hidden" name="next" value="${query.next}">` : '';
  const heading = searching
    ? html`${say(lang, 'found')}: “${query.q}”`
    : found.parent
      ? html`${say(lang, 'in')} ${vi(lang, found.parent.name)}`
      : say(lang, 'top');
  const atTop = !searching && !query.parent;
  const switchHref = pickerHref(other, query, {
    ...(query.q !== undefined ? { q: query.q } : {}),
    ...(query.parent !== undefined ? { parent: query.parent } : {}),
  });
  return page(
    lang,
    TEXT.title[lang],
    html`<p class="switch"><a href="${switchHref}" lang="${other}" hreflang="${other}">${say(lang, 'otherLang')}</a></p><h1>${TEXT.title[lang]}</h1>
<form method="get" action="/api/areas"><input type="hidden" name="lang" value="${lang}">${nextField}<label for="q">${TEXT.search[lang]}</label> <input id="q" name="q" value="${query.q ?? ''}" maxlength="100"> <button>${TEXT.find[lang]}</button></form>
<h2 id="places-title">${heading}</h2>
${
  found.areas.length
    ? html`${query.next ? html`<p class="hint">${say(lang, 'hint')}</p>` : ''}<ul class="places" aria-labelledby="places-title">${found.areas.map((area) => placeItem(lang, area, query))}</ul>`
    : html`<p>${TEXT.none[lang]}</p>`
}${wholeOf(lang, found.parent, query)}${
  atTop ? '' : html`<p><a id="back" href="${pickerHref(lang, query, {})}">${say(lang, 'back')}</a></p>`
}`,
  );
}
