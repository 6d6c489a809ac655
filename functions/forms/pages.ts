import type { Area } from '../areas/area';
import { type Html, html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { ft } from './copy';
import { emergencyNote } from './parts';
import { reportFields } from './report-fields';
import type { ReportForm } from './report-form';
import { suggestionFields } from './suggestion-fields';
import type { SuggestionForm } from './suggestion-form';

type Next = 'report' | 'suggestion';

function otherLang(lang: Lang): Lang {
  return lang === 'vi' ? 'en' : 'vi';
}

/** The same form in the other language: the query keeps the chosen place. */
function languageSwitch(lang: Lang, next: Next, area: string): Html {
  const other = otherLang(lang);
  const href = `/api/forms/${next}?area=${encodeURIComponent(area)}&lang=${other}`;
  return html`<p class="switch"><a href="${href}" lang="${other}" hreflang="${other}">${ft(lang, 'otherLang')}</a></p>`;
}

/** The chosen place, posted as `area`, with the way back to the step-by-step picker. */
function chosenPlace(lang: Lang, next: Next, legend: string, area: Area, within: Area | undefined): Html {
  const name = within ? `${area.name}, ${within.name}` : area.name;
  return html`<fieldset class="field"><legend>${legend}</legend>
<p class="chosen" id="area-name">${name}</p>${
    next === 'report' ? html`<input type="hidden" name="area" value="${area.code}">` : ''
  }
<p><a href="${`/api/areas?next=${next}&lang=${lang}`}">${ft(lang, 'chooseOther')}</a></p></fieldset>`;
}

/** The report form for a person without JavaScript, once the place is chosen (GET /api/forms/report). */
export function reportFormPage(lang: Lang, form: ReportForm): string {
  const title = ft(lang, 'reportTitle');
  return page(
    lang,
    title,
    html`${languageSwitch(lang, 'report', form.area.code)}<h1>${title}</h1>
${emergencyNote(lang)}
<form id="report-form" method="post" action="/api/reports">${chosenPlace(lang, 'report', ft(lang, 'where'), form.area, form.within)}
${reportFields(lang, form.categories, { withKey: false })}</form>`,
  );
}

/**
 * The suggestion form for a person without JavaScript (GET /api/forms/suggestion): the boxes of the
 * chosen place and of the places above it. The place itself is not posted; the box is.
 */
export function suggestionFormPage(lang: Lang, form: SuggestionForm): string {
  const title = ft(lang, 'suggestionTitle');
  const where = ft(lang, 'whereYouLive');
  return page(
    lang,
    title,
    html`${languageSwitch(lang, 'suggestion', form.area.code)}<h1>${title}</h1>
<p class="note">${ft(lang, 'anonymous')}</p>
${
  form.boxes.length
    ? html`<form id="suggestion-form" method="post" action="/api/suggestions">${chosenPlace(lang, 'suggestion', where, form.area, form.within)}
${suggestionFields(lang, form.boxes, { withKey: false, ...(form.selected ? { selected: form.selected } : {}) })}</form>`
    : html`${chosenPlace(lang, 'suggestion', where, form.area, form.within)}<p id="no-boxes">${ft(lang, 'noBoxes')}</p>`
}`,
  );
}
