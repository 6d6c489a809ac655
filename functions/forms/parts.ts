import type { FormFieldInfo } from '../shared/fields';
import type { FormPass } from '../shared/form-token';
import { type Html, html } from '../shared/http/html';
import { type Lang, t } from '../shared/i18n';
import { ft } from './copy';
import { summaryLine } from './summary-line';

/**
 * A form sent back because something in it is wrong (a page without JavaScript): what was typed, by
 * field name, and what is wrong, by field id (the error slot `err-<id>`), in the form's language.
 */
export interface Filled {
  values: Readonly<Record<string, string | undefined>>;
  errors: Readonly<Record<string, string>>;
  /** What is wrong with the form as a whole (e.g. sent too soon after it opened). */
  general?: string;
}

/** One line of the error summary: the field's label and what is wrong, linked to the control. */
export interface SummaryItem {
  target: string;
  label: string;
  message: string;
}

/**
 * The field infos of a schema by name, read from the schema when a form is first rendered (once per
 * process: a JSON answer never needs them); a missing name is a programming error found at build time.
 */
export function fieldsByName(infos: () => FormFieldInfo[]): (name: string) => FormFieldInfo {
  let map: Map<string, FormFieldInfo> | undefined;
  return (name) => {
    map ??= new Map(infos().map((info) => [info.name, info]));
    const info = map.get(name);
    if (!info) throw new Error(`form field ${name} is not in the schema`);
    return info;
  };
}

/** required / minlength / maxlength from the schema, so the browser checks what the API checks. */
export function limitAttrs(info: FormFieldInfo): Html {
  return html`${info.required ? html` required` : ''}${
    info.minChars !== undefined ? html` minlength="${info.minChars}"` : ''
  }${info.maxChars !== undefined ? html` maxlength="${info.maxChars}"` : ''}`;
}

/** "(required)" or "(optional)" after a label: said in words, never by colour or an asterisk alone. */
export function need(lang: Lang, info: FormFieldInfo): Html {
  return html` <span class="need">(${ft(lang, info.required ? 'required' : 'optional')})</span>`;
}

/** The line under a label: its own hint, then the limits the schema sets. */
export function hint(lang: Lang, id: string, text: string | undefined, info: FormFieldInfo): Html {
  const n = (value: number) => value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  const limits =
    info.maxChars === undefined
      ? ''
      : info.minChars !== undefined
        ? ft(lang, 'limits', { min: n(info.minChars), max: n(info.maxChars) })
        : ft(lang, 'upTo', { max: n(info.maxChars) });
  const words = [text, limits].filter(Boolean).join(' ');
  return words ? html`<p class="hint" id="hint-${id}">${words}</p>` : html``;
}

/**
 * Where a field's error goes, beside the field: empty until the page's script fills it, or filled by
 * the server when it sends a refused form back.
 */
export function errorSlot(id: string, filled?: Filled): Html {
  const message = filled?.errors[id];
  return message
    ? html`<p class="error" id="err-${id}">${message}</p>`
    : html`<p class="error" id="err-${id}" hidden></p>`;
}

/** ` aria-invalid="true"` on a control whose field is in error. */
export function invalid(id: string, filled: Filled | undefined): Html {
  return filled?.errors[id] ? html` aria-invalid="true"` : html``;
}

/** ` value="…"` for a refused form's input, as the person typed it. */
export function valueAttr(name: string, filled: Filled | undefined): Html {
  const value = filled?.values[name];
  return value ? html` value="${value}"` : html``;
}

/**
 * The list of everything wrong, at the top of the form, each line a link to its field: hidden and
 * empty on a fresh form (the page's script fills it, all problems at once), filled on a refused form
 * sent back without JavaScript. It carries the words the script needs for the checks it makes before
 * sending (the same messages the API answers), so that the page's script holds no copy of them.
 */
export function errorSummary(lang: Lang, items: readonly SummaryItem[] = [], general?: string): Html {
  const filled = items.length > 0 || general !== undefined;
  return html`<div class="error-summary" id="error-summary" tabindex="-1"${filled ? html` autofocus` : html` hidden`} aria-labelledby="error-summary-title" data-required="${t(lang, 'field.required')}" data-short="${t(lang, 'field.too_short')}" data-long="${t(lang, 'field.too_long')}" data-phone="${t(lang, 'field.invalid_phone')}">
<h2 id="error-summary-title">${ft(lang, 'errorsTitle')}</h2>${general ? html`<p class="error" id="general-error">${general}</p>` : ''}<ul id="error-list">${items.map(
    (item) => html`<li><a href="#${item.target}">${summaryLine(item.label, item.message)}</a></li>`,
  )}</ul></div>`;
}

export function describedBy(id: string, withHint: boolean): string {
  return withHint ? `hint-${id} err-${id}` : `err-${id}`;
}

/** The emergency line with the national numbers as tap-to-call links. */
export function emergencyNote(lang: Lang): Html {
  const parts = ft(lang, 'emergency').split(/\{(\d+)\}/);
  return html`<p class="emergency">${parts.map((part, i) =>
    i % 2 === 1 ? html`<a href="tel:${part}">${part}</a>` : part,
  )}</p>`;
}

/** How a form names its submission: the site's script fills an empty key; the API's page brings its pass. */
export interface FormKeyOptions {
  /** An empty `idempotencyKey` field for the page's script to fill (the site's static pages). */
  withKey: boolean;
  /** The key and signed token the server rendered the form with (the API's pages, without script). */
  pass?: FormPass;
  /** A refused form sent back: what was typed and what is wrong. */
  filled?: Filled;
}

/**
 * What every public form carries besides its fields: its language, the honeypot people never see nor
 * reach with the keyboard, and its idempotency key: on the site's pages the one their script fills; on
 * the API's pages (no script) the one the server made, with the form token that stands in for the proof
 * of work (shared/form-token.ts), so that a post sent twice is one submission.
 */
export function formHiddenFields(lang: Lang, options: FormKeyOptions): Html {
  const { withKey, pass } = options;
  return html`<input type="hidden" name="lang" value="${lang}">${
    pass
      ? html`<input type="hidden" name="idempotencyKey" value="${pass.idempotencyKey}"><input type="hidden" name="formToken" value="${pass.formToken}">`
      : withKey
        ? html`<input type="hidden" name="idempotencyKey" value="">`
        : ''
  }<div class="hp" aria-hidden="true"><label for="website">${ft(lang, 'honeypot')}</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>`;
}
