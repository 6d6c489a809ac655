import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { myShifts } from './shifts';

const ports = deps();

/** GET /api/officer/shifts: my shifts, from the one under way to two weeks ahead. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/shifts', limits: ports.limits },
  async ({ identity }) => ({ body: await myShifts(identity, ports) }),
);
