import * as z from 'zod/mini';
import { httpRoute } from '../shared/http/route';
import { suggestionWiring } from '../suggestions/wiring';
import { BoxId } from './box';
import { boxPage } from './box-page';
import { boxPageHtml } from './pages';

const Params = z.strictObject({ id: BoxId });
const { openings: ports, province } = suggestionWiring();

/** GET /api/boxes/{id}: the box's public page, with the answers to the suggestions of its paper box. */
export const handler = httpRoute({ name: 'GET /api/boxes/{id}', params: Params }, async ({ params }) => {
  const box = await boxPage(params.id, ports);
  return { body: box, html: (lang) => boxPageHtml(lang, box, province.timeZone), maxAge: 60 };
});
