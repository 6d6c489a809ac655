import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { ft } from './copy';
import { chosenPlace, languageSwitch, pageTitle } from './pages';
import { emergencyNote, errorSummary, type Filled } from './parts';
import { reportFields, reportSummary } from './report-fields';
import type { ReportForm } from './report-form';

/** A stored form's answer: the intake's own receipt page. */
export { receiptPage as reportReceiptPage } from '../reports/pages';

/**
 * The report form for a person without JavaScript, once the place is chosen (GET /api/forms/report),
 * and the same form sent back filled in when a post of it is refused (POST /api/forms/report): what
 * was typed, every error beside its field and listed at the top, a fresh pass. The browser's own
 * checks are off (novalidate): they stop at the first field, in the browser's words; the server says
 * everything wrong at once, in the form's.
 */
export function reportFormPage(lang: Lang, form: ReportForm, filled?: Filled): string {
  const title = ft(lang, 'reportTitle');
  const summary = filled
    ? errorSummary(lang, reportSummary(lang, filled.errors), filled.general)
    : errorSummary(lang);
  return page(
    lang,
    pageTitle(lang, title, filled !== undefined),
    html`${languageSwitch(lang, 'report', form.area.code)}<h1>${title}</h1>
${emergencyNote(lang)}
<form id="report-form" method="post" action="/api/forms/report" novalidate>${summary}${chosenPlace(lang, 'report', ft(lang, 'where'), form.area, form.within)}
${reportFields(lang, form.categories, { withKey: false, pass: form.pass, ...(filled ? { filled } : {}) })}</form>`,
  );
}
