import { signedInRoute } from '../shared/http/route';
import { addSpot } from './add-spot';
import { deps } from './deps';
import { RiskSpotSchema } from './schema';

const ports = deps();

/** POST /api/officer/risk-spots: a named spot under a place, with why it is watched. */
export const handler = signedInRoute(
  { name: 'POST /api/officer/risk-spots', body: RiskSpotSchema, limits: ports.limits },
  async ({ identity, body }) => {
    const { id, created } = await addSpot(identity, body, ports);
    return { status: created ? 201 : 200, body: { id } };
  },
);
