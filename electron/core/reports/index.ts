/** Procurement's scorecards and exports over the ledger (DuckDB). Formulas: ./sql.ts and docs/scorecard.md. */
import { scorecardOn, openExistingLedger } from './compute';
import { writeExports } from './export';
import type { ReportOptions, Scorecard, ScorecardOptions } from './types';

export type * from './types';
export { ReportInputError } from './compute';

/** The scorecard of the ledger at dbPath over [from, to] (local days, inclusive; default: all days with events). */
export async function computeScorecard(dbPath: string, opts: ScorecardOptions = {}): Promise<Scorecard> {
  const ledger = await openExistingLedger(dbPath);
  try {
    return await scorecardOn(ledger.conn, opts);
  } finally {
    ledger.close();
  }
}

/** Compute the scorecard and write it as CSV files (opts.out is a folder), one .xlsx workbook, or one .html page. */
export async function writeReport(dbPath: string, opts: ReportOptions): Promise<{ files: string[] }> {
  const card = await computeScorecard(dbPath, { from: opts.from, to: opts.to, timeZone: opts.timeZone, ...(opts.supplier !== undefined ? { supplier: opts.supplier } : {}) });
  return writeExports(card, opts.format, opts.out);
}
