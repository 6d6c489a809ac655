import * as z from 'zod/mini';
import { httpRoute } from '../shared/http/route';
import { showAck } from './acknowledge';
import { deps } from './deps';
import { ackPage } from './pages';

const ports = deps();
// Any string: a malformed token is answered 404 like a forged one, not 400.
const Params = z.object({ token: z.string() });

/** GET /api/ack/{token}: what the SMS link opens. Changes nothing. */
export const handler = httpRoute(
  { name: 'GET /api/ack/{token}', params: Params, limits: ports.limits },
  async ({ params }) => {
    const view = await showAck(params.token, ports);
    return { body: view, html: (lang) => ackPage(lang, params.token, view, ports.timeZone) };
  },
);
