import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import { publicCategory } from './model';
import { categoriesPage } from './pages';

const ports = deps();

/** GET /api/categories: the province's categories, in its order. */
export const handler = httpRoute({ name: 'GET /api/categories', limits: ports.limits }, async () => {
  const categories = await ports.allCategories();
  return {
    body: { categories: categories.map(publicCategory) },
    html: (lang) => categoriesPage(lang, categories),
    maxAge: 300,
  };
});
