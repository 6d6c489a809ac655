import * as z from 'zod/mini';
import { httpRoute } from '../shared/http/route';
import { boxPage } from './boxes';
import { deps } from './deps';
import { boxPageHtml } from './pages';
import { BoxIdSchema } from './schema';

const ports = deps();
const Params = z.strictObject({ id: BoxIdSchema });

/** GET /api/boxes/{id}: the box's public page, with the answers to the suggestions of its paper box. */
export const handler = httpRoute(
  { name: 'GET /api/boxes/{id}', params: Params, limits: ports.limits },
  async ({ params }) => {
    const box = await boxPage(params.id, ports.boxPage);
    return { body: box, html: (lang) => boxPageHtml(lang, box, ports.timeZone), maxAge: 60 };
  },
);
