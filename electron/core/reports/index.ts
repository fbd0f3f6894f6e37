/** Procurement's scorecards and exports over the ledger (DuckDB). Formulas: ./sql.ts and docs/scorecard.md. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { APP_VERSION } from '../../shell/version';
import { openExistingLedger, ReportInputError, scorecardOn } from './compute';
import { writeExports, writeParquetReadme } from './export';
import { writeParquet } from './parquet';
import type { ReportOptions, Scorecard, ScorecardOptions } from './types';

export type * from './types';
export { DEFAULT_STALE_DAYS, ReportInputError } from './compute';

/** The scorecard of the ledger at dbPath over [from, to] (local days, inclusive; default: all days with events). Read-only. */
export async function computeScorecard(dbPath: string, opts: ScorecardOptions = {}): Promise<Scorecard> {
  const ledger = await openExistingLedger(dbPath);
  try {
    return await scorecardOn(ledger.conn, opts);
  } finally {
    ledger.close();
  }
}

/**
 * Compute the scorecard and write it as CSV files (opts.out is a folder), one .xlsx workbook or one .html page; or
 * write the ledger's tables as Parquet (opts.out is a folder). The ledger is opened read-only.
 */
export async function writeReport(dbPath: string, opts: ReportOptions): Promise<{ files: string[] }> {
  const supplier = opts.supplier;
  if (opts.format === 'parquet' && supplier !== undefined) {
    throw new ReportInputError(`--format parquet writes the whole ledger's tables; it cannot keep one supplier (--supplier ${supplier}). Leave out --supplier, or choose csv, xlsx or html.`);
  }
  const ledger = await openExistingLedger(dbPath);
  const meta = { ledger: path.resolve(dbPath), generatorVersion: opts.generatorVersion ?? APP_VERSION };
  try {
    const card = await scorecardOn(ledger.conn, {
      from: opts.from, to: opts.to, timeZone: opts.timeZone, staleDays: opts.staleDays, ...(supplier !== undefined ? { supplier } : {}),
    });
    if (opts.format === 'parquet') {
      await mkdir(opts.out, { recursive: true });
      const { files, parts } = await writeParquet(ledger.conn, opts.out);
      return { files: [...files, ...(await writeParquetReadme(card, opts.out, meta, parts))] };
    }
    return await writeExports(card, opts.format, opts.out, meta);
  } finally {
    ledger.close();
  }
}
