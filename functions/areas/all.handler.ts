import { httpRoute } from '../shared/http/route';
import { allPlaces } from './all-places';
import { deps } from './deps';

const ports = deps();

/**
 * GET /api/areas/all: every place of the province in one compact answer, for the site's service
 * worker to keep (the place picker without signal). Places change only with an import: an hour in
 * shared caches spares the table the walk.
 */
export const handler = httpRoute({ name: 'GET /api/areas/all', limits: ports.limits }, async () => ({
  body: await allPlaces(ports),
  maxAge: 3600,
}));
