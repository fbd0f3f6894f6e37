/**
 * The Excel export of a large ledger is streamed (exceljs's stream.xlsx.WorkbookWriter) and still reads back as the
 * small one does: real date cells in station local time, numbers, widths from the content, A4 landscape fitted to
 * width with the header row repeated, a frozen header with filter buttons (the streaming writer has no Excel tables).
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../../../test/support/temp-dir';
import type { Table } from './tables';
import { writeXlsx, XLSX_TABLE_MAX_ROWS, xlsxStreams } from './xlsx';

const N = XLSX_TABLE_MAX_ROWS + 1000;
const LONG_ID = 'run-0192f3a4-7b6c-7d8e-9f00-112233445566';

function tables(): Table[] {
  const runs: Table = {
    name: 'runs',
    title: 'Runs',
    columns: [
      { header: 'run id', kind: 'text' },
      { header: 'started at (station local time)', kind: 'datetime' },
      { header: 'day', kind: 'date' },
      { header: 'steps', kind: 'int' },
      { header: 'on time', kind: 'pct' },
      { header: 'reason', kind: 'text', wrap: true },
    ],
    rows: Array.from({ length: N }, (_, i) => [i === 7 ? LONG_ID : `r${i}`, `2026-11-23 08:${String(i % 60).padStart(2, '0')}:05`, '2026-11-23', i % 9, 0.5, i % 2 ? null : 'गोंद खत्म']),
  };
  const summary: Table = { name: 'summary', title: 'Summary', columns: [{ header: 'figure', kind: 'text' }, { header: 'value', kind: 'num' }], rows: [['on-time rate', 0.75]] };
  return [runs, summary];
}

describe('XLSX of a large ledger (streamed)', () => {
  it('reads back with exceljs: dates, numbers, widths, print setup, frozen filtered header', async () => {
    await withTempDir('sw-xlsx-stream-', async (dir) => {
      const t = tables();
      expect(xlsxStreams(t)).toBe(true);
      const file = path.join(dir, 'card.xlsx');
      await writeXlsx(file, t, { title: 'Steadywork scorecard', subject: '2 stations', footer: 'Steadywork scorecard (Asia/Kolkata)' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Runs']);
      for (const ws of wb.worksheets) {
        expect(ws.pageSetup, ws.name).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
        expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(ws.autoFilter, ws.name).toBeTruthy();
        expect(ws.getRow(1).getCell(1).font?.bold, ws.name).toBe(true);
      }
      const runs = wb.getWorksheet('Runs') as ExcelJS.Worksheet;
      expect(runs.rowCount).toBe(N + 1);
      const row = runs.getRow(2);
      expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Date);
      // The station's wall clock, as written (Excel has no time zone).
      expect((row.getCell(2).value as Date).toISOString()).toBe('2026-11-23T08:00:05.000Z');
      expect(row.getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
      expect(row.getCell(3).type).toBe(ExcelJS.ValueType.Date);
      expect(row.getCell(4).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(5).numFmt).toBe('0.0%');
      expect(row.getCell(6).value).toBe('गोंद खत्म');
      expect(row.getCell(6).alignment?.wrapText).toBe(true);
      // Widths from the content: the long run id fits its column.
      expect(runs.getColumn(1).width).toBeGreaterThanOrEqual(LONG_ID.length);
      expect(runs.getRow(2 + 7).getCell(1).value).toBe(LONG_ID);
      const summary = wb.getWorksheet('Summary') as ExcelJS.Worksheet;
      expect(summary.getRow(2).getCell(2).value).toBe(0.75);
    });
  }, 60_000);
});
