import { type Answer, submit } from './api';
import { byId, clearErrors, lang } from './dom';
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

/**
 * Puts each message next to its field (tied by aria-describedby), says above the button what went
 * wrong, and moves focus to the first field in error. What was typed stays as it was.
 */
export function showErrors(form: HTMLFormElement, errors: Record<string, string>, general?: string): void {
  const unplaced: string[] = [];
  for (const [id, message] of Object.entries(errors)) {
    const slot = document.getElementById(`err-${id}`);
    if (!slot || !form.contains(slot)) {
      unplaced.push(message);
      continue;
    }
    slot.textContent = message;
    slot.hidden = false;
    controlFor(form, id)?.setAttribute('aria-invalid', 'true');
  }
  const formError = form.querySelector<HTMLElement>('#form-error');
  const summary = [general ?? (Object.keys(errors).length ? M.fixBelow : ''), ...unplaced].filter(Boolean);
  if (formError && summary.length) {
    formError.textContent = summary.join(' ');
    formError.hidden = false;
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

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const fields = formValues(form);
    clearErrors(form);
    const problems = options.check?.(fields);
    if (problems) return showErrors(form, problems);
    busy = true;
    form.setAttribute('aria-busy', 'true');
    if (button) {
      button.disabled = true;
      button.textContent = M.sending;
    }
    try {
      const area = options.area?.(fields);
      const answer = await submit(options.url, options.body(fields), {
        lang,
        ...(key ? { key } : {}),
        ...(area ? { area } : {}),
      });
      if (answer.status >= 200 && answer.status < 300) {
        options.done(answer.data);
        return;
      }
      const explained = options.explain?.(answer);
      if (explained) showErrors(form, explained, '');
      else if (answer.status === 409) showErrors(form, {}, M.conflict);
      else showErrors(form, fieldErrors(answer.data), errorMessage(answer.data) ?? M.offline);
    } catch {
      showErrors(form, {}, M.offline);
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
  byId('done-title').focus();
}
