import { describe, expect, it } from 'vitest';
import { esc, pairedBars, shareBar } from '../../site/src/scripts/officer-charts';

const words = { title: 'Theo loại <vụ việc>', now: 'Kỳ này', before: 'Cùng kỳ năm trước', format: String };

describe('pairedBars', () => {
  it('draws each row as a solid bar for this period and a hatched one for last year, each with its number', () => {
    const svg = pairedBars('c', [{ label: 'Trộm cắp', now: 3, before: 6 }], words);

    expect(svg).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 640 76" role="img" aria-labelledby="c-t">' +
        '<title id="c-t">Theo loại &#60;vụ việc&#62;</title>' +
        '<defs><pattern id="c-h" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#0b4f8a" stroke-width="2.5"/></pattern></defs>' +
        '<g class="legend"><rect x="0" y="4" width="16" height="16" fill="#0b4f8a"/><text x="22" y="17">Kỳ này</text>' +
        '<rect x="260" y="4" width="16" height="16" fill="url(#c-h)" stroke="#0b4f8a"/><text x="282" y="17">Cùng kỳ năm trước</text></g>' +
        '<g><title>Trộm cắp: 3 / 6</title><text x="192" y="54" text-anchor="end">Trộm cắp</text>' +
        '<rect x="200" y="36" width="180" height="14" fill="#0b4f8a"/><text x="386" y="48">3</text>' +
        '<rect x="200" y="52" width="360" height="14" fill="url(#c-h)" stroke="#0b4f8a"/><text x="566" y="64">6</text></g>' +
        '</svg>',
    );
  });

  it('escapes what the data says, and shortens long names on the chart (the table keeps them whole)', () => {
    const svg = pairedBars(
      'x',
      [{ label: 'Tổ "A" & <b>Khu phố rất dài tên gọi</b>', now: 0, before: 0 }],
      words,
    );

    expect(svg).toContain(
      '<title>Tổ &#34;A&#34; &#38; &#60;b&#62;Khu phố rất dài tên gọi&#60;/b&#62;: 0 / 0</title>',
    );
    expect(svg).toContain('>Tổ &#34;A&#34; &#38; &#60;b&#62;Khu phố r…</text>');
    expect(svg).not.toMatch(/<b>|style=|<script/);
    expect(esc(`'`)).toBe('&#39;');
  });
});

describe('pairedBars drawn for a phone', () => {
  it('is drawn at the width it is shown, its label column narrowed and the legend moved in', () => {
    const svg = pairedBars('c', [{ label: 'Trộm cắp', now: 3, before: 6 }], words, 328);

    expect(svg).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 328 76" role="img" aria-labelledby="c-t">' +
        '<title id="c-t">Theo loại &#60;vụ việc&#62;</title>' +
        '<defs><pattern id="c-h" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#0b4f8a" stroke-width="2.5"/></pattern></defs>' +
        '<g class="legend"><rect x="0" y="4" width="16" height="16" fill="#0b4f8a"/><text x="22" y="17">Kỳ này</text>' +
        '<rect x="164" y="4" width="16" height="16" fill="url(#c-h)" stroke="#0b4f8a"/><text x="186" y="17">Cùng kỳ năm trước</text></g>' +
        '<g><title>Trộm cắp: 3 / 6</title><text x="123" y="54" text-anchor="end">Trộm cắp</text>' +
        '<rect x="131" y="36" width="59" height="14" fill="#0b4f8a"/><text x="196" y="48">3</text>' +
        '<rect x="131" y="52" width="117" height="14" fill="url(#c-h)" stroke="#0b4f8a"/><text x="254" y="64">6</text></g>' +
        '</svg>',
    );
  });

  it('keeps a long name to what fits its column, and never draws narrower than a small phone', () => {
    const long = 'Tranh chấp đất đai, ranh giới giữa các hộ liền kề';
    const svg = pairedBars('c', [{ label: long, now: 1, before: 0 }], words, 120);

    expect(svg).toContain('viewBox="0 0 240 ');
    expect(svg).toContain(`text-anchor="end">${[...long].slice(0, 9).join('')}…</text>`);
  });
});

describe('shareBar', () => {
  const share = { title: 'Hòa giải thành', goal: 'Mục tiêu', format: (n: number) => `${n}%` };

  it('puts the share against the goal band, its number on the side where it fits', () => {
    const low = shareBar('m', 20, { from: 70, to: 85 }, share);
    const high = shareBar('m', 80, { from: 70, to: 85 }, share);

    expect(low).toContain('<rect x="426" y="8" width="87" height="44" fill="url(#m-h)" stroke="#0b4f8a"/>');
    expect(low).toContain('<text x="513" y="68" text-anchor="end">Mục tiêu 70%–85%</text>');
    expect(low).toContain(
      '<rect x="20" y="20" width="116" height="20" fill="#0b4f8a"/><text x="136" y="16" text-anchor="start">20%</text>',
    );
    expect(high).toContain('<text x="484" y="16" text-anchor="end">80%</text>');
  });

  it('labels a goal on the right from its right end when drawn for a phone, so that it stays inside', () => {
    const svg = shareBar('m', 20, { from: 70, to: 85 }, share, 328);

    expect(svg).toContain('viewBox="0 0 328 96"');
    expect(svg).toContain('<text x="248" y="68" text-anchor="end">Mục tiêu 70%–85%</text>');
    expect(svg).toContain('<text x="288" y="90" text-anchor="middle">100%</text>');
  });

  it('draws the scale and the goal alone when there is no share to show', () => {
    const svg = shareBar('m', null, { from: 70, to: 85 }, share);

    expect(svg).not.toContain('y="20" width');
    // Five ticks and the axis.
    expect(svg.match(/stroke="#1b1b1b"/g)).toHaveLength(6);
  });
});
