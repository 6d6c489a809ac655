import { defineConfig } from 'astro/config';
import { offline } from './offline-build.mjs';

// Static pages only; the CSP (script-src 'self', style-src 'self') forbids anything inline, so
// stylesheets and scripts always go out as files, however small.
export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  prefetch: false,
  // The icons and the service worker, written after the pages (offline-build.mjs).
  integrations: [offline()],
  vite: { build: { assetsInlineLimit: 0 } },
});
