import { httpRoute } from '../shared/http/route';
import { instantFromForm } from '../shared/time';
import { deps } from './deps';
import { receiptPage } from './pages';
import { ReportRequestSchema, reportRequestFromForm } from './schema';
import { submitReport } from './submit';

const ports = deps();

/** POST /api/reports: JSON from the site's script, or the plain form (answered with a page). */
export const handler = httpRoute(
  { name: 'POST /api/reports', body: ReportRequestSchema, fromForm: reportRequestFromForm, idempotent: true },
  async ({ body, headers, isForm, client, idempotencyKey }) => {
    const { idempotencyKey: fieldKey, formToken, ...fields } = body;
    const report = fields.occurredAt
      ? { ...fields, occurredAt: instantFromForm(fields.occurredAt, ports.timeZone) }
      : fields;
    const key = idempotencyKey ?? fieldKey;
    const solution = headers['x-altcha'];
    const admit = () =>
      ports.guard.admit({
        route: 'reports',
        client,
        isForm,
        solution,
        area: fields.area,
        form: { token: formToken, idempotencyKey: key },
      });
    const submitted = await submitReport(
      report,
      { idempotencyKey: key, admit, proofOffered: solution !== undefined },
      ports.submit,
    );
    // A form's answer is the page showing the receipt (200, as a browser expects); JSON gets 201.
    return { status: isForm ? 200 : 201, body: submitted, html: (lang) => receiptPage(lang, submitted) };
  },
);
