import { httpRoute } from '../shared/http/route';
import { boxesOfPlace } from './boxes';
import { deps } from './deps';
import { publicBox } from './model';
import { boxListPage } from './pages';
import { BoxesQuerySchema } from './schema';

const ports = deps();

/** GET /api/boxes?area=CODE: the suggestion boxes of the place and of the places above it, nearest first. */
export const handler = httpRoute(
  { name: 'GET /api/boxes', query: BoxesQuerySchema, limits: ports.limits },
  async ({ query }) => {
    const { area, boxes } = await boxesOfPlace(query.area, ports.placeBoxes);
    return {
      body: { boxes: boxes.map(publicBox) },
      html: (lang) => boxListPage(lang, area, boxes),
      maxAge: 60,
    };
  },
);
