/** Writes a scorecard as CSV files, an Excel workbook or an HTML page. */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { toCsv } from './csv';
import { renderHtml } from './html';
import { exportTables } from './tables';
import type { ReportFormat, Scorecard } from './types';
import { writeXlsx } from './xlsx';

/** Write via a temporary name and rename, so a reader never sees a half-written export. */
function writeAtomic(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content, 'utf8');
  renameSync(tmp, file);
}

export async function writeExports(card: Scorecard, format: ReportFormat, out: string): Promise<{ files: string[] }> {
  const tables = exportTables(card);
  if (format === 'csv') {
    mkdirSync(out, { recursive: true });
    const files = tables.map((t) => {
      const f = path.join(out, `${t.name}.csv`);
      writeAtomic(f, toCsv(t));
      return f;
    });
    return { files };
  }
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  if (format === 'xlsx') {
    const tmp = `${out}.tmp-${process.pid}.xlsx`;
    await writeXlsx(tables, tmp, { title: `Steadywork scorecard ${card.period.from} to ${card.period.to}` });
    renameSync(tmp, out);
    return { files: [out] };
  }
  writeAtomic(out, renderHtml(card, tables));
  return { files: [out] };
}
