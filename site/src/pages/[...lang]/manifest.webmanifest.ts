import type { APIRoute } from 'astro';
import { href, langOf, langPaths, tx } from '../../i18n';
import { provinceName } from '../../province';

export const getStaticPaths = langPaths;

/**
 * The web app manifest of each language root: installed from /, the app opens the Vietnamese site;
 * from /en/, the English one. Its scope is the language's own pages.
 */
export const GET: APIRoute = ({ params }) => {
  const lang = langOf(params.lang);
  const home = href(lang, 'home');
  const manifest = {
    id: home,
    lang,
    dir: 'ltr',
    name: tx(lang, 'brandOf').replace('{province}', provinceName(lang)),
    short_name: lang === 'en' ? 'Community safety' : 'An ninh tự quản',
    description: tx(lang, 'homeLead'),
    start_url: home,
    scope: home,
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b4f8a',
    icons: [
      { src: '/icon.svg', type: 'image/svg+xml', sizes: 'any', purpose: 'any' },
      { src: '/icon-192.png', type: 'image/png', sizes: '192x192', purpose: 'any' },
      { src: '/icon-512.png', type: 'image/png', sizes: '512x512', purpose: 'any' },
      { src: '/icon-512.png', type: 'image/png', sizes: '512x512', purpose: 'maskable' },
    ],
  };
  return new Response(JSON.stringify(manifest), { headers: { 'content-type': 'application/manifest+json' } });
};
