import * as z from 'zod/mini';
import { deps as abuseDeps } from '../abuse/deps';
import { httpRoute } from '../shared/http/route';
import { acknowledge } from './acknowledge';
import { acknowledgedPage } from './pages';
import { ackPorts } from './wiring';

const ports = ackPorts();
const { guard } = abuseDeps();
const Params = z.object({ token: z.string() });

/** POST /api/ack/{token}: the officer the link names acknowledges; the first one wins. */
export const handler = httpRoute(
  { name: 'POST /api/ack/{token}', params: Params },
  async ({ params, client, isForm, headers }) => {
    await guard.admit({ route: 'ack', client, isForm, solution: headers['x-altcha'] });
    const result = await acknowledge(params.token, ports);
    return { body: result, html: (lang) => acknowledgedPage(lang, result) };
  },
);
