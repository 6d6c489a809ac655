import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIPT_INPUT } from '../../functions/follow-up/schema';
import { reportFields } from '../../functions/forms/report-fields';
import { suggestionFields } from '../../functions/forms/suggestion-fields';
import { t } from '../../functions/shared/i18n';
// @ts-expect-error: the build's own module is plain JavaScript, with no types of its own.
import { precacheList, siteVersion } from '../../site/offline-build.mjs';
import { controls, danglingReferences, idsOf, tags } from '../support/site-html';

/**
 * The built site, checked the way a slow phone meets it: each page's HTML and the CSS it links fit
 * in the first round trip of a new connection (14 KB gzipped, TCP's initial window of 10 segments),
 * its JavaScript stays under 10 KB gzipped, and nothing is inline, since the CSP forbids it.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const HTML_CSS_BUDGET = 14 * 1024;
const JS_BUDGET = 10 * 1024;
/** The service worker, counted on its own: fetched once per version, kept small all the same. */
const WORKER_BUDGET = 4 * 1024;

let out: string;
let pages: string[];

/** Built once, into a temporary folder: never into site/dist, which `npm start` may be serving. */
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'tuquan-site-'));
  const build = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'astro', 'astro.js'),
      'build',
      '--root',
      join(ROOT, 'site'),
      '--outDir',
      out,
      '--silent',
    ],
    { cwd: ROOT, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`astro build failed:\n${build.stdout}\n${build.stderr}`);
  pages = htmlFiles(out).map((file) => `/${relative(out, file).replace(/index\.html$/, '')}`);
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

function fileOf(url: string): string {
  return join(out, url.endsWith('/') ? `${url}index.html` : url);
}

function read(url: string): string {
  return readFileSync(fileOf(url), 'utf8');
}

const gz = (text: string) => gzipSync(text, { level: 9 }).length;

/** A module script and every chunk it imports statically, as the browser fetches them. */
function moduleGraph(url: string, seen = new Set<string>()): Set<string> {
  if (seen.has(url)) return seen;
  seen.add(url);
  const code = read(url);
  for (const m of code.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)) {
    moduleGraph(join(dirname(url), m[1] ?? ''), seen);
  }
  return seen;
}

function weight(page: string): { htmlCss: number; js: number } {
  const html = read(page);
  const css = tags(html, 'link')
    .filter((l) => l.rel === 'stylesheet')
    .reduce((sum, l) => sum + gz(read(l.href ?? '')), 0);
  const scripts = new Set<string>();
  for (const s of tags(html, 'script')) for (const url of moduleGraph(s.src ?? '')) scripts.add(url);
  const js = [...scripts].reduce((sum, url) => sum + gz(read(url)), 0);
  return { htmlCss: gz(html) + css, js };
}

