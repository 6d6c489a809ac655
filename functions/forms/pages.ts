import type { Area } from '../areas/model';
import { type Html, html } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { ft } from './copy';

/**
 * What the two server-rendered forms share. Each form's page is a module of its own
 * (report-page.ts, suggestion-page.ts), so that each handler loads only its own form's schema.
 */

type Next = 'report' | 'suggestion';

function otherLang(lang: Lang): Lang {
  return lang === 'vi' ? 'en' : 'vi';
}

/** The same form in the other language: the query keeps the chosen place. */
export function languageSwitch(lang: Lang, next: Next, area: string): Html {
  const other = otherLang(lang);
  const href = `/api/forms/${next}?area=${encodeURIComponent(area)}&lang=${other}`;
  return html`<p class="switch"><a href="${href}" lang="${other}" hreflang="${other}">${ft(lang, 'otherLang')}</a></p>`;
}

/** The chosen place, posted as `area`, with the way back to the step-by-step picker. */
export function chosenPlace(
  lang: Lang,
  next: Next,
  legend: string,
  area: Area,
  within: Area | undefined,
): Html {
  const name = within ? `${area.name}, ${within.name}` : area.name;
  return html`<fieldset class="field"><legend>${legend}</legend>
<p class="chosen" id="area-name">${name}</p>${
    next === 'report' ? html`<input type="hidden" name="area" value="${area.code}">` : ''
  }
<p><a href="${`/api/areas?next=${next}&lang=${lang}`}">${ft(lang, 'chooseOther')}</a></p></fieldset>`;
}
