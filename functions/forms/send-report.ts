import type { AbuseGuard } from '../abuse/guard';
import { ReportRequestSchema, reportRequestFromForm } from '../reports/schema';
import { type SubmitReportPorts, submitReport } from '../reports/submit';
import { RateLimited } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import { instantFromForm } from '../shared/time';
import { parseInput } from '../shared/validation';
import { type FormPostOutcome, keptKey, POSTED_AREA, refusalOf } from './refusal';
import { REPORT_FIELD_IDS } from './report-fields';
import { type ReportForm, type ReportFormPorts, reportForm } from './report-form';

export interface SendReportFormPorts {
  /**
   * Counts a refused post against the client's limit (a refusal reads the place and renders a form,
   * as the form's GET does); seconds to wait when over it.
   */
  refusals(client: string): number | undefined;
  form: ReportFormPorts;
  submit: SubmitReportPorts;
  guard: AbuseGuard;
  timeZone: string;
}

/**
 * POST /api/forms/report: the server-rendered report form, posted by a page without JavaScript. It is
 * checked and stored as POST /api/reports stores a form post (the same schema, abuse guard and use
 * case); when it is refused for something the person can correct, the answer is the same form again,
 * filled in with what was typed, each error beside its field, with a pass for the next post.
 */
export async function sendReportForm(
  fields: Readonly<Record<string, string | undefined>>,
  request: { client: string; lang: Lang },
  ports: SendReportFormPorts,
): Promise<FormPostOutcome<ReportForm>> {
  try {
    const { idempotencyKey, formToken, ...report } = parseInput(
      ReportRequestSchema,
      reportRequestFromForm(fields),
    );
    const input = report.occurredAt
      ? { ...report, occurredAt: instantFromForm(report.occurredAt, ports.timeZone) }
      : report;
    const admit = () =>
      ports.guard.admit({
        route: 'reports',
        client: request.client,
        isForm: true,
        solution: undefined,
        area: report.area,
        form: { token: formToken, idempotencyKey },
      });
    return { sent: await submitReport(input, { idempotencyKey, admit, proofOffered: false }, ports.submit) };
  } catch (error) {
    const refusal = refusalOf(error, request.lang, { shown: REPORT_FIELD_IDS, values: fields });
    const area = fields.area;
    if (!refusal || !area || !POSTED_AREA.test(area)) throw error;
    const wait = ports.refusals(request.client);
    if (wait !== undefined) throw new RateLimited(wait);
    const { pass } = refusal;
    const form = await reportForm(
      { area },
      { ...ports.form, pass: pass ? async () => pass : () => ports.form.pass(keptKey(fields)) },
    ).catch(() => {
      throw error;
    });
    return {
      refused: form,
      filled: {
        values: fields,
        errors: refusal.errors,
        ...(refusal.general ? { general: refusal.general } : {}),
      },
    };
  }
}
