import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { whoAmI } from './who-am-i';

const ports = deps();

/** GET /api/officer/me: who I am, my role and my areas. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/me', limits: ports.limits },
  async ({ identity }) => ({ body: await whoAmI(identity, ports) }),
);
