import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import { followUp } from './follow-up';
import { followUpPage } from './pages';
import { FollowUpInputSchema } from './schema';

const ports = deps();

/** POST /api/follow-up: the receipt in the body (JSON or form), never in a URL. */
export const handler = httpRoute(
  { name: 'POST /api/follow-up', body: FollowUpInputSchema },
  async ({ body, client, isForm, headers }) => {
    // Guessing receipts must stay hopeless: follow-ups have the province's tightest per-client limit.
    await ports.guard.admit({ route: 'follow-up', client, isForm, solution: headers['x-altcha'] });
    const view = await followUp(body.receipt, ports.followUp);
    return { body: view, html: (lang) => followUpPage(lang, view, ports.timeZone, body.receipt) };
  },
);
