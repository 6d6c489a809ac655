import * as z from 'zod/mini';
import { AreaCode, publicArea } from '../areas/model';
import { getArea } from '../areas/store';
import { publicCategory } from '../categories/model';
import { allCategories } from '../categories/store';
import { httpRoute } from '../shared/http/route';
import { runtime } from '../shared/runtime';
import { reportForm } from './report-form';
import { reportFormPage } from './report-page';

const Query = z.strictObject({ area: AreaCode });

const { store, province } = runtime();
const ports = {
  getArea: (code: string) => getArea(store, code),
  allCategories: () => allCategories(store),
  rootArea: province.rootArea,
};

/**
 * GET /api/forms/report?area=CODE: the report form, rendered on the server for a person without
 * JavaScript who picked the place on the /api/areas pages; it posts straight to /api/reports.
 */
export const handler = httpRoute({ name: 'GET /api/forms/report', query: Query }, async ({ query }) => {
  const form = await reportForm(query, ports);
  return {
    body: {
      area: publicArea(form.area),
      within: form.within ? publicArea(form.within) : null,
      categories: form.categories.map(publicCategory),
    },
    html: (lang) => reportFormPage(lang, form),
    maxAge: 60,
  };
});
