import * as z from 'zod/mini';
import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import { summaryPage } from './pages';
import { showSummary } from './summary';

const ports = deps();
// Any string: a malformed token is answered 404 like a forged one, not 400.
const Params = z.object({ token: z.string() });

/** GET /api/ack/summary/{token}: what a summary SMS links to. Changes nothing. */
export const handler = httpRoute(
  { name: 'GET /api/ack/summary/{token}', params: Params, limits: ports.limits },
  async ({ params }) => {
    const view = await showSummary(params.token, ports);
    return { body: view, html: (lang) => summaryPage(lang, view, ports.timeZone) };
  },
);
