import { deps as abuseDeps } from '../abuse/deps';
import { httpRoute } from '../shared/http/route';
import { FollowUpInputSchema } from '../shared/receipt-schema';
import { runtime } from '../shared/runtime';
import { type FollowUpPorts, followUp } from './follow-up';
import { followUpPage } from './pages';
import { followUpReaders } from './readers';

const { store, secrets, province } = runtime();
const ports: FollowUpPorts = {
  secrets,
  readers: followUpReaders(store),
};
const { guard } = abuseDeps();

/** POST /api/follow-up: the receipt in the body (JSON or form), never in a URL. */
export const handler = httpRoute(
  { name: 'POST /api/follow-up', body: FollowUpInputSchema },
  async ({ body, client, isForm, headers }) => {
    // Guessing receipts must stay hopeless: follow-ups have the province's tightest per-client limit.
    await guard.admit({ route: 'follow-up', client, isForm, solution: headers['x-altcha'] });
    const view = await followUp(body.receipt, ports);
    return { body: view, html: (lang) => followUpPage(lang, view, province.timeZone) };
  },
);
