import { formFields } from '../shared/fields';
import { type Html, html } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { SuggestionInputSchema, TOPICS } from '../suggestions/schema';
import { ft, TOPIC_LABELS } from './copy';
import {
  describedBy,
  errorSlot,
  type FormKeyOptions,
  fieldsByName,
  formHiddenFields,
  hint,
  limitAttrs,
  need,
} from './parts';

// Names, required flags and limits come from the schema POST /api/suggestions validates with.
const field = fieldsByName(() => formFields(SuggestionInputSchema));

export interface BoxChoice {
  id: string;
  name: string;
}

/**
 * The suggestion form's fields: the box (one radio per box of the place; the site's script fills
 * them, the API's form lists them from the store), the text, the topic, the hidden fields and the
 * button. There is no contact field at all: suggestions are anonymous.
 */
export function suggestionFields(
  lang: Lang,
  boxes: readonly BoxChoice[],
  options: FormKeyOptions & { selected?: string },
): Html {
  const box = field('box');
  const text = field('text');
  const topic = field('topic');
  return html`<fieldset class="field" id="boxes-field" aria-describedby="err-box"><legend>${ft(lang, 'box')}${need(lang, box)}</legend>
<div id="boxes">${boxes.map(
    (b) =>
      html`<label class="radio"><input type="radio" name="box" value="${b.id}"${box.required ? html` required` : ''}${
        boxes.length === 1 || b.id === options.selected ? html` checked` : ''
      }> ${b.name}</label>`,
  )}</div>${errorSlot('box')}</fieldset>
<div class="field"><label for="text">${ft(lang, 'text')}${need(lang, text)}</label>
${hint(lang, 'text', ft(lang, 'textHint'), text)}<textarea id="text" name="text" rows="6"${limitAttrs(text)} aria-describedby="${describedBy('text', true)}"></textarea>${errorSlot('text')}</div>
<div class="field"><label for="topic">${ft(lang, 'topic')}${need(lang, topic)}</label>
<select id="topic" name="topic" aria-describedby="err-topic"><option value="">${ft(lang, 'topicPick')}</option>${TOPICS.map(
    (t) => html`<option value="${t}">${TOPIC_LABELS[t][lang]}</option>`,
  )}</select>${errorSlot('topic')}</div>
${formHiddenFields(lang, options)}<p id="form-error" class="error" role="alert" hidden></p><button class="button" type="submit">${ft(lang, 'suggestionSubmit')}</button>`;
}
