import { httpRoute } from '../shared/http/route';
import { deps } from './deps';
import { publicReportForm, reportForm } from './report-form';
import { reportFormPage } from './report-page';
import { ReportFormQuery } from './schema';

const ports = deps();

/**
 * GET /api/forms/report?area=CODE: the report form, rendered on the server for a person without
 * JavaScript who picked the place on the /api/areas pages; it posts straight to /api/reports with its
 * own idempotency key and signed form token, so it is never cached (no-store).
 */
export const handler = httpRoute(
  { name: 'GET /api/forms/report', query: ReportFormQuery, limits: ports.limits },
  async ({ query }) => {
    const form = await reportForm(query, ports.reportForm);
    return { body: publicReportForm(form), html: (lang) => reportFormPage(lang, form) };
  },
);
