import { html, page } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { ft } from './copy';
import { chosenPlace, languageSwitch } from './pages';
import { suggestionFields } from './suggestion-fields';
import type { SuggestionForm } from './suggestion-form';

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
${suggestionFields(lang, form.boxes, { withKey: false, pass: form.pass, ...(form.selected ? { selected: form.selected } : {}) })}</form>`
    : html`${chosenPlace(lang, 'suggestion', where, form.area, form.within)}<p id="no-boxes">${ft(lang, 'noBoxes')}</p>`
}`,
  );
}
