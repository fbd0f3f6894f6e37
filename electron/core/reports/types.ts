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
}

export interface ReportOptions {
  format: ReportFormat;
  /** csv: a folder (created); xlsx / html: the file. */
  out: string;
  from?: string;
  to?: string;
  timeZone?: string;
  supplier?: string;
}
