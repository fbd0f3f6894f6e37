/**
 * CSV per RFC 4180: fields containing a comma, a double quote, CR or LF are quoted, quotes doubled; records end
 * with CRLF (also the last). Files are UTF-8 with a byte-order mark so Excel opens Hindi text correctly (other
 * readers ignore or strip it). Numbers are written plainly (rates as fractions 0..1, "." as decimal point); an
 * absent value is an empty field. Text that would run as a formula is neutralised (neutralise()).
 */
import type { Cell, Column, Table } from './tables';

export const CSV_BOM = '\uFEFF';

/**
 * A text cell that a spreadsheet would read as a formula (OWASP "CSV injection": it starts with =, +, -, @, a tab or
 * a carriage return) is written with a leading apostrophe, which spreadsheets show as text and other readers keep:
 * a station named "=HYPERLINK(…)" stays a name. Numbers are numbers (a negative number is not text and keeps its sign).
 */
export function neutralise(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '') : typeof v === 'boolean' ? (v ? 'true' : 'false') : neutralise(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A cell as written: wall-clock times with a space (2026-03-02 08:10:00), which spreadsheets read as a date and time. */
function cellFor(v: Cell, c: Column | undefined): Cell {
  return c?.kind === 'datetime' && typeof v === 'string' ? v.replace('T', ' ') : v;
}

export function toCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.header)), ...table.rows.map((r) => r.map((v, i) => csvField(cellFor(v, table.columns[i]))))];
  return CSV_BOM + lines.map((l) => l.join(',') + '\r\n').join('');
}

/** Parse RFC 4180 CSV (used by the tests, and handy for reading exports back). Strips a leading BOM. */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && src[i + 1] === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out;
}
