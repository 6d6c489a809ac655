import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import { eraseContact } from './erase-contact';
import { erasedPage } from './pages';
import { FollowUpInputSchema } from './schema';

const ports = deps();

/** POST /api/follow-up/erase-contact: the receipt in the body (JSON or form), never in a URL. */
export const handler = httpRoute(
  { name: 'POST /api/follow-up/erase-contact', body: FollowUpInputSchema },
  async ({ body, client, isForm, headers }) => {
    // A receipt is as guessable here as on follow-up: the same limit, counted in the same bucket.
    await ports.guard.admit({ route: 'follow-up', client, isForm, solution: headers['x-altcha'] });
    const answer = await eraseContact(body.receipt, ports.eraseContact);
    return { body: answer, html: (lang) => erasedPage(lang, answer.removed, body.receipt) };
  },
);
