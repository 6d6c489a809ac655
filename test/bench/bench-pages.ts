import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSite } from '../../infra/scripts/build-site';
// @ts-expect-error: the build's own module is plain JavaScript, with no types of its own.
import { precacheList } from '../../site/offline-build.mjs';
import { tags } from '../support/site-html';
import { startLighthouse } from './lighthouse';
import { kb, progress, ratio } from './stats';
import { goalMet, type Row } from './table';

const HTML_CSS_BUDGET = 14 * 1024;
const JS_BUDGET = 10 * 1024;
/** The service worker, counted apart from the pages (test/build/site-budget.test.ts holds it too). */
const WORKER_BUDGET = 4 * 1024;
/** What the Lighthouse scores are set against: a page with a title and a paragraph, nothing else. */
const BARE_PAGE = '/bench-bare.html';

/** A fresh build of the site in a temporary folder (never site/dist, which `npm start` serves). */
export async function buildFreshSite(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'tuquan-bench-site-'));
  progress(`pages: building the site into ${outDir}`);
  await buildSite(outDir);
  return outDir;
}

/** The officer console's pages sit behind sign-in: the budgets and scores are for the public's pages. */
const isPublic = (page: string) => !/^\/(en\/)?officer\//.test(page);

function htmlPages(outDir: string, dir = outDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlPages(outDir, path);
    return entry.name.endsWith('.html') ? [`/${relative(outDir, path).replace(/index\.html$/, '')}`] : [];
  });
}

const fileOf = (outDir: string, url: string) => join(outDir, url.endsWith('/') ? `${url}index.html` : url);
const gz = (text: string) => gzipSync(text, { level: 9 }).length;

/** A module script and every chunk it imports statically, as the browser fetches them. */
function moduleGraph(outDir: string, url: string, seen = new Set<string>()): Set<string> {
  if (seen.has(url)) return seen;
  seen.add(url);
  for (const m of readFileSync(fileOf(outDir, url), 'utf8').matchAll(
    /(?:import|from)\s*["']([^"']+\.js)["']/g,
  ))
    moduleGraph(outDir, join(dirname(url), m[1] ?? ''), seen);
  return seen;
}

/** Bytes a first visit transfers (gzip -9): the HTML with its stylesheets, and its scripts. */
function pageWeight(outDir: string, page: string): { htmlCss: number; js: number } {
  const html = readFileSync(fileOf(outDir, page), 'utf8');
  const css = tags(html, 'link')
    .filter((l) => l.rel === 'stylesheet')
    .reduce((sum, l) => sum + gz(readFileSync(fileOf(outDir, l.href ?? ''), 'utf8')), 0);
  const scripts = new Set<string>();
  for (const s of tags(html, 'script'))
    if (s.src) for (const url of moduleGraph(outDir, s.src)) scripts.add(url);
  const js = [...scripts].reduce((sum, url) => sum + gz(readFileSync(fileOf(outDir, url), 'utf8')), 0);
  return { htmlCss: gz(html) + css, js };
}

/**
 * One row per public page, Vietnamese and English side by side, against the first-round-trip budget;
 * then the service worker's own size and what it keeps.
 */
