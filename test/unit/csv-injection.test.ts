import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula, restoreFormula } from '../../functions/shared/text';
import { figuresCsv } from '../../functions/stats/csv';
import { computeFigures, type FigureInputs } from '../../functions/stats/figures';
import { formatCsv, parseCsvText } from '../../infra/import/csv';

/** Cells a spreadsheet program would run as formulas (OWASP's CSV injection list). */
const HOSTILE = ['=1+1', '+84 912', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];

describe('neutralizeFormula and restoreFormula', () => {
  it('prefixes a cell that starts a formula with a quote, and takes exactly that quote off again', () => {
    const cells = [...HOSTILE, "'=1", "''+1", "'quoted", 'a=1', '', "'"];

    expect(cells.map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+84 912",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1",
      "'\r=1",
      "''=1",
      "'''+1",
      "'quoted",
      'a=1',
      '',
      "'",
    ]);
    expect(cells.map((c) => restoreFormula(neutralizeFormula(c)))).toEqual(cells);
  });

  it('gives back every text it neutralized', () => {
    fc.assert(fc.property(fc.string(), (s) => restoreFormula(neutralizeFormula(s)) === s));
  });
});

describe('formatCsv (the province data export)', () => {
  it('writes a formula-like cell quoted behind a single quote', () => {
    expect(formatCsv(['id', 'name', 'phone'], [['C1', '=HYPERLINK("http://x","y")', '+84912345678']])).toBe(
      'id,name,phone\r\nC1,"\'=HYPERLINK(""http://x"",""y"")","\'+84912345678"\r\n',
    );
  });

  it('reads back what it wrote, cell for cell, for any cell the import keeps (trimmed, NFC)', () => {
    const cell = fc.string({ unit: 'grapheme' }).map((s) => s.normalize('NFC').trim());
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
        const parsed = parseCsvText(formatCsv(['a', 'b'], rows), 'x.csv');
        return (
          JSON.stringify(parsed.records.map((r) => r.cells.map((c) => c.value))) === JSON.stringify(rows)
        );
      }),
    );
  });
});

describe('figuresCsv (the figures page download)', () => {
  it('neutralizes names a spreadsheet would run, and leaves numbers, negative ones too, as numbers', () => {
    const inputs: FigureInputs = {
      area: { code: 'X', name: '=cmd|" /C calc"!A0' },
      children: [{ code: 'X-1', name: '@Tổ 1' }],
      categories: [
        { code: 'theft', label: { vi: '-Trộm', en: '+Theft' }, urgency: 'high', mediable: false, order: 1 },
      ],
      period: { from: '2025-01', to: '2025-01' },
      counters: new Map<string, Record<string, number>>([
        ['2024-01', { 'in#theft': 4 }],
        ['2025-01', { 'in#theft': 1, 'ch#X-1': 1 }],
      ]),
      smsPriceUsd: 0.03,
    };

    const lines = figuresCsv(inputs, computeFigures(inputs), 'en').split('\r\n');

    expect(lines.slice(1, 4)).toEqual([
      `incidents,X,"'=cmd|"" /C calc""!A0",theft,"'+Theft",2024-01,4`,
      `incidents,X,"'=cmd|"" /C calc""!A0",theft,"'+Theft",2025-01,1`,
      `incidents,X-1,"'@Tổ 1",,,2025-01,1`,
    ]);
    expect(lines).toContain(`incidents_change_percent,X,"'=cmd|"" /C calc""!A0",,,2025-01..2025-01,-75`);
  });
});
