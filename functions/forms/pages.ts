import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { ft } from './copy';
import { emergencyNote } from './parts';
import { reportFields } from './report-fields';
import type { ReportForm } from './report-form';

function otherLang(lang: Lang): Lang {
  return lang === 'vi' ? 'en' : 'vi';
}

/** The report form for a person without JavaScript, once the place is chosen (GET /api/forms/report). */
export function reportFormPage(lang: Lang, form: ReportForm): string {
  const other = otherLang(lang);
  const switchHref = `/api/forms/report?area=${encodeURIComponent(form.area.code)}&lang=${other}`;
  const pickHref = `/api/areas?next=report&lang=${lang}`;
  const placeName = form.within ? `${form.area.name}, ${form.within.name}` : form.area.name;
  const title = ft(lang, 'reportTitle');
  return page(
    lang,
    title,
    html`<p class="switch"><a href="${switchHref}" lang="${other}" hreflang="${other}">${ft(lang, 'otherLang')}</a></p><h1>${title}</h1>
${emergencyNote(lang)}
<form id="report-form" method="post" action="/api/reports"><fieldset class="field"><legend>${ft(lang, 'where')}</legend>
<p class="chosen" id="area-name">${placeName}</p><input type="hidden" name="area" value="${form.area.code}">
<p><a href="${pickHref}">${ft(lang, 'chooseOther')}</a></p></fieldset>
${reportFields(lang, form.categories, { withKey: false })}</form>`,
  );
}
