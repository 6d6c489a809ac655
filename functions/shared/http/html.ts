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
 * A small page in the site's look, for answers to requests without JavaScript. It uses the site's
 * own stylesheet (same origin) so that it needs nothing inline.
 */
export function page(lang: Lang, title: string, body: Html): string {
  const home = lang === 'en' ? '/en/' : '/';
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><link rel="stylesheet" href="/site.css"></head><body><header class="bar"><a class="brand" href="${home}">${lang === 'en' ? 'Community safety' : 'An ninh tự quản'}</a></header><main id="main">${body}</main><footer class="foot"><a href="${home}">${t(lang, 'html.home')}</a> · <a href="tel:113">113</a></footer></body></html>`.value}`;
}
