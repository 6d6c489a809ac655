import { officerBySubject } from '../roster/store';
import { signedInRoute } from '../shared/http/route';
import { runtime } from '../shared/runtime';
import { whoAmI } from './who-am-i';

const { store } = runtime();
const officers = { officerBySubject: (email: string) => officerBySubject(store, email) };

export const handler = signedInRoute({ name: 'GET /api/officer/me' }, async ({ identity }) => ({
  body: await whoAmI(identity, { officers }),
}));
