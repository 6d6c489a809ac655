import { UnsupportedMediaType } from '../shared/errors';
import { httpRoute } from '../shared/http/route';
import { reportFormPage, reportReceiptPage } from './report-page';
import { deps } from './report-post.deps';
import { PostedForm } from './schema';
import { sendReportForm } from './send-report';

const ports = deps();

/**
 * POST /api/forms/report: where the server-rendered report form posts (a page without JavaScript).
 * The receipt page (200), or the same form filled in with its errors (400, in the form's language).
 */
export const handler = httpRoute(
  { name: 'POST /api/forms/report', body: PostedForm, fromForm: (fields) => fields },
  async ({ body, isForm, client, lang }) => {
    if (!isForm) throw new UnsupportedMediaType();
    const outcome = await sendReportForm(body, { client, lang }, ports);
    if ('sent' in outcome) return { body: outcome.sent, html: (l) => reportReceiptPage(l, outcome.sent) };
    const { refused, filled } = outcome;
    return { status: 400, body: { errors: filled.errors }, html: (l) => reportFormPage(l, refused, filled) };
  },
);
