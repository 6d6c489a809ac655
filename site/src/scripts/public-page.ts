import { summaryLine } from '../../../functions/forms/summary-line';
import { toE164 } from '../../../functions/shared/phone';
import { type Answer, submit } from './api';
import { carryReceipt } from './carry';
import { byId, clearErrors, el, lang } from './dom';
import { claim, showKept, syncLater } from './offline-page';
import { forget, type Kept, keep } from './offline-store';
import { errorMessage, type Fields, fieldErrors, groupReceipt, newKey } from './pure';
import { messages } from './text';

/**
 * What the public pages' scripts share: their words, the JavaScript version shown in place of the
 * step-by-step one, forms sent with fetch, and the receipt.
 */
export const M = messages(lang);

/** Shows what needs JavaScript, and hides the way through the API's pages offered without it. */
export function reveal(element: HTMLElement): void {
  element.hidden = false;
  const stepByStep = document.getElementById('step-by-step');
  if (stepByStep) stepByStep.hidden = true;
}

function formValues(form: HTMLFormElement): Fields {
  const fields: Fields = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

/** The control an error slot `err-<id>` speaks of: the field itself, or what stands in for it. */
function controlFor(form: HTMLFormElement, id: string): HTMLElement | null {
  const named = form.elements.namedItem(id);
  const control = named instanceof RadioNodeList ? (named[0] as HTMLElement | undefined) : named;
  if (control instanceof HTMLInputElement && control.type === 'hidden') {
    return control.dataset.focus ? document.getElementById(control.dataset.focus) : null;
  }
  if (control instanceof HTMLElement) return control;
  return form.querySelector<HTMLElement>(`[aria-describedby~="err-${id}"]:not(fieldset)`);
}

/** What a field is called on screen: its label, or its group's legend, without "(required)". */
function nameOf(control: HTMLElement): string {
  const group = control.closest('fieldset');
  const label =
    control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'search')
      ? group?.querySelector('legend')
      : document.querySelector(`label[for="${control.id}"]`);
  const copy = label?.cloneNode(true) as HTMLElement | undefined;
  for (const need of copy?.querySelectorAll('.need') ?? []) need.remove();
  return copy?.textContent?.trim() ?? '';
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * Every problem the page can see before sending, all at once and in the API's own words (the error
 * summary carries them): a required field left empty, a text too short or too long, a phone number
 * that cannot be one. The browser's own checks are off (novalidate): they stop at the first field.
 */
function checkFields(form: HTMLFormElement): Record<string, string> {
  const words = (form.querySelector<HTMLElement>('#error-summary') ?? form).dataset;
  const problems: Record<string, string> = {};
  for (const element of form.elements) {
    const control = element as Control;
    if (!control.name || control.type === 'hidden' || problems[control.name] !== undefined) continue;
    if (!('required' in control) || control.closest('[hidden]')) continue;
    const named = form.elements.namedItem(control.name);
    const value = (named instanceof RadioNodeList ? named.value : control.value).trim();
    const length = [...value].length;
    const min = 'minLength' in control ? control.minLength : -1;
    const max = 'maxLength' in control ? control.maxLength : -1;
    const problem =
      control.required && !value
        ? words.required
        : value && min > 0 && length < min
          ? words.short?.replace('{min}', String(min))
          : max > 0 && length > max
            ? words.long?.replace('{max}', String(max))
            : value && control.dataset.check === 'phone' && !toE164(value)
              ? words.phone
              : undefined;
    if (problem) problems[control.name] = problem;
  }
  return problems;
}

/**
 * Puts each message next to its field (tied by aria-describedby) and lists them all in the summary
 * at the top of the form, each a link to its field, then moves focus to the summary (to the first
 * field in error where a form has no summary). What was typed stays as it was. A problem with no
 * field of its own, or with the form as a whole, is said above the button.
 */
export function showErrors(form: HTMLFormElement, errors: Record<string, string>, general?: string): void {
  const unplaced: string[] = [];
  const lines: HTMLElement[] = [];
  for (const [id, message] of Object.entries(errors)) {
    const slot = document.getElementById(`err-${id}`);
    if (!slot || !form.contains(slot)) {
      unplaced.push(message);
      continue;
    }
    slot.textContent = message;
    slot.hidden = false;
    const control = controlFor(form, id);
    control?.setAttribute('aria-invalid', 'true');
    const line = el('li');
    line.append(
      control?.id ? el('a', summaryLine(nameOf(control), message), { href: `#${control.id}` }) : message,
    );
    lines.push(line);
  }
  const summary = form.querySelector<HTMLElement>('#error-summary');
  if (summary && lines.length) {
    byId('error-list').replaceChildren(...lines);
    summary.hidden = false;
  }
  const formError = form.querySelector<HTMLElement>('#form-error');
  const fallback = Object.keys(errors).length && !summary ? M.fixBelow : '';
  const said = [lines.length && summary ? '' : (general ?? fallback), ...unplaced].filter(Boolean);
  if (formError && said.length) {
    formError.textContent = said.join(' ');
    formError.hidden = false;
  }
  if (summary && lines.length) {
    summary.focus();
    return;
  }
  const first = form.querySelector<HTMLElement>('.error:not([hidden]):not(#form-error)');
  const target = first ? controlFor(form, first.id.slice(4)) : null;
  target?.focus();
}

