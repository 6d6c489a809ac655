import { deps as reportDeps } from '../reports/deps';
import { processLimiter } from '../shared/http/rate-limit';
import { once } from '../shared/once';
import { deps as formDeps } from './deps';
import type { SendReportFormPorts } from './send-report';

/** The ports of POST /api/forms/report: the report intake's own, and the form's to send it back. */
export const deps = once((): SendReportFormPorts => {
  const { submit, guard, timeZone } = reportDeps();
  const { reportForm, limits } = formDeps();
  return {
    form: reportForm,
    submit,
    guard,
    timeZone,
    refusals: (client) => processLimiter.take('form-refused', client, limits.publicGetsPerMinute, Date.now()),
  };
});
