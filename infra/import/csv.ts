/**
 * A small RFC 4180 reader and writer for the province's data files. Written here rather than taken
 * from a package so that every error can name the file, the line and the column a person must fix,
 * and so that a huge or badly encoded file ends in a clear message, never a crash.
 */
import { neutralizeFormula, restoreFormula } from '../../functions/shared/text';

/** Longest cell accepted: far above any name or role, far below what could hurt memory. */
const MAX_CELL_CHARS = 2000;

export interface CsvProblem {
  file: string;
  /** 1-based physical line of the file (the header is line 1); unset for the whole file. */
  line?: number;
  /** 1-based column number, when the problem is in one cell. */
  column?: number;
  /** The column's header name, when known. */
  columnName?: string;
  reason: string;
}

interface CsvCell {
  value: string;
  /** Line where the cell starts: a quoted cell may span lines. */
  line: number;
}

interface CsvRecord {
  /** Line where the record starts. */
  line: number;
  cells: CsvCell[];
}

export interface CsvTable {
  file: string;
  header: string[];
  records: CsvRecord[];
  /** Cell-level problems (too long); the records are still returned, the long cell cut short. */
  problems: CsvProblem[];
}

export class CsvError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(formatProblem(problem));
    this.name = 'CsvError';
  }
}

export function formatProblem(p: CsvProblem): string {
  const where =
    p.column !== undefined ? `, column ${p.column}${p.columnName ? ` (${p.columnName})` : ''}` : '';
  return `${p.file}${p.line !== undefined ? ` line ${p.line}` : ''}${where}: ${p.reason}`;
}

/**
 * Offset of the first byte that is not well-formed UTF-8 (overlongs, surrogates and values past
 * U+10FFFF included), or -1. TextDecoder's fatal mode says only "invalid"; a person needs a line.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineAtOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Decodes a data file as UTF-8 (a BOM is dropped), or throws a CsvError naming the line. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new CsvError({ file, line: 1, reason: 'the file is UTF-16; save it as UTF-8 (CSV UTF-8)' });
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  const bad = firstInvalidUtf8(body);
  if (bad >= 0)
    throw new CsvError({
      file,
      line: lineAtOffset(body, bad),
      reason: `not valid UTF-8 (byte 0x${(body[bad] as number).toString(16).padStart(2, '0')} at offset ${bad + start}); save the file as UTF-8 (CSV UTF-8), not in a legacy code page`,
    });
  return new TextDecoder('utf-8').decode(body);
}

/**
 * Parses CSV text: comma-separated, fields optionally in double quotes (a quote inside is
 * doubled), quoted fields may hold commas and line breaks, records end with LF or CRLF, empty
 * lines are skipped. Structural errors (a stray or unclosed quote) throw: past them nothing can be
 * trusted. Cell values are NFC-normalized and trimmed, and a cell the writer neutralized against
 * spreadsheet formulas (`'=…`, `'+84…`) is read back without its added quote.
 */
export function parseCsvText(text: string, file: string): CsvTable {
  const problems: CsvProblem[] = [];
  const rows: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;

  while (i < n) {
    // An empty line (LF or CRLF alone) is no record.
    if (text[i] === '\n') {
      line++;
      i++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      line++;
      i += 2;
      continue;
    }
    const record: CsvRecord = { line, cells: [] };
    for (;;) {
      const cellLine = line;
      const column = record.cells.length + 1;
      let value = '';
      let tooLong = false;
      let length = 0;
      const append = (chunk: string) => {
        if (tooLong) {
          length += chunk.length;
          return;
        }
        value += chunk;
        length = value.length;
        if (length > MAX_CELL_CHARS) tooLong = true;
      };
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n)
            throw new CsvError({
              file,
              line: cellLine,
              column,
              reason: 'a quoted cell is never closed (missing ")',
            });
          const q = text.indexOf('"', i);
          const end = q === -1 ? n : q;
          const chunk = text.slice(i, end);
          for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === 10) line++;
          append(chunk);
          i = end;
          if (q === -1) continue;
          if (text[i + 1] === '"') {
            append('"');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        const next = text[i];
        if (i < n && next !== ',' && next !== '\n' && !(next === '\r' && text[i + 1] === '\n'))
          throw new CsvError({
            file,
            line,
            column,
            reason: 'unexpected text after a closing quote (a quote inside a cell must be doubled: "")',
          });
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === 44 || c === 10 || (c === 13 && text.charCodeAt(end + 1) === 10)) break;
          if (c === 34)
            throw new CsvError({
              file,
              line,
              column,
              reason: 'a quote inside an unquoted cell (wrap the cell in quotes and double the quote)',
            });
          end++;
        }
        append(text.slice(i, end));
        i = end;
      }
      if (tooLong) {
        problems.push({
          file,
          line: cellLine,
          column,
          reason: `cell is ${length.toLocaleString('en')} characters long, more than the ${MAX_CELL_CHARS.toLocaleString('en')} allowed`,
        });
        value = value.slice(0, MAX_CELL_CHARS);
      }
      record.cells.push({ value: restoreFormula(value.normalize('NFC').trim()), line: cellLine });
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    rows.push(record);
  }

  const [headerRecord, ...records] = rows;
  if (!headerRecord)
    throw new CsvError({ file, line: 1, reason: 'the file is empty (a header line is needed)' });
  const header = headerRecord.cells.map((c) => c.value.toLowerCase().replace(/\s+/g, '_'));
  for (const record of records) {
    if (record.cells.length !== header.length)
      problems.push({
        file,
        line: record.line,
        reason: `${record.cells.length} cells where the header has ${header.length}`,
      });
  }
  for (const p of problems) if (p.column !== undefined) p.columnName = header[p.column - 1];
  return { file, header, records, problems };
}

/** Reads a data file's bytes: UTF-8 check, then parsing. */
export function parseCsv(bytes: Uint8Array, file: string): CsvTable {
  return parseCsvText(decodeUtf8(bytes, file), file);
}

function quote(cell: string): string {
  const value = neutralizeFormula(cell);
  return value !== cell || /[",\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/**
 * Writes CSV with CRLF line ends (what spreadsheet programs expect), quoting only where needed. A cell
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) is written quoted with a
 * `'` before it, as OWASP's CSV injection advice says; the reader above takes that quote off again.
 */
export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows]
    .map((row) => row.map(quote).join(','))
    .join('\r\n')
    .concat('\r\n');
}
