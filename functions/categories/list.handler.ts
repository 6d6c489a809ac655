import { html, page } from '../shared/http/html';
import { httpRoute } from '../shared/http/route';
import { runtime } from '../shared/runtime';
import { publicCategory } from './model';
import { allCategories } from './store';

const { store } = runtime();
const TITLE = { vi: 'Loại vụ việc', en: 'Categories' };

export const handler = httpRoute({ name: 'GET /api/categories' }, async () => {
  const categories = await allCategories(store);
  return {
    body: { categories: categories.map(publicCategory) },
    html: (lang) =>
      page(
        lang,
        TITLE[lang],
        html`<h1>${TITLE[lang]}</h1><ul>${categories.map((c) => html`<li>${c.label[lang]}</li>`)}</ul>`,
      ),
    maxAge: 300,
  };
});
