import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The site names its province and who runs it from the province's config, never from a typed name,
 * and an English page marks Vietnamese names lang="vi". Built for Cao Bằng (not the demo province),
 * so a name typed into a page would show up here as Quảng Ninh.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'tuquan-site-words-'));
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
    {
      cwd: ROOT,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', TUQUAN_SITE_PROVINCE: 'cao-bang' },
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) throw new Error(`astro build failed:\n${build.stdout}\n${build.stderr}`);
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

function read(url: string): string {
  return readFileSync(join(out, url, 'index.html'), 'utf8');
}

function part(html: string, tag: 'header' | 'footer'): string {
  return new RegExp(`<${tag}[^>]*>[\\s\\S]*?</${tag}>`).exec(html)?.[0].replace(/\s+/g, ' ') ?? '';
}

describe('the province and who runs the site', () => {
  it.each(['/', '/about/', '/report/'])(
    '%s names the province in its header and who runs the site in its footer',
    (url) => {
      const html = read(url);

      expect(part(html, 'header')).toBe(
        '<header class="bar"> <a class="brand" href="/"><span>An ninh tự quản <span>Cao Bằng</span></span></a> <a class="switch" id="lang-switch" href="/en' +
          `${url}" lang="en" hreflang="en">English</a> </header>`,
      );
      expect(part(html, 'footer')).toContain(
        '<p class="who">Trang của Công an tỉnh <span>Cao Bằng</span>, cùng các tổ tự quản an ninh trật tự ở thôn, bản, khu, tổ dân phố.</p>',
      );
    },
  );

  it('the English home page marks the province lang="vi" in its header and footer', () => {
    const html = read('/en/');

    expect(part(html, 'header')).toBe(
      '<header class="bar"> <a class="brand" href="/en/"><span>Community safety, <span lang="vi">Cao Bang</span></span></a> <a class="switch" id="lang-switch" href="/" lang="vi" hreflang="vi">Tiếng Việt</a> </header>',
    );
    expect(part(html, 'footer')).toContain(
      '<p class="who">Run by the <span lang="vi">Cao Bang</span> Provincial Police, with the self-management teams of villages, hamlets and neighbourhoods.</p>',
    );
  });

  it('the about page says who runs the site', () => {
    expect(read('/about/')).toContain('<h2>Ai làm trang này</h2>');
    expect(read('/en/about/')).toContain(
      '<p>Run by the <span lang="vi">Cao Bang</span> Provincial Police, with the self-management teams of villages, hamlets and neighbourhoods.</p>',
    );
  });

  it('no page types the demo province’s name', () => {
    const typed = htmlFiles(out)
      .filter((file) => /Quảng Ninh|Quang Ninh/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(out, file));

    expect(typed).toEqual([]);
  });

  it('every English page marks the province’s name lang="vi" wherever its body shows it', () => {
    // The <title> holds plain text only: it cannot carry a language mark.
    const unmarked = htmlFiles(join(out, 'en')).filter((file) => {
      const html = readFileSync(file, 'utf8').replace(/^[\s\S]*<body>/, '');
      const shown = html.split('Cao Bang').length - 1;
      const marked = html.split('<span lang="vi">Cao Bang</span>').length - 1;
      return shown === 0 || shown !== marked;
    });

    expect(unmarked).toEqual([]);
  });
});
