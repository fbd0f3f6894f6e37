/**
 * The procurement domain: the read side on this computer (electron/core/procurement/channels.ts): import a shared
 * folder into the ledger after verifying it, show the scorecard, write exports. Access 'procurement': behind the
 * supervisor PIN for now (the guard checks the same session as for 'supervisor').
 */
import { z } from 'zod';
import { Day, FullPath, procurementChannel, ShortId, SupervisorSession } from './common';
import type { ErrorInfo } from './result';
import type { Scorecard } from './scorecard';

export const ReportFormat = z.enum(['csv', 'xlsx', 'html', 'parquet']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** A supplier's name (a share's supplier.json, or given on import): the PostgreSQL ledger holds many. */
export const SupplierName = z.string().trim().min(1).max(100);
/** `supplier`: the share's supplier when its supplier.json does not say (required by the PostgreSQL ledger then). */
/** `full`: verify every segment again, also those imported before (a rewritten old one is HISTORY_REWRITTEN). */
export const ProcurementImportArgs = z.object({ session: SupervisorSession, source: FullPath, supplier: SupplierName.optional(), full: z.boolean().optional() }).strict();
export const ProcurementStatusArgs = z.object({ session: SupervisorSession }).strict();
/** `supplier`: only that supplier's stations (a ledger holds many). */
export const ProcurementScorecardArgs = z.object({ session: SupervisorSession, from: Day.optional(), to: Day.optional(), supplier: SupplierName.optional() }).strict();
export const ProcurementExportArgs = z
  .object({ session: SupervisorSession, format: ReportFormat, out: FullPath, from: Day.optional(), to: Day.optional(), supplier: SupplierName.optional() })
  .strict();

// ------------------------------------------------------------------ the ledger: DuckDB on this computer, or PostgreSQL

/**
 * Which ledger procurement imports into and reads: the DuckDB file in the data folder, or the organisation's
 * PostgreSQL ledger. The address is kept in the settings; the screen only ever gets it without its password.
 */
export type LedgerChoice =
  | { kind: 'duckdb'; path: string }
  | { kind: 'postgres'; /** The address without its password. */ address: string; hasPassword: boolean };

/** At most this long, a PostgreSQL address (postgres://USER:PASSWORD@HOST:PORT/DATABASE). */
export const MAX_PG_URL = 2000;
/**
 * Choose the ledger. `postgres` needs `url` (connected to and brought up to date before it is kept). An address
 * without a password but with the user and server of the one kept keeps the kept password (the screen never has it);
 * `password`, typed in a password field, goes into the address.
 */
export const ProcurementSetLedgerArgs = z
  .object({
    session: SupervisorSession,
    kind: z.enum(['duckdb', 'postgres']),
    url: z.string().trim().min(1).max(MAX_PG_URL).optional(),
    /** The password, typed apart from the address (a password field): it replaces one in the address. */
    password: z.string().min(1).max(500).optional(),
  })
  .strict();

/** The four scorecard measures of one supplier or station (reports/suppliers.ts). */
export interface SupplierMeasures {
  dueOccurrences: number;
  completionRate: number | null;
  onTimeRate: number | null;
  runs: number;
  stepsRecorded: number;
  deviationsPer100Steps: number | null;
  undosPer100Steps: number | null;
  helpPer100Steps: number | null;
  outOfLimitsRate: number | null;
  currentOwnedRate: number | null;
  repeatRate: number | null;
  durationCv: number | null;
}

/** Suppliers side by side over one period: each supplier's measures, then each station's. */
export interface SupplierComparisonView {
  period: { from: string; to: string; timeZone: string; days: number };
  suppliers: Array<SupplierMeasures & { supplier: string; stations: number; events: number }>;
  stations: Array<SupplierMeasures & { supplier: string; stationId: string; stationName: string | null }>;
  /** Every supplier of the ledger (to filter by), whatever `supplier` asked for. */
  allSuppliers: string[];
}
export const ProcurementSuppliersArgs = z.object({ session: SupervisorSession, from: Day.optional(), to: Day.optional(), supplier: SupplierName.optional() }).strict();

export type ImportPhase = 'scan' | 'verify' | 'import' | 'done';
export type ImportProgress = { phase: ImportPhase; done: number; total: number; station?: string };
export type StationImportStatus = 'imported' | 'up_to_date' | 'partial' | 'rejected';

/** One problem found in the share, in words: station, file (relative to the share), line (0: the whole file). */
export interface ImportProblem {
  station: string;
  /** The station's display name, when the share tells it. */
  stationName: string | null;
  file: string;
  line: number;
  code: string;
  severity: 'error' | 'warning';
  expected: string;
  found: string;
  /** English, plain words (from the verifier). */
  message: string;
}

/** A JSON-safe summary of an import (ImportResult without the verifier's internals). */
export interface ImportSummary {
  importId: number;
  share: string;
  checkedAt: string;
  finishedAt: string;
  ok: boolean;
  errors: number;
  warnings: number;
  /** Events found in the share, and added to the ledger by this import. */
  events: number;
  eventsAdded: number;
  standardsAdded: number;
  stations: Array<{ station: string; name: string | null; status: StationImportStatus; added: number; headSeq: number; errors: number; warnings: number }>;
  problems: ImportProblem[];
  /** Problems left out of `problems` (the first MAX_IMPORT_PROBLEMS are sent); all are in the ledger and the exports. */
  problemsLeftOut: number;
  /**
   * How the files were checked (docs/ledger.md §3b): `fullCheck`, every file read again as asked ("Check every file
   * again"); `notReadAgain`, the stations whose files imported before were not read again (only their new files were
   * verified, so a file changed since is not seen).
   */
  fullCheck: boolean;
  notReadAgain: number;
}

