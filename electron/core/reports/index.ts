/** Procurement's scorecards and exports over the ledger (DuckDB or PostgreSQL). Formulas: ./sql.ts and docs/scorecard.md. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { APP_VERSION } from '../../shell/version';
import { openExistingLedger, ReportInputError, scorecardOn } from './compute';
import { scorecardOnPg } from './compute-pg';
import { writeExports, writeParquetReadme } from './export';
import { writeParquet } from './parquet';
import { writeParquetFromPg, type ParquetPgProgress } from './parquet-pg';
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
export async function writeReport(dbPath: string, opts: ReportOptions): Promise<{ files: string[]; card?: Scorecard }> {
  const supplier = opts.supplier;
  refuseParquetOfOneSupplier(opts);
  const ledger = await openExistingLedger(dbPath);
  const meta = { ledger: path.resolve(dbPath), generatorVersion: opts.generatorVersion ?? APP_VERSION };
  try {
    const card = await scorecardOn(ledger.conn, {
      from: opts.from, to: opts.to, timeZone: opts.timeZone, staleDays: opts.staleDays, ...(supplier !== undefined ? { supplier } : {}),
    });
    if (opts.format === 'parquet') {
      await mkdir(opts.out, { recursive: true });
      const { files, parts } = await writeParquet(ledger.conn, opts.out);
      return { files: [...files, ...(await writeParquetReadme(card, opts.out, meta, parts))], card };
    }
    return { ...(await writeExports(card, opts.format, opts.out, meta)), card };
  } finally {
    ledger.close();
  }
}

/** Parquet holds the whole ledger's tables (every supplier, partitioned by supplier): it cannot keep one supplier. */
function refuseParquetOfOneSupplier(opts: Pick<ReportOptions, 'format' | 'supplier'>): void {
  if (opts.format === 'parquet' && opts.supplier !== undefined) {
    throw new ReportInputError(`--format parquet writes the whole ledger's tables; it cannot keep one supplier (--supplier ${opts.supplier}). Leave out --supplier, or choose csv, xlsx or html.`);
  }
}

/**
 * writeReport for the PostgreSQL ledger on `client`: the same scorecard exports (csv, xlsx, html), and the same Parquet
 * files as a DuckDB ledger's (./parquet-pg.ts). `ledger` names it in the exports (its address without the password).
 */
export async function writeReportPg(client: pg.Client, opts: ReportOptions & { ledger: string; onProgress?: (p: ParquetPgProgress) => void }): Promise<{ files: string[]; card: Scorecard }> {
  refuseParquetOfOneSupplier(opts);
  const meta = { ledger: opts.ledger, generatorVersion: opts.generatorVersion ?? APP_VERSION };
  const card = await scorecardOnPg(client, {
    from: opts.from, to: opts.to, timeZone: opts.timeZone, staleDays: opts.staleDays, ...(opts.supplier !== undefined ? { supplier: opts.supplier } : {}),
  });
  if (opts.format === 'parquet') {
    await mkdir(opts.out, { recursive: true });
    const { files, parts } = await writeParquetFromPg(client, opts.out, opts.onProgress);
    return { files: [...files, ...(await writeParquetReadme(card, opts.out, meta, parts))], card };
  }
  return { ...(await writeExports(card, opts.format, opts.out, meta)), card };
}
