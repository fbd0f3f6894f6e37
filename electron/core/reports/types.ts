/**
 * The options of procurement's scorecard and exports (core only). The scorecard itself is part of the contract
 * (electron/contract/scorecard.ts, shown by the renderer) and is re-exported here for the core.
 */
import type { ReportFormat } from '../../contract/procurement';

export type * from '../../contract/scorecard';
export type { ReportFormat } from '../../contract/procurement';

export interface ScorecardOptions {
  /** First day of the period, YYYY-MM-DD (default: first event day in the ledger). */
  from?: string;
  /** Last day of the period, inclusive, YYYY-MM-DD (default: last event day). */
  to?: string;
  /** IANA zone for days and due times (default: the machine's zone). */
  timeZone?: string;
  /** Only this supplier's stations and events (docs/ledger-pg.md, "Suppliers"). */
  supplier?: string;
  /** A station with no event for this many days before the end of the period is stale (default DEFAULT_STALE_DAYS, 7). */
  staleDays?: number;
}

export interface ReportOptions {
  format: ReportFormat;
  /** csv, parquet: a folder (created); xlsx / html: the file. */
  out: string;
  from?: string;
  to?: string;
  timeZone?: string;
  supplier?: string;
  staleDays?: number;
  /** Written into the exports' metadata (CSV README, workbook, HTML): the generator's version. */
  generatorVersion?: string;
}
