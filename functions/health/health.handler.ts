import { html, page } from '../shared/http/html';
import { httpRoute } from '../shared/http/route';

/** Liveness only: it touches no store, so a busy table never makes the site look down. */
export const handler = httpRoute({ name: 'GET /api/health' }, async () => ({
  body: { ok: true },
  html: (lang) => page(lang, 'OK', html`<p>OK</p>`),
}));
