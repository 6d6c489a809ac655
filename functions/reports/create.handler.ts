import { deps as abuseDeps } from '../abuse/deps';
import { getArea } from '../areas/store';
import { getCategory } from '../categories/store';
import { cacheFound } from '../shared/cache';
import { httpRoute } from '../shared/http/route';
import { newReceipt } from '../shared/receipts';
import { runtime } from '../shared/runtime';
import { instantFromForm } from '../shared/time';
import { type IntakePorts, submitReport } from './intake';
import { receiptPage } from './pages';
import { ReportRequestSchema, reportRequestFromForm } from './schema';
import { dynamoReportWriter } from './store';

const { store, clock, secrets, province } = runtime();
const ports: IntakePorts = {
  areas: { getArea: cacheFound((code) => getArea(store, code), { ttlMs: 60_000 }) },
  categories: { getCategory: cacheFound((code) => getCategory(store, code), { ttlMs: 60_000 }) },
  // One write stores, lists and queues a report; the dispatcher counts it for the figures (functions/stats).
  reports: dynamoReportWriter(store),
  secrets,
  clock,
  newReceipt,
};

const { guard } = abuseDeps();

/** POST /api/reports: JSON from the site's script, or the plain form (answered with a page). */
export const handler = httpRoute(
  { name: 'POST /api/reports', body: ReportRequestSchema, fromForm: reportRequestFromForm, idempotent: true },
  async ({ body, headers, isForm, client, idempotencyKey }) => {
    const { idempotencyKey: fieldKey, ...fields } = body;
    const report = fields.occurredAt
      ? { ...fields, occurredAt: instantFromForm(fields.occurredAt, province.timeZone) }
      : fields;
    const admit = () => guard.admit({ route: 'reports', client, isForm, solution: headers['x-altcha'] });
    const submitted = await submitReport(
      report,
      { idempotencyKey: idempotencyKey ?? fieldKey, admit },
      ports,
    );
    // A form's answer is the page showing the receipt (200, as a browser expects); JSON gets 201.
    return { status: isForm ? 200 : 201, body: submitted, html: (lang) => receiptPage(lang, submitted) };
  },
);
