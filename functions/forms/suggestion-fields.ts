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
  invalid,
  limitAttrs,
  need,
  type SummaryItem,
} from './parts';

// Names, required flags and limits come from the schema POST /api/suggestions validates with.
const field = fieldsByName(() => formFields(SuggestionInputSchema));

export interface BoxChoice {
  id: string;
  name: string;
}

/** A box's radio button id: what the error summary's line for `box` leads to. */
const boxRadioId = (id: string) => `box-${id}`;

/** Each field the suggestion form can show an error for: its label. */
const SUGGESTION_LABELS = { box: 'box', text: 'text', topic: 'topic' } as const;

/** Field ids a suggestion form shows beside a field (the rest go in the summary's general line). */
export const SUGGESTION_FIELD_IDS: ReadonlySet<string> = new Set(Object.keys(SUGGESTION_LABELS));

/** The error summary's lines for a refused suggestion form, in the form's order. */
export function suggestionSummary(
  lang: Lang,
  errors: Readonly<Record<string, string>>,
  boxes: readonly BoxChoice[],
): SummaryItem[] {
  return Object.entries(SUGGESTION_LABELS).flatMap(([id, label]) => {
    const message = errors[id];
    const target = id === 'box' ? boxRadioId(boxes[0]?.id ?? '') : id;
    return message ? [{ target, label: ft(lang, label), message }] : [];
  });
}

/**
 * The suggestion form's fields: the box (one radio per box of the place; the site's script fills
 * them, the API's form lists them from the store), the text, the topic, the hidden fields and the
 * button. There is no contact field at all: suggestions are anonymous. A refused form
 * (`options.filled`) comes back with what was typed and each error beside its field.
 */
export function suggestionFields(
  lang: Lang,
  boxes: readonly BoxChoice[],
  options: FormKeyOptions & { selected?: string },
): Html {
  const box = field('box');
  const text = field('text');
  const topic = field('topic');
  const { filled } = options;
  const selected = filled ? filled.values.box : options.selected;
  return html`<fieldset class="field" id="boxes-field" aria-describedby="err-box"><legend>${ft(lang, 'box')}${need(lang, box)}</legend>
<div id="boxes">${boxes.map(
    (b) =>
      html`<label class="radio"><input type="radio" id="${boxRadioId(b.id)}" name="box" value="${b.id}"${box.required ? html` required` : ''}${
        boxes.length === 1 || b.id === selected ? html` checked` : ''
      }${invalid('box', filled)}> ${b.name}</label>`,
  )}</div>${errorSlot('box', filled)}</fieldset>
<div class="field"><label for="text">${ft(lang, 'text')}${need(lang, text)}</label>
${hint(lang, 'text', ft(lang, 'textHint'), text)}<textarea id="text" name="text" rows="6"${limitAttrs(text)}${invalid('text', filled)} aria-describedby="${describedBy('text', true)}">${filled?.values.text ?? ''}</textarea>${errorSlot('text', filled)}</div>
<div class="field"><label for="topic">${ft(lang, 'topic')}${need(lang, topic)}</label>
<select id="topic" name="topic"${invalid('topic', filled)} aria-describedby="err-topic"><option value="">${ft(lang, 'topicPick')}</option>${TOPICS.map(
    (t) =>
      html`<option value="${t}"${filled?.values.topic === t ? html` selected` : ''}>${TOPIC_LABELS[t][lang]}</option>`,
  )}</select>${errorSlot('topic', filled)}</div>
${formHiddenFields(lang, options)}<p id="form-error" class="error" role="alert" hidden></p><button class="button" type="submit">${ft(lang, 'suggestionSubmit')}</button>`;
}
