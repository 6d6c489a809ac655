import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import type { Category } from './model';

const TITLE = { vi: 'Loại vụ việc', en: 'Kinds of incident' };

/** The categories answer as a page. */
export function categoriesPage(lang: Lang, categories: readonly Category[]): string {
  return page(
    lang,
    TITLE[lang],
    html`<h1>${TITLE[lang]}</h1><ul>${categories.map((c) => html`<li>${c.label[lang]}</li>`)}</ul>`,
  );
}
