/** Writes a scorecard as CSV files, an Excel workbook or an HTML page. */
import { lstat, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { errnoOf, writeFileReplacing } from '../files/atomic-write';
import { toCsv } from './csv';
import { renderHtml } from './html';
import { exportTables } from './tables';
import type { ReportFormat, Scorecard } from './types';
import { writeXlsx } from './xlsx';

/** An export path that is a symbolic link: it is never followed (the export would land wherever the link points). */
export class ExportLinkError extends Error {
  readonly code = 'EXPORT_LINK';
  constructor(readonly file: string) {
    super(`${file} is a symbolic link; exports are never written through a link. Choose the folder or file it points to, or another name.`);
    this.name = 'ExportLinkError';
  }
}

async function refuseLink(p: string): Promise<void> {
  try {
    if ((await lstat(p)).isSymbolicLink()) throw new ExportLinkError(p);
  } catch (err) {
    if (err instanceof ExportLinkError || errnoOf(err) !== 'ENOENT') throw err;
  }
}

/**
 * Every file goes through the one atomic writer (core/files/atomic-write.ts): a create-only temporary file with an
 * unpredictable name beside the final one ('wx': never through a link or over another file), flushed, then renamed
 * (a link at the final name is replaced, not followed). A path that is a link is refused.
 */
export async function writeExports(card: Scorecard, format: ReportFormat, out: string): Promise<{ files: string[] }> {
  const tables = exportTables(card);
  const target = path.resolve(out);
  await refuseLink(target);
  if (format === 'csv') {
    await mkdir(target, { recursive: true });
    const files: string[] = [];
    for (const t of tables) {
      const f = path.join(target, `${t.name}.csv`);
      await refuseLink(f);
      await writeFileReplacing(f, toCsv(t)); // a reader never sees a half-written export
      files.push(f);
    }
    return { files };
  }
  await mkdir(path.dirname(target), { recursive: true });
  if (format === 'xlsx') {
    // The workbook library writes a file itself: into a private folder of our own (0700, unpredictable name), from
    // which the bytes go through the atomic writer.
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'steadywork-xlsx-'));
    try {
      const tmp = path.join(scratch, 'workbook.xlsx');
      await writeXlsx(tables, tmp, { title: `Steadywork scorecard ${card.period.from} to ${card.period.to}` });
      await writeFileReplacing(target, await readFile(tmp));
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    return { files: [target] };
  }
  await writeFileReplacing(target, renderHtml(card, tables));
  return { files: [target] };
}
