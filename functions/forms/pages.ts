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
  // A suggestion posts its box, not its place: the place goes along so that a refused form can be
  // shown again with the same boxes (the post's handler takes it out before the body is checked).
  return html`<fieldset class="field"><legend>${legend} <span class="need">(${ft(lang, 'required')})</span></legend>
<p class="chosen" id="area-name"${lang === 'en' ? html` lang="vi"` : ''}>${name}</p><input type="hidden" name="area" value="${area.code}">
<p><a id="area-change" href="${`/api/areas?next=${next}&lang=${lang}`}">${ft(lang, 'chooseOther')}</a></p></fieldset>`;
}

/** A refused form's page title says so first, so that a screen reader hears it as the page opens. */
export function pageTitle(lang: Lang, title: string, refused: boolean): string {
  return refused ? `${ft(lang, 'errorPrefix')}: ${title}` : title;
}
