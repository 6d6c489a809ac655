import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, FormRefused, InvalidInput, RateLimited, Unavailable } from '../errors';
import { faultOf } from '../faults';
import { type Lang, t } from '../i18n';
import { errorName, log } from '../log';
import { formLangOf } from './body';
import { formRefusedPage } from './form-refused';
import { html, page } from './html';
import { bodyKind, prefersHtml, requestLang } from './negotiate';
import { respond } from './respond';

const STATUS: Record<string, number> = {
  invalid_input: 400,
  challenge_required: 400,
  form_refused: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  // The store or the network failed in a way a retry may cure: 503, never 500.
  if (faultOf(error)) return new Unavailable(error);
  return undefined;
}

/**
 * The one place where errors become HTTP answers. Domain errors carry their code and a message
 * key; anything else is a 500 with no details, logged by name only (messages can hold user input).
 */
export function errorBoundary(
  route: string,
  shape?: 'open311',
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const event = request.event;
      const domain = toDomainError(request.error);
      const code = domain?.code ?? 'internal';
      const status = STATUS[code] ?? 500;
      if (status >= 500) {
        log.error('request failed', { route, code, error: errorName(request.error) });
      }
      const isForm = bodyKind(event.headers?.['content-type']) === 'form';
      const lang = requestLang(event, isForm ? formLangOf(event) : undefined);
      const wantsHtml = isForm || prefersHtml(event.headers?.accept);
      const message = t(lang, domain?.messageKey ?? 'error.internal');
      const fields =
        domain instanceof InvalidInput
          ? Object.fromEntries(Object.entries(domain.fields).map(([f, p]) => [f, t(lang, p.key, p.params)]))
          : undefined;
      const headers: Record<string, string> = {};
      if (domain instanceof RateLimited) headers['retry-after'] = String(domain.retryAfterSeconds);
      if (domain instanceof Unavailable) headers['retry-after'] = '5';
      if (shape === 'open311') {
        // GeoReport v2's error list: one entry per wrong field, named as the request named it.
        const errors =
          fields && Object.keys(fields).length > 0
            ? Object.entries(fields).map(([f, m]) => ({ code: status, description: `${f}: ${m}` }))
            : [{ code: status, description: message }];
        request.response = respond({ status, body: errors, headers }, { lang, wantsHtml: false });
        return;
      }
      request.response = respond(
        {
          status,
          body: { error: { code, message, ...(fields ? { fields } : {}) } },
          html: (l: Lang) =>
            domain instanceof FormRefused ? formRefusedPage(l, domain, event) : errorPage(l, message, fields),
          headers,
        },
        { lang, wantsHtml },
      );
    },
  };
}

function errorPage(lang: Lang, message: string, fields: Record<string, string> | undefined): string {
  const home = lang === 'en' ? '/en/' : '/';
  return page(
    lang,
    t(lang, 'html.error_title'),
    html`<h1>${t(lang, 'html.error_title')}</h1><p role="alert">${message}</p>${
      fields
        ? html`<ul class="errors">${Object.entries(fields).map(([f, m]) => html`<li><strong>${f}</strong>: ${m}</li>`)}</ul>`
        : ''
    }<p><a class="button" href="${home}">${t(lang, 'html.back')}</a></p>`,
  );
}