export function pageRows(outDir: string): Row[] {
  const pages = htmlPages(outDir).filter(isPublic).sort();
  const names = [...new Set(pages.map((p) => p.replace(/^\/en\//, '/')))];
  const rows = names.map((name): Row => {
    const variants = [name, `/en${name}`].filter((p) => pages.includes(p));
    const weights = variants.map((p) => ({ page: p, ...pageWeight(outDir, p) }));
    const worst = Math.max(...weights.map((w) => w.htmlCss));
    const worstJs = Math.max(...weights.map((w) => w.js));
    return {
      section: 'page',
      measure: `Page bytes, gzip: ${variants.join(' and ')}`,
      figure: weights
        .map((w) => `HTML+CSS ${kb(w.htmlCss)}${w.js ? `, JS ${kb(w.js)}` : ', no JS'}`)
        .join(' / '),
      baseline: 'budget 14 KB HTML+CSS (first round trip), 10 KB JS',
      ratio: ratio(worst / HTML_CSS_BUDGET),
      goal: 'HTML+CSS ≤ 14 KB, JS ≤ 10 KB',
      met: goalMet(worst <= HTML_CSS_BUDGET && worstJs <= JS_BUDGET),
    };
  });
  return [...rows, ...workerRows(outDir)];
}

/**
 * The service worker's own bytes (fetched once per site version, beside the page that registers it),
 * and what it keeps on the phone when it installs: the public pages and their files.
 */
function workerRows(outDir: string): Row[] {
  const worker = gz(readFileSync(join(outDir, 'sw.js'), 'utf8'));
  const kept: string[] = precacheList(outDir);
  const keptBytes = kept.reduce(
    (sum, url) => sum + gzipSync(readFileSync(fileOf(outDir, url)), { level: 9 }).length,
    0,
  );
  return [
    {
      section: 'page',
      measure: 'Service worker /sw.js, gzip (on its own, not in any page)',
      figure: kb(worker),
      baseline: 'budget 4 KB',
      ratio: ratio(worker / WORKER_BUDGET),
      goal: '≤ 4 KB',
      met: goalMet(worker <= WORKER_BUDGET),
    },
    {
      section: 'page',
      measure: `What the service worker keeps at install: ${kept.length} files (public pages in both languages, their CSS, JS, icons, manifests), gzip`,
      figure: kb(keptBytes),
      baseline: '—',
      ratio: '—',
      goal: '—',
      met: '—',
    },
  ];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * The fresh build at /, the running local system behind /api (so that pages get their data), as
 * CloudFront puts the site and the API on one origin.
 */
async function serveBuild(outDir: string, apiUrl: string): Promise<{ url: string; server: Server }> {
  const api = new URL(apiUrl);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      const upstream = request(
        { host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    let file = normalize(join(outDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(outDir + sep) && file !== outDir) file = join(outDir, '404.html');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    const found = existsSync(file);
    if (!found) file = join(outDir, '404.html');
    res.writeHead(found ? 200 : 404, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server };
}

/**
 * Lighthouse (performance, accessibility; its default mobile profile) on the Vietnamese pages, and
 * on a bare page served the same way as the baseline. The English pages are the same templates.
 */
export async function lighthouseRows(outDir: string, apiUrl: string): Promise<Row[]> {
  writeFileSync(
    join(outDir, BARE_PAGE),
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Trang trống</title><meta name="description" content="Trang so sánh"></head><body><main><h1>Trang trống</h1><p>Trang so sánh của phép đo.</p></main></body></html>',
  );
  const pages = htmlPages(outDir)
    .filter((p) => isPublic(p) && !p.startsWith('/en/') && p !== '/404.html' && p !== BARE_PAGE)
    .sort();
  const { url, server } = await serveBuild(outDir, apiUrl);
  let runner: Awaited<ReturnType<typeof startLighthouse>> | undefined;
  try {
    runner = await startLighthouse();
    progress('pages: Lighthouse on the bare baseline page');
    const bare = await runner.score(`${url}${BARE_PAGE}`);
    const rows: Row[] = [];
    for (const page of pages) {
      progress(`pages: Lighthouse on ${page}`);
      const scores = await runner.score(`${url}${page}`);
      const warned = scores.warnings.length ? ` (Lighthouse warned: ${scores.warnings.join('; ')})` : '';
      rows.push({
        section: 'page',
        measure: `Lighthouse ${page}: performance / accessibility (mobile, simulated slow 4G)${warned}`,
        figure: `${scores.performance} / ${scores.accessibility}`,
        baseline: `bare page ${bare.performance} / ${bare.accessibility}`,
        ratio: `${ratio(scores.performance / bare.performance)} / ${ratio(scores.accessibility / bare.accessibility)}`,
        goal: '—',
        met: '—',
      });
    }
    return rows;
  } finally {
    await runner?.close();
    server.closeAllConnections();
    server.close();
  }
}
