/**
 * The Excel workbook (exceljs): one sheet per export table, each an Excel table (banded, with filter buttons) under a
 * frozen, wrapped header row; dates and times as real date cells in station local time (Excel has no time zones: the
 * cell holds the station's wall-clock time, the header says so); numbers as numbers (percentages 0.0%); column widths
 * from the content; printed on A4 landscape, fitted to the page width, the header row repeated on every page.
 * Built in memory and written through the one atomic writer (core/files/atomic-write.ts): a reader never sees half a file.
 */
import ExcelJS from 'exceljs';
import type { Cell, Column, Table } from './tables';

/**
 * Sheets up to this many rows are Excel tables; a longer sheet (the runs or deviations of a large ledger) gets the same
 * header, filter buttons (autofilter), widths, formats and page setup without the table object: exceljs builds a
 * table's rows one by one and took minutes for 90 000 rows, where plain rows take seconds.
 */
export const XLSX_TABLE_MAX_ROWS = 5_000;

export const SHEET_ORDER = ['summary', 'station_status', 'hot_spots', 'stations', 'standards', 'adoptions', 'runs', 'deviations', 'integrity'];

const NUM_FMT: Partial<Record<Column['kind'], string>> = { pct: '0.0%', num: '0.00', int: '0', date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss' };

/** A day or a wall-clock time as a Date whose UTC fields are that wall-clock time (what exceljs writes as the cell). */
export function wallClockDate(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

function cellValue(v: Cell, c: Column): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if ((c.kind === 'date' || c.kind === 'datetime') && typeof v === 'string') return wallClockDate(v) ?? v;
  return v;
}

/** Characters a cell shows (for the column width). */
function shown(v: Cell, c: Column): number {
  if (v === null || v === undefined) return 0;
  if (c.kind === 'datetime') return 19;
  if (c.kind === 'date') return 10;
  if (c.kind === 'pct') return 7;
  if (typeof v === 'number') return c.kind === 'num' ? String(v.toFixed(2)).length : String(v).length;
  return Math.max(...String(v).split('\n').map((l) => l.length));
}

/** Width from the content: the widest cell (or the header's longest word, headers wrap), within limits. */
export function columnWidth(t: Table, i: number): number {
  const c = t.columns[i] as Column;
  const headerWord = Math.max(...c.header.split(/\s+/).map((w) => w.length));
  let widest = Math.min(c.header.length, Math.max(headerWord, 12));
  for (const r of t.rows) widest = Math.max(widest, shown(r[i] ?? null, c));
  const max = c.wrap ? 60 : 48;
  return Math.max(8, Math.min(max, widest + 2));
}

export async function xlsxBuffer(tables: Table[], meta: { title: string; subject: string; footer: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Steadywork';
  wb.title = meta.title;
  wb.subject = meta.subject;
  const ordered = [...tables].sort((a, b) => SHEET_ORDER.indexOf(a.name) - SHEET_ORDER.indexOf(b.name));
  for (const t of ordered) {
    const ws = wb.addWorksheet(t.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.pageSetup = {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as needed
      printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    };
    ws.headerFooter = { oddFooter: `&L${meta.footer.replace(/&/g, '&&')} — ${t.title}&RPage &P of &N` };
    const rows = t.rows.length > 0 ? t.rows.map((r) => r.map((v, i) => cellValue(v, t.columns[i] as Column))) : [t.columns.map((_, i) => (i === 0 ? 'None in this period' : null))];
    if (rows.length <= XLSX_TABLE_MAX_ROWS) {
      ws.addTable({
        name: `sw_${t.name}`,
        ref: 'A1',
        headerRow: true,
        totalsRow: false,
        style: { theme: 'TableStyleMedium2', showRowStripes: true },
        columns: t.columns.map((c) => ({ name: c.header, filterButton: true })),
        rows,
      });
    } else {
      ws.addRow(t.columns.map((c) => c.header));
      ws.addRows(rows);
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
      ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    }
    t.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = columnWidth(t, i);
      const fmt = NUM_FMT[c.kind];
      col.eachCell({ includeEmpty: false }, (cell, rowNumber) => {
        if (rowNumber === 1) return;
        if (fmt) cell.numFmt = fmt;
        cell.alignment = { vertical: 'top', wrapText: c.wrap === true };
      });
    });
    const header = ws.getRow(1);
    header.alignment = { vertical: 'top', wrapText: true };
    header.font = { bold: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
