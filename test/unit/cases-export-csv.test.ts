import { describe, expect, it } from 'vitest';
import { CASES_CSV_HEADER, casesCsv } from '../../functions/cases/csv';
import type { ExportedCase } from '../../functions/cases/model';

const base: ExportedCase = {
  id: 'e000000000000001',
  area: 'UONG-BI-QT5A',
  areaName: 'Khu Quang Trung 5A',
  ancestors: ['QN', 'UONG-BI'],
  category: 'noise',
  categoryLabel: { vi: 'Gây ồn ào', en: 'Noise' },
  urgency: 'low',
  status: 'received',
  createdAt: '2025-03-01T00:00:00.000Z',
};

const rows = (cases: ExportedCase[], names = new Map([['UONG-BI', 'Uông Bí']])) =>
  casesCsv(cases, names, 'Asia/Ho_Chi_Minh').split('\r\n');

describe("the cases' CSV", () => {
  it('starts with a byte-order mark and the header, and ends each row with CRLF', () => {
    const lines = rows([]);

    expect(lines).toEqual([`\uFEFF${CASES_CSV_HEADER.join(',')}`, '']);
  });

  it('writes a name a spreadsheet would run as a formula quoted, with a quote mark before it', () => {
    const lines = rows([
      { ...base, areaName: '=HYPERLINK("http://x","y")', categoryLabel: { vi: '+1', en: '+1' } },
    ]);

    expect(lines[1]).toBe(
      `e000000000000001,2025-03-01T07:00:00+07:00,UONG-BI,Uông Bí,UONG-BI-QT5A,"'=HYPERLINK(""http://x"",""y"")",noise,"'+1",low,received,,,,,0,`,
    );
  });

  it("names the commune from the case's path, the case's own place when filed there, none above it", () => {
    const lines = rows([
      { ...base, id: 'a', area: 'UONG-BI', areaName: 'Uông Bí', ancestors: ['QN'] },
      { ...base, id: 'b', area: 'QN', areaName: 'Quảng Ninh', ancestors: [] },
      { ...base, id: 'c', area: 'HA-LONG-K1', areaName: 'Khu 1', ancestors: ['QN', 'HA-LONG'] },
    ]);

    expect(lines.slice(1, -1).map((line) => line.split(',').slice(0, 6))).toEqual([
      ['a', '2025-03-01T07:00:00+07:00', 'UONG-BI', 'Uông Bí', 'UONG-BI', 'Uông Bí'],
      ['b', '2025-03-01T07:00:00+07:00', '', '', 'QN', 'Quảng Ninh'],
      // A commune whose name was not found stays a code.
      ['c', '2025-03-01T07:00:00+07:00', 'HA-LONG', '', 'HA-LONG-K1', 'Khu 1'],
    ]);
  });

  it('counts the minutes to acknowledge to a tenth, from arrival', () => {
    const lines = rows([
      { ...base, acknowledgedAt: '2025-03-01T00:01:40.000Z' },
      { ...base, acknowledgedAt: '2025-03-01T02:00:00.000Z', escalationTier: 2 },
    ]);

    expect(lines.slice(1, -1).map((line) => line.split(',').slice(12))).toEqual([
      ['2025-03-01T07:01:40+07:00', '1.7', '0', ''],
      ['2025-03-01T09:00:00+07:00', '120', '2', ''],
    ]);
  });
});
