import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isLang, type Lang, langFromAcceptLanguage } from '../i18n';

export type BodyKind = 'json' | 'form' | 'none';

/** True when the client prefers an HTML page to JSON (a browser following a link or a form). */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let htmlQ = -1;
  let jsonQ = -1;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) || 0 : 1;
    if (type === 'text/html') htmlQ = Math.max(htmlQ, q);
    if (type === 'application/json') jsonQ = Math.max(jsonQ, q);
  }
  return htmlQ > 0 && htmlQ >= jsonQ;
}

export function bodyKind(contentType: string | undefined): BodyKind | 'unsupported' {
  if (!contentType) return 'none';
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  return 'unsupported';
}

/** Language of the answer: a form's hidden `lang`, then `?lang=`, then Accept-Language. */
export function requestLang(event: APIGatewayProxyEventV2, formLang?: unknown): Lang {
  if (isLang(formLang)) return formLang;
  const queryLang = event.queryStringParameters?.lang;
  if (isLang(queryLang)) return queryLang;
  return langFromAcceptLanguage(event.headers?.['accept-language']);
}
