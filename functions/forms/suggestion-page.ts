import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { ft } from './copy';
import { chosenPlace, languageSwitch, pageTitle } from './pages';
import { errorSummary, type Filled } from './parts';
import { suggestionFields, suggestionSummary } from './suggestion-fields';
import type { SuggestionForm } from './suggestion-form';

/** A stored form's answer: the intake's own receipt page. */
export { suggestionReceiptPage } from '../suggestions/pages';

/**
 * The suggestion form for a person without JavaScript (GET /api/forms/suggestion): the boxes of the
 * chosen place and of the places above it; and the same form sent back filled in when a post of it is
 * refused (POST /api/forms/suggestion).
 */
export function suggestionFormPage(lang: Lang, form: SuggestionForm, filled?: Filled): string {
  const title = ft(lang, 'suggestionTitle');
  const where = ft(lang, 'whereYouLive');
  const summary = filled
    ? errorSummary(lang, suggestionSummary(lang, filled.errors, form.boxes), filled.general)
    : errorSummary(lang);
  const options = {
    withKey: false,
    pass: form.pass,
    ...(form.selected ? { selected: form.selected } : {}),
    ...(filled ? { filled } : {}),
  };
  return page(
    lang,
    pageTitle(lang, title, filled !== undefined),
    html`${languageSwitch(lang, 'suggestion', form.area.code)}<h1>${title}</h1>
<p class="note">${ft(lang, 'anonymous')}</p>
${
  form.boxes.length
    ? html`<form id="suggestion-form" method="post" action="/api/forms/suggestion" novalidate>${summary}${chosenPlace(lang, 'suggestion', where, form.area, form.within)}
${suggestionFields(lang, form.boxes, options)}</form>`
    : html`${chosenPlace(lang, 'suggestion', where, form.area, form.within)}<p id="no-boxes">${ft(lang, 'noBoxes')}</p>`
}`,
  );
}
