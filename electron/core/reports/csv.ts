/**
 * CSV per RFC 4180: fields containing a comma, a double quote, CR or LF are quoted, quotes doubled; records end
 * with CRLF (also the last). Files are UTF-8 with a byte-order mark so Excel opens Hindi text correctly (other
 * readers ignore or strip it). Numbers are written plainly (rates as fractions 0..1, "." as decimal point); an
 * absent value is an empty field.
 */
import type { Cell, Table } from './tables';

export const CSV_BOM = '\uFEFF';

export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '') : typeof v === 'boolean' ? (v ? 'true' : 'false') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.header)), ...table.rows.map((r) => r.map(csvField))];
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