interface EnhanceOptions {
  url: string;
  /** Make and send an idempotency key: for forms that create something. */
  idempotent: boolean;
  body(fields: Fields): unknown;
  /** Problems the page can see before sending (e.g. no place chosen). */
  check?(fields: Fields): Record<string, string> | undefined;
  /** The place the form is for: its proof of work is as hard as the place's recent rate asks. */
  area?(fields: Fields): string | undefined;
  /** Field problems for an answer the API gives no field list for (e.g. an unknown receipt). */
  explain?(answer: Answer): Record<string, string> | undefined;
  done(data: unknown): void;
  /** Kept on the phone when the network fails, and sent when there is signal (offline-page.ts). */
  keep?: { kind: Kept['kind']; place(): Kept['place'] };
}

/**
 * Keeps a form that could not reach the server on the phone, under its idempotency key; this page
 * shows its receipt if it is sent while the page is open. False when the phone cannot keep it.
 */
async function keepOnPhone(kept: Kept, onSent: (receipt: string) => void): Promise<boolean> {
  try {
    await keep(kept);
  } catch {
    return false;
  }
  claim(kept.key, onSent);
  syncLater();
  void showKept();
  return true;
}

/** Fills a form in again with what was typed (a kept one the API refused); hidden fields stay the page's. */
export function fillForm(form: HTMLFormElement, fields: Fields): void {
  for (const [name, value] of Object.entries(fields)) {
    const control = form.elements.namedItem(name);
    if (control instanceof RadioNodeList) control.value = value;
    else if (control && 'value' in control && (control as HTMLInputElement).type !== 'hidden')
      (control as HTMLInputElement).value = value;
  }
}

/**
 * Submits a form with fetch instead of a page load. One idempotency key per form, made once and kept
 * across retries and double taps; the button is disabled while a request is out.
 */
export function enhance(form: HTMLFormElement, options: EnhanceOptions): void {
  const key = options.idempotent ? newKey(crypto) : undefined;
  const keyField = form.elements.namedItem('idempotencyKey');
  if (key && keyField instanceof HTMLInputElement) keyField.value = key;
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  const label = button?.textContent ?? '';
  let busy = false;
  let finished = false;
  // A form kept on the phone may come back through its own send button and from the phone's sender:
  // its receipt is shown once. Other forms (a follow-up look-up) answer each time they are sent.
  const finish = (data: unknown) => {
    if (finished) return;
    if (options.keep) finished = true;
    options.done(data);
  };
  // The page checks every field itself and says all that is wrong at once, in its own words.
  form.noValidate = true;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const fields = formValues(form);
    clearErrors(form);
    // The page's own checks (a place, a box) say it more precisely than "required"; the order stays the form's.
    const own = options.check?.(fields);
    const problems = { ...own, ...checkFields(form), ...own };
    if (Object.keys(problems).length) return showErrors(form, problems);
    busy = true;
    form.setAttribute('aria-busy', 'true');
    if (button) {
      button.disabled = true;
      button.textContent = M.sending;
    }
    const area = options.area?.(fields);
    const body = options.body(fields);
    try {
      const answer = await submit(options.url, body, {
        lang,
        ...(key ? { key } : {}),
        ...(area ? { area } : {}),
      });
      // The server settled this form itself (stored, or refused for good): a copy kept on the phone
      // has nothing left to do. A busy or failing server leaves it kept, to be sent later.
      const settled = answer.status < 500 && answer.status !== 408 && answer.status !== 429;
      if (key && options.keep && settled) void forget(key).then(showKept, () => undefined);
      if (answer.status >= 200 && answer.status < 300) {
        finish(answer.data);
        return;
      }
      const explained = options.explain?.(answer);
      if (explained) showErrors(form, explained, '');
      else if (answer.status === 409) showErrors(form, {}, M.conflict);
      else showErrors(form, fieldErrors(answer.data), errorMessage(answer.data) ?? M.offline);
    } catch {
      const kept =
        key && options.keep
          ? await keepOnPhone(
              {
                key,
                kind: options.keep.kind,
                url: options.url,
                body,
                ...(area ? { area } : {}),
                ...(options.keep.place() ? { place: options.keep.place() } : {}),
                lang,
                fields,
                savedAt: Date.now(),
                state: 'waiting',
              },
              (receipt) => finish({ receipt }),
            )
          : false;
      showErrors(form, {}, kept ? M.keptForm : M.offline);
    } finally {
      busy = false;
      form.removeAttribute('aria-busy');
      if (button) {
        button.disabled = false;
        button.textContent = label;
        // A disabled button drops focus; give it back so a keyboard user can simply try again.
        if (document.activeElement === document.body) button.focus();
      }
    }
  });
}

/** Replaces the sent form with its receipt, large, with copy and print. */
export function showReceipt(form: HTMLFormElement, receipt: string): void {
  const text = groupReceipt(receipt);
  form.hidden = true;
  byId('receipt').textContent = text;
  byId('done').hidden = false;
  const copy = byId<HTMLButtonElement>('copy');
  const copied = byId('copied');
  if (!navigator.clipboard) copy.hidden = true;
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(text).then(
      () => {
        copied.textContent = M.copied;
      },
      () => {
        copied.textContent = M.copyFailed;
      },
    );
  });
  byId('print').addEventListener('click', () => window.print());
  byId('follow-this').addEventListener('click', () => carryReceipt(text));
  byId('done-title').focus();
}
