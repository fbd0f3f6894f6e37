/** Writes a scorecard as CSV files, an Excel workbook or an HTML page. */
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { writeFileReplacing } from '../files/atomic-write';
import { toCsv } from './csv';
import { renderHtml } from './html';
import { exportTables } from './tables';
import type { ReportFormat, Scorecard } from './types';
import { writeXlsx } from './xlsx';

export async function writeExports(card: Scorecard, format: ReportFormat, out: string): Promise<{ files: string[] }> {
  const tables = exportTables(card);
  if (format === 'csv') {
    mkdirSync(out, { recursive: true });
    const files: string[] = [];
    for (const t of tables) {
      const f = path.join(out, `${t.name}.csv`);
      await writeFileReplacing(f, toCsv(t)); // a reader never sees a half-written export
      files.push(f);
    }
    return { files };
  }
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  if (format === 'xlsx') {
    // The workbook library writes the file itself: to a temporary name, renamed when complete.
    const tmp = `${out}.tmp-${process.pid}.xlsx`;
    await writeXlsx(tables, tmp, { title: `Steadywork scorecard ${card.period.from} to ${card.period.to}` });
    renameSync(tmp, out);
    return { files: [out] };
  }
  await writeFileReplacing(out, renderHtml(card, tables));
  return { files: [out] };
}
