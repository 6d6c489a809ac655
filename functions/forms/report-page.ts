import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { ft } from './copy';
import { chosenPlace, languageSwitch } from './pages';
import { emergencyNote } from './parts';
import { reportFields } from './report-fields';
import type { ReportForm } from './report-form';

/** The report form for a person without JavaScript, once the place is chosen (GET /api/forms/report). */
export function reportFormPage(lang: Lang, form: ReportForm): string {
  const title = ft(lang, 'reportTitle');
  return page(
    lang,
    title,
    html`${languageSwitch(lang, 'report', form.area.code)}<h1>${title}</h1>
${emergencyNote(lang)}
<form id="report-form" method="post" action="/api/reports">${chosenPlace(lang, 'report', ft(lang, 'where'), form.area, form.within)}
${reportFields(lang, form.categories, { withKey: false, pass: form.pass })}</form>`,
  );
}
