import { signedInRoute } from '../shared/http/route';
import { figuresCsv } from './csv';
import { deps } from './deps';
import { figuresFor } from './figures';
import { FiguresQuerySchema } from './schema';

const ports = deps();

/** GET /api/officer/stats?area=&from=&to=&format=: the figures, as JSON or as a CSV download. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/stats', query: FiguresQuerySchema, limits: ports.limits },
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
