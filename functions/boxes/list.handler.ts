import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { httpRoute } from '../shared/http/route';
import { suggestionWiring } from '../suggestions/wiring';
import { publicBox } from './box';
import { boxesOfPlace } from './box-page';
import { boxListPage } from './pages';

const Query = z.strictObject({ area: AreaCode });
const { officer, boxesForArea } = suggestionWiring();
const ports = { areas: officer.areas, boxesForArea };

/** GET /api/boxes?area=CODE: the suggestion boxes of the place and of the places above it, nearest first. */
export const handler = httpRoute({ name: 'GET /api/boxes', query: Query }, async ({ query }) => {
  const { area, boxes } = await boxesOfPlace(query.area, ports);
  return {
    body: { boxes: boxes.map(publicBox) },
    html: (lang) => boxListPage(lang, area, boxes),
    maxAge: 60,
  };
});
