import * as z from 'zod/mini';
import { AreaCode } from '../areas/model';
import { areasByParent, getArea } from '../areas/store';
import { allCategories } from '../categories/store';
import { auditLog } from '../officers/audit-store';
import { officerBySubject } from '../roster/store';
import { optionalBlank } from '../shared/fields';
import { signedInRoute } from '../shared/http/route';
import { runtime } from '../shared/runtime';
import { figuresCsv } from './csv';
import { MONTH } from './months';
import { figuresFor, type StatsPorts } from './read';
import { countersOfPlace } from './store';

const { store, clock, province } = runtime();
const ports: StatsPorts = {
  officers: { officerBySubject: (email) => officerBySubject(store, email) },
  audit: auditLog(store),
  clock,
  province,
  areas: { getArea: (code) => getArea(store, code), children: (code) => areasByParent(store, code) },
  categories: { all: () => allCategories(store) },
  counters: { ofPlace: (area, from, to) => countersOfPlace(store, area, from, to) },
};

const month = optionalBlank(
  z.string().check(z.refine((v) => MONTH.test(v), { params: { key: 'field.invalid_month' } })),
);
const Query = z.strictObject({
  area: optionalBlank(AreaCode),
  from: month,
  to: month,
  format: z.optional(z.enum(['json', 'csv'])),
});

/** GET /api/officer/stats?area=&from=&to=&format=: the figures, as JSON or as a CSV download. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/stats', query: Query },
  async ({ identity, query, lang }) => {
    const { format, ...wanted } = query;
    const { figures, inputs } = await figuresFor(identity, wanted, ports);
    if (format !== 'csv') return { body: figures };
    const file = `tuquan-${figures.area.code}-${figures.period.from}-${figures.period.to}.csv`;
    return {
      body: undefined,
      text: figuresCsv(inputs, figures, lang),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file}"`,
      },
    };
  },
);
