import { describe, expect, it } from 'vitest';
import {
  CsvError,
  decodeUtf8,
  formatCsv,
  formatProblem,
  parseCsv,
  parseCsvText,
} from '../../infra/import/csv';

const bytes = (text: string) => new TextEncoder().encode(text);

function cells(table: ReturnType<typeof parseCsvText>) {
  return table.records.map((r) => ({ line: r.line, values: r.cells.map((c) => c.value) }));
}

describe('parseCsv', () => {
  it('reads a header and rows, skipping empty lines', () => {
    const table = parseCsv(bytes('code,name\nQN,Quảng Ninh\n\nUB,Uông Bí\n'), 'areas.csv');
    expect({ header: table.header, rows: cells(table), problems: table.problems }).toEqual({
      header: ['code', 'name'],
      rows: [
        { line: 2, values: ['QN', 'Quảng Ninh'] },
        { line: 4, values: ['UB', 'Uông Bí'] },
      ],
      problems: [],
    });
  });

  it('drops a UTF-8 byte order mark and reads CRLF line ends', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('code,name\r\nQN,Quảng Ninh\r\n')]);
    const table = parseCsv(withBom, 'areas.csv');
    expect({ header: table.header, rows: cells(table) }).toEqual({
      header: ['code', 'name'],
      rows: [{ line: 2, values: ['QN', 'Quảng Ninh'] }],
    });
  });

  it('reads quoted commas, doubled quotes and line breaks inside quotes, counting lines exactly', () => {
    const text = 'id,name,role\r\nA,"Tổ hòa giải, khu 5","Trưởng ""khu"" 5"\r\nB,"hai\r\ndòng",x\nC,y,z\n';
    const table = parseCsvText(text, 'contacts.csv');
    expect(cells(table)).toEqual([
      { line: 2, values: ['A', 'Tổ hòa giải, khu 5', 'Trưởng "khu" 5'] },
      { line: 3, values: ['B', 'hai\r\ndòng', 'x'] },
      { line: 5, values: ['C', 'y', 'z'] },
    ]);
    expect(table.records[1]?.cells.map((c) => c.line)).toEqual([3, 3, 4]);
  });

  it('normalizes cells to NFC and trims them, and lower-cases the header', () => {
    const decomposed = 'Uo\u0302ng Bi\u0301';
    const table = parseCsvText(` Code , Name \nUB,  ${decomposed}  \n`, 'areas.csv');
    expect({ header: table.header, rows: cells(table) }).toEqual({
      header: ['code', 'name'],
      rows: [{ line: 2, values: ['UB', 'Uông Bí'] }],
    });
  });

  it('reports a 100,000-character cell as a clear problem, without failing the file', () => {
    const text = `code,name\nQN,${'a'.repeat(100_000)}\nUB,Uông Bí\n`;
    const table = parseCsvText(text, 'areas.csv');
    expect(table.problems).toEqual([
      {
        file: 'areas.csv',
        line: 2,
        column: 2,
        columnName: 'name',
        reason: 'cell is 100,000 characters long, more than the 2,000 allowed',
      },
    ]);
    expect(table.records.map((r) => r.cells[1]?.value.length)).toEqual([2000, 7]);
  });

  it('reports a row whose number of cells differs from the header', () => {
    const table = parseCsvText('code,name,kind\nQN,Quảng Ninh\n', 'areas.csv');
    expect(table.problems).toEqual([
      { file: 'areas.csv', line: 2, reason: '2 cells where the header has 3' },
    ]);
  });

  it('refuses a file in a legacy code page, naming the line of the first bad byte', () => {
    // "Hạ Long" can't be written in Latin-1; "Bãi" can: 0xE3 alone is not UTF-8.
    const latin1 = new Uint8Array([
      ...bytes('code,name\nQN,Qu\n'),
      ...bytes('BC,B'),
      0xe3,
      ...bytes('i Ch\n'),
    ]);
    expect(() => parseCsv(latin1, 'areas.csv')).toThrow(
      new CsvError({
        file: 'areas.csv',
        line: 3,
        reason:
          'not valid UTF-8 (byte 0xe3 at offset 20); save the file as UTF-8 (CSV UTF-8), not in a legacy code page',
      }),
    );
  });

  it('refuses UTF-16 with a hint to save as UTF-8', () => {
    expect(() => decodeUtf8(new Uint8Array([0xff, 0xfe, 0x63, 0x00]), 'areas.csv')).toThrow(
      'areas.csv line 1: the file is UTF-16; save it as UTF-8 (CSV UTF-8)',
    );
  });

  it('refuses a quoted cell that is never closed, naming where it opened', () => {
    expect(() => parseCsvText('code,name\nQN,"Quảng Ninh\nUB,Uông Bí\n', 'areas.csv')).toThrow(
      'areas.csv line 2, column 2: a quoted cell is never closed (missing ")',
    );
  });

  it('refuses a quote inside an unquoted cell', () => {
    expect(() => parseCsvText('code,name\nQN,Quảng "Ninh"\n', 'areas.csv')).toThrow(
      'areas.csv line 2, column 2: a quote inside an unquoted cell (wrap the cell in quotes and double the quote)',
    );
  });

  it('refuses text after a closing quote', () => {
    expect(() => parseCsvText('code,name\nQN,"Quảng" Ninh\n', 'areas.csv')).toThrow(
      'areas.csv line 2, column 2: unexpected text after a closing quote (a quote inside a cell must be doubled: "")',
    );
  });

  it('refuses an empty file', () => {
    expect(() => parseCsv(new Uint8Array(), 'areas.csv')).toThrow(
      'areas.csv line 1: the file is empty (a header line is needed)',
    );
  });
});

describe('formatCsv', () => {
  it('quotes only what needs quoting, and reads back to the same cells', () => {
    const rows = [
      ['A', 'Tổ hòa giải, khu 5', 'Trưởng "khu"'],
      ['B', 'hai\ndòng', ''],
    ];
    const text = formatCsv(['id', 'name', 'role'], rows);
    expect(text).toBe('id,name,role\r\nA,"Tổ hòa giải, khu 5","Trưởng ""khu"""\r\nB,"hai\ndòng",\r\n');
    expect(cells(parseCsvText(text, 'x.csv')).map((r) => r.values)).toEqual(rows);
  });
});

describe('formatProblem', () => {
  it('names the file, line, column and reason', () => {
    expect(
      formatProblem({
        file: 'contacts.csv',
        line: 14,
        column: 5,
        columnName: 'phone',
        reason: 'not a phone number',
      }),
    ).toBe('contacts.csv line 14, column 5 (phone): not a phone number');
  });
});
