/**
 * The Excel workbook (exceljs): one sheet per export table, each an Excel table (banded, with filter buttons) under a
 * frozen, wrapped header row; dates and times as real date cells in station local time (Excel has no time zones: the
 * cell holds the station's wall-clock time, the header says so); numbers as numbers (percentages 0.0%); column widths
 * from the content; printed on A4 landscape, fitted to the page width, the header row repeated on every page.
 * Written through the one atomic writer (core/files/atomic-write.ts): a reader never sees half a file.
 *
 * Two ways, one look: a workbook whose sheets all fit XLSX_TABLE_MAX_ROWS is built in memory with an Excel table per
 * sheet; a larger one (the runs or deviations of a large ledger) is written with exceljs's streaming writer
 * (stream.xlsx.WorkbookWriter: each row is committed to the file as it is added, so memory no longer grows with the
 * workbook). The streaming writer cannot write Excel tables: there every sheet has the same header with filter
 * buttons (autofilter), frozen and repeated on printed pages, the same widths, formats, dates and page setup.
 */
import ExcelJS from 'exceljs';
import StreamBuf from 'exceljs/lib/utils/stream-buf.js';
import type { Cell, Column, Table } from './tables';
import { writeFileReplacing, writeStreamReplacing } from '../files/atomic-write';

/**
 * A workbook whose sheets all have up to this many rows is built in memory with an Excel table per sheet; a larger one
 * is streamed (exceljs builds a table's rows one by one and took minutes for 90 000 rows; a workbook in memory took
 * 1.47 GB at 90 000 runs).
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

/**
 * exceljs's streaming writer hands each part of the file to archiver as one of its own StreamBuf objects. archiver-utils
 * 3 (package.json's override, which removed exceljs's Buffer() deprecation warnings) normalises a stream with
 * `source.pipe(new PassThrough())` and uses what pipe() returns; StreamBuf.pipe returns nothing, so every append failed
 * ("input source must be valid Stream or Buffer instance"). Node's streams return the destination from pipe(): so does
 * StreamBuf from here on (the in-memory writer does not use archiver).
 */
function patchStreamBufPipe(): void {
  const proto = StreamBuf.prototype as { pipe(d: unknown): unknown; steadyworkPipeReturns?: true };
  if (proto.steadyworkPipeReturns) return;
  const pipe = proto.pipe;
  proto.pipe = function (this: unknown, destination: unknown) {
    pipe.call(this, destination);
    return destination;
  };
  proto.steadyworkPipeReturns = true;
}

type XlsxMeta = { title: string; subject: string; footer: string };

const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  paperSize: 9, // A4
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0, // as many pages down as needed
  printTitlesRow: '1:1',
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

const ordered = (tables: Table[]): Table[] => [...tables].sort((a, b) => SHEET_ORDER.indexOf(a.name) - SHEET_ORDER.indexOf(b.name));
const footerOf = (meta: XlsxMeta, t: Table): string => `&L${meta.footer.replace(/&/g, '&&')} — ${t.title}&RPage &P of &N`;
const emptyRow = (t: Table): ExcelJS.CellValue[] => t.columns.map((_, i) => (i === 0 ? 'None in this period' : null));

/** Whether the workbook is streamed (a sheet over XLSX_TABLE_MAX_ROWS) rather than built in memory with tables. */
export const xlsxStreams = (tables: Table[]): boolean => tables.some((t) => t.rows.length > XLSX_TABLE_MAX_ROWS);

/** Writes the workbook to `out` (atomically): in memory with Excel tables, or streamed for a large one (see above). */
export async function writeXlsx(out: string, tables: Table[], meta: XlsxMeta): Promise<void> {
  if (!xlsxStreams(tables)) {
    await writeFileReplacing(out, await xlsxBuffer(tables, meta));
    return;
  }
  patchStreamBufPipe();
  await writeStreamReplacing(out, async (stream) => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: stream as unknown as import('node:stream').Stream, useStyles: true, useSharedStrings: false });
    wb.creator = 'Steadywork';
    (wb as unknown as { title: string }).title = meta.title;
    (wb as unknown as { subject: string }).subject = meta.subject;
    for (const t of ordered(tables)) {
      const ws = wb.addWorksheet(t.title, {
        views: [{ state: 'frozen', ySplit: 1 }],
        pageSetup: PAGE_SETUP,
        headerFooter: { oddFooter: footerOf(meta, t) },
      });
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
      // Column styles first: every cell of a row added later takes its column's format and alignment.
      ws.columns = t.columns.map((c, i) => {
        const fmt = NUM_FMT[c.kind];
        return { width: columnWidth(t, i), style: { ...(fmt ? { numFmt: fmt } : {}), alignment: { vertical: 'top', wrapText: c.wrap === true } } };
      });
      const header = ws.addRow(t.columns.map((c) => c.header));
      header.eachCell((cell) => {
        cell.style = { font: { bold: true }, alignment: { vertical: 'top', wrapText: true }, fill: HEADER_FILL };
      });
      header.commit();
      if (t.rows.length === 0) ws.addRow(emptyRow(t)).commit();
      for (const r of t.rows) ws.addRow(r.map((v, i) => cellValue(v, t.columns[i] as Column))).commit();
      ws.commit();
    }
    await wb.commit();
  });
}

/** The workbook built in memory, an Excel table per sheet (for a workbook within XLSX_TABLE_MAX_ROWS per sheet). */
export async function xlsxBuffer(tables: Table[], meta: XlsxMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Steadywork';
  wb.title = meta.title;
  wb.subject = meta.subject;
  for (const t of ordered(tables)) {
    const ws = wb.addWorksheet(t.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.pageSetup = { ...PAGE_SETUP };
    ws.headerFooter = { oddFooter: footerOf(meta, t) };
    const rows = t.rows.length > 0 ? t.rows.map((r) => r.map((v, i) => cellValue(v, t.columns[i] as Column))) : [emptyRow(t)];
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
      ws.getRow(1).fill = HEADER_FILL;
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
