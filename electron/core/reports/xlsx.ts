/**
 * The Excel workbook (exceljs): one sheet per export table, bold shaded frozen header, percentages as 0.0%.
 * Written with exceljs's streaming writer: each row is committed to the file as it is added, so a ledger of 1M
 * events (about 90 000 runs) is written in seconds with little memory, instead of building the whole workbook in memory.
 */
import ExcelJS from 'exceljs';
import type { Table } from './tables';

const SHEET_ORDER = ['summary', 'hot_spots', 'stations', 'standards', 'adoptions', 'runs', 'deviations', 'integrity'];

export async function writeXlsx(tables: Table[], file: string, meta: { title: string }): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'Steadywork';
  wb.title = meta.title;
  const ordered = [...tables].sort((a, b) => SHEET_ORDER.indexOf(a.name) - SHEET_ORDER.indexOf(b.name));
  for (const t of ordered) {
    const ws = wb.addWorksheet(t.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({
      header: c.header,
      width: Math.min(50, Math.max(10, c.header.length + 2)),
      style: c.kind === 'pct' ? { numFmt: '0.0%' } : c.kind === 'num' ? { numFmt: '0.00' } : c.kind === 'int' ? { numFmt: '0' } : {},
    }));
    const header = ws.getRow(1);
    header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF2F4F6F' } };
    header.alignment = { vertical: 'middle', wrapText: true };
    header.commit();
    if (t.rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
    for (const r of t.rows) ws.addRow(r.map((v) => (v === null ? null : v))).commit();
    ws.commit();
  }
  await wb.commit();
}
