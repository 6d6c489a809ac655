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
  invalid,
  limitAttrs,
  need,
  type SummaryItem,
  valueAttr,
} from './parts';

// Names, required flags and limits come from the schema POST /api/reports validates with.
const field = fieldsByName(() => formFields(ReportInputSchema));
const contactField = fieldsByName(() => formFields(ReportContactSchema));

/** Each field the report form can show an error for: the control a summary line leads to, its label. */
const REPORT_LABELS = {
  area: ['area-change', 'where'],
  category: ['category', 'category'],
  description: ['description', 'description'],
  occurredAt: ['occurredAt', 'occurredAt'],
  place: ['place', 'place'],
  contactName: ['contactName', 'contactName'],
  contactPhone: ['contactPhone', 'contactPhone'],
} as const;

/**
 * The error summary's lines for a refused report form, in the form's order; an error on anything
 * else (a hidden field) is said as one general message, never by its key.
 */
export function reportSummary(lang: Lang, errors: Readonly<Record<string, string>>): SummaryItem[] {
  return Object.entries(REPORT_LABELS).flatMap(([id, [target, label]]) => {
    const message = errors[id];
    return message ? [{ target, label: ft(lang, label), message }] : [];
  });
}

/** Field ids a report form shows beside a field (the rest go in the summary's general line). */
export const REPORT_FIELD_IDS: ReadonlySet<string> = new Set(Object.keys(REPORT_LABELS));

/**
 * The report form's fields after the place: category, what happened, when, where exactly, the
 * optional contact, the hidden fields and the button. The site's static page (categories filled by
 * its script) and the API's server-rendered form (categories from the store) both render this, so the
 * two forms cannot drift apart. Form posts name the contact `contactName` / `contactPhone` (api.md).
 * A refused form (`options.filled`) comes back with what was typed and each error beside its field.
 */
export function reportFields(lang: Lang, categories: readonly Category[], options: FormKeyOptions): Html {
  const category = field('category');
  const description = field('description');
  const occurredAt = field('occurredAt');
  const place = field('place');
  const name = contactField('name');
  const phone = contactField('phone');
  const { filled } = options;
  const chosen = filled?.values.category;
  return html`<div class="field"><label for="category">${ft(lang, 'category')}${need(lang, category)}</label>
<select id="category" name="category"${category.required ? html` required` : ''}${invalid('category', filled)} aria-describedby="err-category"><option value="">${ft(lang, 'categoryPick')}</option>${categories.map(
    (c) =>
      html`<option value="${c.code}"${c.code === chosen ? html` selected` : ''}>${c.label[lang]}</option>`,
  )}</select>${errorSlot('category', filled)}</div>
<div class="field"><label for="description">${ft(lang, 'description')}${need(lang, description)}</label>
${hint(lang, 'description', ft(lang, 'descriptionHint'), description)}<textarea id="description" name="description" rows="6"${limitAttrs(description)}${invalid('description', filled)} aria-describedby="${describedBy('description', true)}">${filled?.values.description ?? ''}</textarea>${errorSlot('description', filled)}</div>
<div class="field"><label for="occurredAt">${ft(lang, 'occurredAt')}${need(lang, occurredAt)}</label>
${hint(lang, 'occurredAt', ft(lang, 'occurredAtHint'), occurredAt)}<input id="occurredAt" name="occurredAt" type="datetime-local"${limitAttrs(occurredAt)}${valueAttr('occurredAt', filled)}${invalid('occurredAt', filled)} aria-describedby="${describedBy('occurredAt', true)}">${errorSlot('occurredAt', filled)}</div>
<div class="field"><label for="place">${ft(lang, 'place')}${need(lang, place)}</label>
${hint(lang, 'place', ft(lang, 'placeHint'), place)}<input id="place" name="place"${limitAttrs(place)}${valueAttr('place', filled)}${invalid('place', filled)} aria-describedby="${describedBy('place', true)}">${errorSlot('place', filled)}</div>
<fieldset class="field" aria-describedby="hint-contact"><legend>${ft(lang, 'contact')} <span class="need">(${ft(lang, 'optional')})</span></legend>
<p class="hint" id="hint-contact">${ft(lang, 'contactHint')}</p>
<label for="contactName">${ft(lang, 'contactName')}</label><input id="contactName" name="contactName" autocomplete="name"${limitAttrs({ ...name, required: false })}${valueAttr('contactName', filled)}${invalid('contactName', filled)} aria-describedby="err-contactName">${errorSlot('contactName', filled)}
<label for="contactPhone">${ft(lang, 'contactPhone')}</label><input id="contactPhone" name="contactPhone" type="tel" inputmode="tel" autocomplete="tel" data-check="phone"${limitAttrs({ ...phone, required: false })}${valueAttr('contactPhone', filled)}${invalid('contactPhone', filled)} aria-describedby="err-contactPhone">${errorSlot('contactPhone', filled)}</fieldset>
${formHiddenFields(lang, options)}<p id="form-error" class="error" role="alert" hidden></p><button class="button" type="submit">${ft(lang, 'reportSubmit')}</button>`;
}