export interface ProcurementStatus {
  state: 'idle' | 'running' | 'done' | 'failed';
  /** The import being run or last run. */
  importId?: number;
  source?: string;
  progress?: ImportProgress;
  result?: ImportSummary;
  error?: ErrorInfo;
  /** Whether the ledger has anything yet (a scorecard can be shown). */
  ledgerExists: boolean;
  /** Suggested export paths, under the data folder. */
  exportDefaults: Record<ReportFormat, string>;
  /** The ledger chosen (the DuckDB file unless a PostgreSQL one was chosen). */
  ledger?: LedgerChoice;
}

/** The scorecard as the screen gets it: without the row-level tables (runs, deviations, integrity), which go to exports. */
export type ScorecardView = Omit<Scorecard, 'runs' | 'deviations' | 'integrity'> & { runRows: number; deviationRows: number };

// ------------------------------------------------------------------ enrolment (docs/ledger.md, "Enrolment")

export type EnrolmentStatus = 'enrolled' | 'awaiting' | 'alarm';

/** A station as procurement's enrolment list shows it: counted only when 'enrolled'. */
export interface EnrolmentStation {
  stationId: string;
  /** Its supplier (the PostgreSQL ledger, which holds many). */
  supplier?: string;
  /** The name its journal signed last (else the name first seen in station.json: signedName false). */
  name: string | null;
  signedName: boolean;
  /** The key the ledger verifies it with: keyId (16 hex) and fingerprint (16 digits), to compare with the station's Settings. */
  keyId: string | null;
  fingerprint: string | null;
  status: EnrolmentStatus;
  /** Why it is not counted although it claims to be someone: KEY_CHANGED, NAME_CLAIMED (English, plain words). */
  alarms: Array<{ code: 'NAME_CLAIMED' | 'KEY_CHANGED'; message: string; otherStation?: string }>;
  enrolment: { keyId: string; fingerprint: string; name: string | null; at: string; by: string; source: string } | null;
  /** Its signed names, oldest first (a rename is a signed event). */
  names: Array<{ name: string; at: string; seq: number; signer: string | null }>;
  events: number;
  lastImportedAt: string | null;
}

export interface EnrolmentImportSummary {
  file: string;
  added: string[];
  unchanged: string[];
  conflicts: Array<{ stationId: string; code: 'KEY_CHANGED' | 'NAME_CLAIMED' | 'BAD_KEY'; message: string }>;
}

export const KeyId = z.string().trim().toLowerCase().regex(/^[0-9a-f]{16}$/, 'a key id of 16 characters 0-9 and a-f');
export const ProcurementEnrolmentArgs = z.object({ session: SupervisorSession }).strict();
export const ProcurementEnrolArgs = z.object({ session: SupervisorSession, stationId: ShortId, keyId: KeyId }).strict();
export const ProcurementEnrolmentFileArgs = z.object({ session: SupervisorSession, file: FullPath }).strict();

export const PROCUREMENT_CHANNELS = {
  /** Start importing a shared folder (or an unpacked bundle) into the ledger; answers at once. */
  'procurement.import': procurementChannel<{ importId: number }>()(ProcurementImportArgs),
  /** The import running or last run, with its progress or its result. Polled by the screen. */
  'procurement.status': procurementChannel<ProcurementStatus>()(ProcurementStatusArgs),
  'procurement.scorecard': procurementChannel<ScorecardView>()(ProcurementScorecardArgs),
  /** Write the scorecard export (csv, parquet: a folder; xlsx/html: a file); answers the files written. */
  'procurement.export': procurementChannel<{ files: string[] }>()(ProcurementExportArgs),
  /** Every station the ledger knows, with its enrolment: enrolled, awaiting enrolment, or an alarm. */
  'procurement.enrolment': procurementChannel<{ stations: EnrolmentStation[] }>()(ProcurementEnrolmentArgs),
  /** Enrol a station after comparing its key with the station's (keyId must be the one the ledger holds for it). */
  'procurement.enrol': procurementChannel<EnrolmentStation>()(ProcurementEnrolArgs),
  /** Write the enrolment list to a file (create or replace), for a second procurement computer. */
  'procurement.enrolmentExport': procurementChannel<{ file: string; stations: number }>()(ProcurementEnrolmentFileArgs),
  /** Take the enrolments of another ledger's list; conflicts are reported, never applied. */
  'procurement.enrolmentImport': procurementChannel<EnrolmentImportSummary>()(ProcurementEnrolmentFileArgs),
  /** The ledger chosen (a PostgreSQL address without its password). */
  'procurement.ledger': procurementChannel<LedgerChoice>()(ProcurementStatusArgs),
  /** Choose the ledger: the DuckDB file, or a PostgreSQL address (checked: connect, rights, schema; then kept in the settings). */
  'procurement.setLedger': procurementChannel<LedgerChoice>()(ProcurementSetLedgerArgs),
  /** Suppliers side by side (the four measures per supplier, then per station); `supplier` keeps one. */
  'procurement.suppliers': procurementChannel<SupplierComparisonView>()(ProcurementSuppliersArgs),
} as const;
