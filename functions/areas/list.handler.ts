import * as z from 'zod/mini';
import { httpRoute } from '../shared/http/route';
import { runtime } from '../shared/runtime';
import { findAreas } from './find-areas';
import { AreaCode, publicArea } from './model';
import { areasPage } from './pages';
import { areasByName, areasByParent, getArea } from './store';

const Query = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(100))),
  parent: z.optional(AreaCode),
  /** Where a person picking a place without JavaScript goes next (see pages.ts). */
  next: z.optional(z.enum(['report', 'suggestion', 'contacts'])),
});

const { store, province } = runtime();
const areas = {
  getArea: (code: string) => getArea(store, code),
  areasByParent: (parent: string) => areasByParent(store, parent),
  areasByName: (q: string) => areasByName(store, q),
};

export const handler = httpRoute({ name: 'GET /api/areas', query: Query }, async ({ query }) => {
  const found = await findAreas(query, { areas, rootArea: province.rootArea });
  return {
    body: { areas: found.map(publicArea) },
    html: (lang) => areasPage(lang, found, query),
    maxAge: 60,
  };
});
