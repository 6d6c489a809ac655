import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FormRefused } from '../errors';
import { type Lang, t } from '../i18n';
import { readBody } from './body';
import { html, page } from './html';

/** What the page never sends back as posted: the spent pass (a fresh one goes instead). */
const REPLACED = new Set(['idempotencyKey', 'formToken']);

/**
 * The answer to a form post refused for its form token (400): why, in the form's language, and one
 * button that posts the same fields again with a fresh pass (same place, same text, nothing retyped).
 * The fields go back as the person sent them, in hidden inputs of a page nobody else sees (no-store).
 */
export function formRefusedPage(lang: Lang, refusal: FormRefused, event: APIGatewayProxyEventV2): string {
  const title = t(lang, 'html.form_refused_title');
  const home = lang === 'en' ? '/en/' : '/';
  const { path, idempotencyKey, formToken } = refusal.resend;
  const posted = postedFields(event).filter(([name]) => !REPLACED.has(name));
  return page(
    lang,
    title,
    html`<h1>${title}</h1><p role="alert">${t(lang, refusal.messageKey)}</p><p>${t(lang, 'html.form_kept')}</p>
<form id="send-again" method="post" action="${path}">${posted.map(
      ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
    )}<input type="hidden" name="idempotencyKey" value="${idempotencyKey}"><input type="hidden" name="formToken" value="${formToken}"><button class="button" type="submit">${t(lang, 'html.send_again')}</button></form>
<p><a href="${home}">${t(lang, 'html.home')}</a></p>`,
  );
}

function postedFields(event: APIGatewayProxyEventV2): [string, string][] {
  try {
    const parsed = readBody(event);
    return parsed.kind === 'form' ? Object.entries(parsed.fields) : [];
  } catch {
    return [];
  }
}
