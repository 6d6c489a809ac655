import { deployment } from '../config';
import { type Lang, t } from '../i18n';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Tagged template that escapes every interpolated value unless it is already Html. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderValue(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

function renderValue(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A Vietnamese name (a place, a contact, a box) as an English page shows it: marked lang="vi" so that a
 * screen reader reads it in Vietnamese. On a Vietnamese page the page's own lang already says so.
 */
export function vi(lang: Lang, name: string): Html {
  return lang === 'en' ? html`<span lang="vi">${name}</span>` : html`${name}`;
}

/** The province's name, from the deployed config; none only when the settings themselves failed to load. */
function provinceName(lang: Lang): string | undefined {
  try {
    return deployment().province.name[lang];
  } catch {
    // The error page about that very failure must still render.
    return undefined;
  }
}

const BRAND = { vi: 'An ninh tự quản', en: 'Community safety' };
const RUN_BY = {
  vi: ['Trang của Công an tỉnh ', ', cùng các tổ tự quản an ninh trật tự ở thôn, bản, khu, tổ dân phố.'],
  en: [
    'Run by the ',
    ' Provincial Police, with the self-management teams of villages, hamlets and neighbourhoods.',
  ],
};

/**
 * A small page in the site's look, for answers to requests without JavaScript. It uses the site's
 * own stylesheet (same origin) so that it needs nothing inline.
 */
export function page(lang: Lang, title: string, body: Html): string {
  const home = lang === 'en' ? '/en/' : '/';
  const province = provinceName(lang);
  // The same words as the site's header and footer (site/src/i18n.ts brandOf, runBy).
  const brand = province
    ? html`<span>${BRAND[lang]}${lang === 'en' ? ', ' : ' '}${vi(lang, province)}</span>`
    : BRAND[lang];
  const [before, after] = RUN_BY[lang];
  const who = province ? html`<p class="who">${before}${vi(lang, province)}${after}</p>` : '';
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><link rel="stylesheet" href="/site.css"></head><body><header class="bar"><a class="brand" href="${home}">${brand}</a></header><main id="main">${body}</main><footer class="foot">${who}<a href="${home}">${t(lang, 'html.home')}</a> · <a href="tel:113">113</a></footer></body></html>`.value}`;
}