describe('the built site', () => {
  it('has every page in Vietnamese at / and in English at /en/, and a 404 page', () => {
    expect(pages.sort()).toEqual(
      [
        '/',
        '/404.html',
        '/about/',
        '/contacts/',
        '/follow-up/',
        '/report/',
        '/suggestion/',
        '/en/',
        '/en/about/',
        '/en/contacts/',
        '/en/follow-up/',
        '/en/report/',
        '/en/suggestion/',
        // The officer console (issue 9).
        '/officer/',
        '/officer/duty/',
        '/officer/patrols/',
        '/officer/report/',
        '/officer/stats/',
        '/officer/suggestions/',
        '/en/officer/',
        '/en/officer/duty/',
        '/en/officer/patrols/',
        '/en/officer/report/',
        '/en/officer/stats/',
        '/en/officer/suggestions/',
      ].sort(),
    );
  });

  it('keeps the HTML and CSS of each page within 14 KB gzipped, and its JavaScript within 10 KB', () => {
    const over = pages
      .map((page) => ({ page, ...weight(page) }))
      .filter((w) => w.htmlCss > HTML_CSS_BUDGET || w.js > JS_BUDGET);

    expect(over).toEqual([]);
  });

  it('builds a service worker of its own under 4 KB gzipped, keeping the public pages and their files, never an officer page', () => {
    const worker = readFileSync(join(out, 'sw.js'), 'utf8');
    const kept: string[] = precacheList(out);
    const publicPages = pages.filter((page) => page.endsWith('/') && !/^\/(en\/)?officer\//.test(page));
    const theirFiles = publicPages.flatMap((page) => {
      const html = read(page);
      return [
        ...tags(html, 'script').flatMap((s) => [...moduleGraph(s.src ?? '')]),
        ...tags(html, 'link')
          .filter((l) => ['stylesheet', 'manifest', 'icon'].includes(l.rel ?? ''))
          .map((l) => l.href ?? ''),
      ];
    });

    expect(gz(worker)).toBeLessThanOrEqual(WORKER_BUDGET);
    expect(kept.filter((url) => /officer|\/api\//.test(url))).toEqual([]);
    expect(new Set(kept)).toEqual(
      new Set([...publicPages, ...theirFiles, '/icon.svg', '/icon-192.png', '/icon-512.png']),
    );
    expect(worker).toContain(JSON.stringify(kept));
    // Its cache is named for the hash of the built files.
    expect(worker).toContain(`"tuquan-site-${siteVersion(out)}"`);
  });

  it('gives the service worker a new version whenever any built file changes', () => {
    const copy = mkdtempSync(join(tmpdir(), 'tuquan-site-copy-'));
    try {
      cpSync(out, copy, { recursive: true });
      const before = siteVersion(copy);
      writeFileSync(join(copy, 'site.css'), `${readFileSync(join(copy, 'site.css'), 'utf8')}\n/* changed */`);

      expect(siteVersion(copy)).not.toBe(before);
      expect(siteVersion(out)).toBe(before);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('has a web app manifest in each language, starting at its own root, with SVG and 192/512 PNG icons', () => {
    const manifests = ['/manifest.webmanifest', '/en/manifest.webmanifest'].map(
      (url) =>
        JSON.parse(read(url)) as {
          lang: string;
          start_url: string;
          scope: string;
          icons: { src: string; sizes: string }[];
        },
    );
    // A PNG's width and height are the first fields of its IHDR chunk.
    const pngSize = (url: string) => {
      const bytes = readFileSync(fileOf(url));
      return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
    };

    expect(manifests.map((m) => [m.lang, m.start_url, m.scope])).toEqual([
      ['vi', '/', '/'],
      ['en', '/en/', '/en/'],
    ]);
    for (const manifest of manifests) {
      expect(manifest.icons.map((i) => [i.src, i.sizes])).toEqual([
        ['/icon.svg', 'any'],
        ['/icon-192.png', '192x192'],
        ['/icon-512.png', '512x512'],
        ['/icon-512.png', '512x512'],
      ]);
    }
    expect([pngSize('/icon-192.png'), pngSize('/icon-512.png')]).toEqual(['192x192', '512x512']);
    expect(tags(read('/en/report/'), 'link').find((l) => l.rel === 'manifest')?.href).toBe(
      '/en/manifest.webmanifest',
    );
    expect(tags(read('/officer/'), 'link').find((l) => l.rel === 'manifest')).toBeUndefined();
  });

  it('has no inline script, style or event handler, which the CSP would block', () => {
    const inline = pages.flatMap((page) => {
      const html = read(page);
      const problems = [
        ...tags(html, 'script')
          .filter((s) => !s.src)
          .map(() => 'inline <script>'),
        ...(/<style[\s>]/i.test(html) ? ['<style>'] : []),
        ...(/\sstyle="/i.test(html) ? ['style attribute'] : []),
        ...[...html.matchAll(/\s(on[a-z]+)="/gi)].map((m) => `${m[1]} handler`),
      ];
      return problems.map((problem) => `${page}: ${problem}`);
    });

    expect(inline).toEqual([]);
  });

  it('loads nothing from another origin', () => {
    const foreign = pages.flatMap((page) =>
      [...read(page).matchAll(/\s(?:src|href|action)="((?:https?:)?\/\/[^"]*)"/gi)].map(
        (m) => `${page}: ${m[1]}`,
      ),
    );

    expect(foreign).toEqual([]);
  });

  it('names the language of every page, and links each page to itself in the other language', () => {
    const found = pages
      .filter((page) => page !== '/404.html')
      .map((page) => {
        const html = read(page);
        const other = tags(html, 'a').find((a) => a.id === 'lang-switch');
        return {
          page,
          lang: tags(html, 'html')[0]?.lang,
          other: other?.href,
          exists: existsSync(fileOf(other?.href ?? '')),
        };
      });

    expect(found).toEqual(
      pages
        .filter((page) => page !== '/404.html')
        .map((page) => {
          const en = page.startsWith('/en/');
          return { page, lang: en ? 'en' : 'vi', other: en ? page.slice(3) : `/en${page}`, exists: true };
        }),
    );
    expect(tags(read('/404.html'), 'html')).toEqual([{ lang: 'vi' }]);
  });

  it('ties every label and described-by to an element of its page', () => {
    expect(pages.flatMap((page) => danglingReferences(read(page)).map((id) => `${page}: #${id}`))).toEqual(
      [],
    );
  });

  it('posts the report form to the API with the fields the API renders for people without JavaScript', () => {
    for (const [page, lang] of [
      ['/report/', 'vi'],
      ['/en/report/', 'en'],
    ] as const) {
      const html = read(page);
      expect(tags(html, 'form')).toEqual([
        { id: 'report-form', method: 'post', action: '/api/reports', hidden: '' },
      ]);
      expect(html).toContain(reportFields(lang, [], { withKey: true }).value);
      expect(controls(html).filter((c) => c.type === 'hidden')).toEqual([
        { tag: 'input', type: 'hidden', name: 'area' },
        { tag: 'input', type: 'hidden', name: 'lang', value: lang },
        { tag: 'input', type: 'hidden', name: 'idempotencyKey', value: '' },
      ]);
      expect(tags(html, 'a').filter((a) => a.href?.startsWith('/api/areas'))[0]?.href).toBe(
        `/api/areas?next=report&#38;lang=${lang}`,
      );
    }
  });

  it('posts the suggestion form to the API with the fields of the suggestion schema', () => {
    const html = read('/suggestion/');

    expect(tags(html, 'form')).toEqual([
      { id: 'suggestion-form', method: 'post', action: '/api/suggestions', hidden: '' },
    ]);
    expect(html).toContain(suggestionFields('vi', [], { withKey: true }).value);
  });

  it('posts a receipt to follow up in the body of a form, never in a URL', () => {
    const html = read('/follow-up/');

    // The page's script says an empty code is empty in the API's own words, which the form carries.
    expect(tags(html, 'form')).toEqual([
      {
        id: 'follow-up-form',
        method: 'post',
        action: '/api/follow-up',
        'data-required': t('vi', 'field.required'),
      },
      // Removing the contact details of the report looked up: its receipt, set by the script, in the body.
      { id: 'erase-form', method: 'post', action: '/api/follow-up/erase-contact' },
    ]);
    expect(controls(html)).toEqual([
      {
        tag: 'input',
        name: 'receipt',
        required: '',
        maxlength: String(RECEIPT_INPUT.max),
      },
      { tag: 'input', type: 'hidden', name: 'lang', value: 'vi' },
      { tag: 'button', type: 'submit' },
      { tag: 'input', type: 'hidden', name: 'receipt' },
      { tag: 'input', type: 'hidden', name: 'lang', value: 'vi' },
      { tag: 'button', type: 'submit' },
    ]);
  });

  it('gives browser tests stable hooks: the receipt, the follow-up status, the home actions', () => {
    const has = (page: string, wanted: string[]) => wanted.filter((id) => !idsOf(read(page)).has(id));

    expect({
      report: has('/report/', ['report-form', 'area-q', 'receipt', 'done', 'copy', 'print']),
      suggestion: has('/suggestion/', ['suggestion-form', 'area-q', 'boxes', 'receipt']),
      contacts: has('/contacts/', ['area-q', 'contacts']),
      followUp: has('/follow-up/', ['receipt-input', 'status', 'timeline', 'replies']),
      home: has('/', ['act-report', 'act-suggestion', 'act-contacts', 'act-follow-up', 'lang-switch']),
    }).toEqual({ report: [], suggestion: [], contacts: [], followUp: [], home: [] });
  });

  it('puts the national emergency numbers on the home page as tap-to-call links', () => {
    const calls = tags(read('/'), 'a')
      .map((a) => a.href)
      .filter((href) => href?.startsWith('tel:'));

    expect(new Set(calls)).toEqual(new Set(['tel:113', 'tel:114', 'tel:115']));
  });
});
