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

describe('what the about page says is kept, and for how long', () => {
  /** The paragraphs of the about page's section headed `heading`, as text. */
  function paragraphs(url: string, heading: string): string[] {
    const section = new RegExp(`<h2>${heading}</h2>([\\s\\S]*?)</section>`).exec(read(url))?.[1] ?? '';
    return [...section.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ' '));
  }

  it("gives Cao Bằng's own periods from its config, in Vietnamese and English, and the backups' 35 days", () => {
    // infra/provinces/cao-bang.json: contact 60 / 365 days, text 1095 / 1825, suggestions 1095 / 1460.
    expect(paragraphs('/about/', 'Lưu bao lâu').slice(1)).toEqual([
      'Họ tên và số điện thoại: 60 ngày sau khi vụ việc xong (đã giải quyết, đã hòa giải, đã chuyển nơi khác hoặc đã đóng), hoặc 1 năm sau khi bạn gửi nếu vụ việc chưa xong.',
      'Điều bạn viết và chỗ cụ thể, cùng trả lời và ghi chú của cán bộ về vụ việc: 3 năm sau khi vụ việc xong, hoặc 5 năm sau khi bạn gửi nếu vụ việc chưa xong. Sau đó vụ việc chỉ còn những gì số liệu cần: loại, nơi, ngày giờ, tình trạng và kết quả.',
      'Góp ý và câu trả lời: 3 năm sau lần trả lời gần nhất, hoặc 4 năm sau khi bạn gửi nếu chưa được trả lời.',
      'Dấu dùng để chặn gửi trùng (khi bạn bấm gửi hai lần) không chứa nội dung hay tên ai: bản ghi lần gửi giữ 24 giờ, dấu trên tin báo được xoá cùng với điều bạn viết.',
      'Tỉnh giữ bản sao lưu dữ liệu 35 ngày để khôi phục khi có sự cố. Những gì đã xoá vẫn nằm trong các bản sao lưu đó đến khi chúng hết hạn, chậm nhất 35 ngày sau, và không được dùng đến.',
    ]);
    expect(paragraphs('/en/about/', 'How long').slice(1, 4)).toEqual([
      'Your name and phone number: 60 days after your case is settled (resolved, settled by mediation, passed on or closed), or 1 year after you sent it if it is not.',
      'What you wrote and the exact spot, with the officers’ replies and notes on the case: 3 years after the case is settled, or 5 years after you sent it if it is not. The case then keeps only what the figures need: the kind, the place, the dates, the statuses and the outcome.',
      'A suggestion and the answers to it: 3 years after the latest answer, or 4 years after you sent it if it is not answered.',
    ]);
  });

  it('leads to the follow-up page to remove your contact details, in each language', () => {
    expect(paragraphs('/about/', 'Xoá thông tin liên hệ của bạn')).toEqual([
      'Bạn có thể tự xoá họ tên và số điện thoại đã ghi bất cứ lúc nào: mở trang <a href="/follow-up/">theo dõi bằng mã biên nhận</a>, nhập mã, rồi chọn “Xoá thông tin liên hệ của tôi”. Thông tin được xoá ngay; tin báo vẫn còn, nhưng cán bộ không gọi lại cho bạn được nữa.',
    ]);
    expect(paragraphs('/en/about/', 'Remove your contact details')).toEqual([
      'You can remove the name and phone number you gave at any time: open the page to <a href="/en/follow-up/">follow up with your receipt code</a>, enter the code, and choose “Remove my contact details”. They are removed at once; the report stays, but officers can no longer call you back.',
    ]);
  });
});
