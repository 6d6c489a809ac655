import type { Category } from '../categories/model';
import { ReportContactSchema, ReportInputSchema } from '../reports/schema';
import { formFields } from '../shared/fields';
import { type Html, html } from '../shared/http/html';
import type { Lang } from '../shared/i18n';
import { ft } from './copy';
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

// Names, required flags and limits come from the schema POST /api/reports validates with.
const field = fieldsByName(() => formFields(ReportInputSchema));
const contactField = fieldsByName(() => formFields(ReportContactSchema));

/**
 * The report form's fields after the place: category, what happened, when, where exactly, the
 * optional contact, the hidden fields and the button. The site's static page (categories filled by
 * its script) and the API's server-rendered form (categories from the store) both render this, so the
 * two forms cannot drift apart. Form posts name the contact `contactName` / `contactPhone` (api.md).
 */
export function reportFields(lang: Lang, categories: readonly Category[], options: FormKeyOptions): Html {
  const category = field('category');
  const description = field('description');
  const occurredAt = field('occurredAt');
  const place = field('place');
  const name = contactField('name');
  const phone = contactField('phone');
  return html`<div class="field"><label for="category">${ft(lang, 'category')}${need(lang, category)}</label>
<select id="category" name="category"${category.required ? html` required` : ''} aria-describedby="err-category"><option value="">${ft(lang, 'categoryPick')}</option>${categories.map(
    (c) => html`<option value="${c.code}">${c.label[lang]}</option>`,
  )}</select>${errorSlot('category')}</div>
<div class="field"><label for="description">${ft(lang, 'description')}${need(lang, description)}</label>
${hint(lang, 'description', ft(lang, 'descriptionHint'), description)}<textarea id="description" name="description" rows="6"${limitAttrs(description)} aria-describedby="${describedBy('description', true)}"></textarea>${errorSlot('description')}</div>
<div class="field"><label for="occurredAt">${ft(lang, 'occurredAt')}${need(lang, occurredAt)}</label>
${hint(lang, 'occurredAt', ft(lang, 'occurredAtHint'), occurredAt)}<input id="occurredAt" name="occurredAt" type="datetime-local"${limitAttrs(occurredAt)} aria-describedby="${describedBy('occurredAt', true)}">${errorSlot('occurredAt')}</div>
<div class="field"><label for="place">${ft(lang, 'place')}${need(lang, place)}</label>
${hint(lang, 'place', ft(lang, 'placeHint'), place)}<input id="place" name="place"${limitAttrs(place)} aria-describedby="${describedBy('place', true)}">${errorSlot('place')}</div>
<fieldset class="field" aria-describedby="hint-contact"><legend>${ft(lang, 'contact')} <span class="need">(${ft(lang, 'optional')})</span></legend>
<p class="hint" id="hint-contact">${ft(lang, 'contactHint')}</p>
<label for="contactName">${ft(lang, 'contactName')}</label><input id="contactName" name="contactName" autocomplete="name"${limitAttrs({ ...name, required: false })} aria-describedby="err-contactName">${errorSlot('contactName')}
<label for="contactPhone">${ft(lang, 'contactPhone')}</label><input id="contactPhone" name="contactPhone" type="tel" inputmode="tel" autocomplete="tel"${limitAttrs({ ...phone, required: false })} aria-describedby="err-contactPhone">${errorSlot('contactPhone')}</fieldset>
${formHiddenFields(lang, options)}<p id="form-error" class="error" role="alert" hidden></p><button class="button" type="submit">${ft(lang, 'reportSubmit')}</button>`;
}
