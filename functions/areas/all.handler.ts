import { cacheFound } from '../shared/cache';
import { httpRoute } from '../shared/http/route';
import { allPlaces } from './all-places';
import { deps } from './deps';

const ports = deps();
// Kept by the function too: a query string CloudFront has not seen (`?x=1`) misses its cache, and the
// walk is one Query per place with children.
const places = cacheFound((_province: string) => allPlaces(ports), { ttlMs: 3_600_000 });

/**
 * GET /api/areas/all: every place of the province in one compact answer, for the site's service
 * worker to keep (the place picker without signal). Places change only with an import: an hour in
 * shared caches spares the table the walk.
 */
export const handler = httpRoute({ name: 'GET /api/areas/all', limits: ports.limits }, async () => ({
  body: await places('all'),
  maxAge: 3600,
}));
