import { defineConfig } from 'astro/config';

// Static pages only; the CSP (script-src 'self', style-src 'self') forbids anything inline, so
// stylesheets and scripts always go out as files, however small.
export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  prefetch: false,
  vite: { build: { assetsInlineLimit: 0 } },
});
