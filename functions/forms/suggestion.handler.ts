import * as z from 'zod/mini';
import { AreaCode, publicArea } from '../areas/model';
import { getArea } from '../areas/store';
import { publicBox } from '../boxes/box';
import { boxesForArea } from '../boxes/store';
import { httpRoute } from '../shared/http/route';
import { runtime } from '../shared/runtime';
import { SuggestionInputSchema } from '../suggestions/schema';
import { suggestionForm } from './suggestion-form';
import { suggestionFormPage } from './suggestion-page';

const Query = z.strictObject({ area: AreaCode, box: z.optional(SuggestionInputSchema.shape.box) });

const { store, province } = runtime();
const ports = {
  getArea: (code: string) => getArea(store, code),
  boxesForArea: (area: Parameters<typeof boxesForArea>[1]) => boxesForArea(store, area),
  rootArea: province.rootArea,
};

/**
 * GET /api/forms/suggestion?area=CODE[&box=ID]: the suggestion form with the place's boxes, rendered
 * on the server for a person without JavaScript; it posts straight to /api/suggestions.
 */
export const handler = httpRoute({ name: 'GET /api/forms/suggestion', query: Query }, async ({ query }) => {
  const form = await suggestionForm(query, ports);
  return {
    body: {
      area: publicArea(form.area),
      within: form.within ? publicArea(form.within) : null,
      boxes: form.boxes.map(publicBox),
    },
    html: (lang) => suggestionFormPage(lang, form),
    maxAge: 60,
  };
});
