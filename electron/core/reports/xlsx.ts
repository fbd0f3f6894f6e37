/** The Excel workbook (exceljs): one sheet per export table, bold shaded frozen header, percentages as 0.0%. */
import ExcelJS from 'exceljs';
import type { Table } from './tables';

const SHEET_ORDER = ['summary', 'hot_spots', 'stations', 'standards', 'adoptions', 'runs', 'deviations', 'integrity'];

export async function writeXlsx(tables: Table[], file: string, meta: { title: string }): Promise<void> {
  const wb = new ExcelJS.Workbook();
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
    for (const r of t.rows) ws.addRow(r.map((v) => (v === null ? null : v)));
    const header = ws.getRow(1);
    header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF2F4F6F' } };
    header.alignment = { vertical: 'middle', wrapText: true };
    if (t.rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  }
  await wb.xlsx.writeFile(file);
}
