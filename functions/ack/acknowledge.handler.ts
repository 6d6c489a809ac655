import * as z from 'zod/mini';
import { httpRoute } from '../shared/http/route';
import { acknowledge } from './acknowledge';
import { deps } from './deps';
import { acknowledgedPage } from './pages';

const ports = deps();
const Params = z.object({ token: z.string() });

/** POST /api/ack/{token}: the officer the link names acknowledges; the first one wins. */
export const handler = httpRoute(
  { name: 'POST /api/ack/{token}', params: Params },
  async ({ params, client, isForm, headers }) => {
    await ports.guard.admit({ route: 'ack', client, isForm, solution: headers['x-altcha'] });
    const result = await acknowledge(params.token, ports);
    return { body: result, html: (lang) => acknowledgedPage(lang, result) };
  },
);
