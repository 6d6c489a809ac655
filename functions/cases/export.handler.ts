import { signedInRoute } from '../shared/http/route';
import { deps } from './deps';
import { exportCases } from './export';
import { CasesExportQuerySchema } from './schema';

const ports = deps();

/** GET /api/officer/cases.csv?from=&to=: a period's cases without personal data, for admins. */
export const handler = signedInRoute(
  { name: 'GET /api/officer/cases.csv', query: CasesExportQuerySchema, limits: ports.limits },
  async ({ identity, query }) => {
    const { file, csv } = await exportCases(identity, query, ports);
    return {
      body: undefined,
      text: csv,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file}"`,
      },
    };
  },
);
