import type { Lang } from '../i18n';

/** The DOM helpers of every page's script, the public pages' and the officer console's. */
export const lang: Lang = document.documentElement.lang === 'en' ? 'en' : 'vi';

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** Empties and hides a form's error slots and takes back its fields' aria-invalid. */
export function clearErrors(form: HTMLFormElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>('.error')) {
    slot.hidden = true;
    slot.textContent = '';
  }
  for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  const summary = form.querySelector<HTMLElement>('#error-summary');
  if (summary) summary.hidden = true;
}
