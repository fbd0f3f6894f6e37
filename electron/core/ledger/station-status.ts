/**
 * Each station's status as the ledger knows it — the one definition, read by the scorecards and every export
 * (electron/core/reports). It is derived from the ledger's own tables, so it holds for any ledger, old or new:
 *
 * "The latest import" is the latest import of the station's own supplier (a ledger holds many suppliers, imported in
 * turn: another supplier's import settles nothing of this one's stations).
 *
 * - `rejected`: the latest import found an error that makes the station's identity or history untrustworthy
 *   (STATION_LEVEL_CODES, or an error without a journal position), or nothing of the station is in the ledger at all
 *   (e.g. its station.json was deleted before its first import). Events imported before stay verified.
 * - `partial`: the latest import found an error at a journal position; the events before it (up to a seal) are in
 *   the ledger, the rest is not.
 * - `awaiting_enrolment`: verified, but procurement has not enrolled the station: listed, not counted. The ledger has
 *   enrolment (ledger/enrolment.ts, docs/ledger.md §5): a station not in the view `enrolled_stations` awaits it (a
 *   station with an enrolment alarm too: it is never counted).
 * - `verified`: none of the above. (Staleness depends on the period asked for, so the scorecard adds it.)
 *
 * The station list is every station the ledger has heard of: its `stations` rows, the stations of its events, and
 * the stations named by any import problem, so a station that lost its station.json never vanishes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from './sql-literal';
import { DUCKDB_DIALECT, type LedgerDialect } from './dialect';

export type LedgerStationStatus = 'verified' | 'partial' | 'rejected' | 'awaiting_enrolment';

/** Errors that make a whole station untrustworthy (as ledger/station-report.ts settles them), or roll it back. */
export const STATION_LEVEL_CODES = [
  'IDENTITY_MISSING', 'IDENTITY_MISMATCH', 'IDENTITY_INVALID', 'KEY_CHANGED', 'HISTORY_SHRANK', 'HISTORY_REWRITTEN', 'IDENTITY', 'CHANGED_DURING_IMPORT',
] as const;

export interface LedgerStationRow {
  stationId: string;
  name: string | null;
  status: LedgerStationStatus;
  /** Highest seq of the station in the ledger (0: none). */
  headSeq: number;
  events: number;
  /** The error that decided the status (latest import; for a station with no events, its latest error ever). */
  problem: { code: string; file: string | null; line: number | null; seq: number | null; message: string | null; importId: number } | null;
  /** Errors of the station in the latest import. */
  errors: number;
}

/** SQL: 1 row when the ledger records each import's supplier (table import_suppliers; older ledgers opened read-only have not). */
export const IMPORT_SUPPLIERS_TABLE_SQL = `SELECT 1 FROM information_schema.tables WHERE table_name = 'import_suppliers'`;

/** SQL: the latest import of each supplier (columns supplier, id) in the DuckDB ledger (see LedgerDialect). */
export function lastImportPerSupplierSql(importSuppliers: boolean): string {
  return DUCKDB_DIALECT.lastImportPerSupplier({ importSuppliers });
}

/** SQL: the id of the latest import of the supplier of the row aliased `alias` (within a query that has the CTE last_import). */
export const lastImportOfRowSql = (alias: string, dialect: LedgerDialect = DUCKDB_DIALECT): string =>
  `(SELECT l.id FROM last_import l WHERE l.supplier = ${dialect.supplierOf(alias)})`;

/** SQL: 1 row when the ledger has enrolment (the view enrolled_stations; a ledger older than enrolment opened read-only has not). */
export const ENROLMENT_COLUMN_SQL = `SELECT 1 FROM information_schema.tables WHERE table_name = 'enrolled_stations'`;

/**
 * SQL that lists every station with its status (columns as LedgerStationRow, snake_case), on either engine.
 * `enrolment`: the ledger has enrolled_stations (ENROLMENT_COLUMN_SQL). `importSuppliers`: the DuckDB ledger records
 * each import's supplier. `supplier`: only that supplier's stations.
 */
export function stationStatusQuery(p: { enrolment: boolean; importSuppliers?: boolean; supplier?: string; dialect?: LedgerDialect }): string {
  const d = p.dialect ?? DUCKDB_DIALECT;
  const awaitingSql = p.enrolment ? `(s.station_id IS NOT NULL AND s.station_id NOT IN (SELECT station_id FROM enrolled_stations))` : 'false';
  const level = STATION_LEVEL_CODES.map((c) => sqlString(c)).join(', ');
  const only = (alias: string) => (p.supplier !== undefined ? `${d.supplierOf(alias)} = ${sqlString(p.supplier)}` : 'true');
  const C = 'COLLATE "C"';
  return `
WITH last_import AS (${d.lastImportPerSupplier({ importSuppliers: p.importSuppliers ?? false })}),
ids AS (
  SELECT station_id FROM stations x WHERE ${only('x')}
  UNION SELECT DISTINCT station_id FROM events x WHERE ${only('x')}
  UNION SELECT DISTINCT station_id FROM import_problems x WHERE x.station_id IS NOT NULL AND x.station_id <> '' AND ${only('x')}
),
st AS (SELECT station_id, min(name) AS name FROM stations x WHERE ${only('x')} GROUP BY station_id),
ev AS (SELECT station_id, max(seq) AS head, count(*) AS n FROM events x WHERE ${only('x')} GROUP BY station_id),
errs AS (
  SELECT p.import_id, p.station_id, p.file, p.line, p.seq, p.code, p.message,
    (p.code IN (${level}) OR p.seq IS NULL) AS station_level,
    coalesce(p.import_id = ${lastImportOfRowSql('p', d)}, false) AS latest
  FROM import_problems p WHERE p.severity = 'error' AND p.station_id IS NOT NULL AND p.station_id <> '' AND ${only('p')}
),
decisive AS (
  SELECT * FROM (
    SELECT errs.*, row_number() OVER (PARTITION BY station_id ORDER BY latest DESC, import_id DESC, station_level DESC, seq NULLS FIRST, file ${C}, line) AS rn
    FROM errs
  ) x WHERE rn = 1
)
SELECT i.station_id, s.name, coalesce(ev.head, 0) AS head_seq, coalesce(ev.n, 0) AS events,
  CASE WHEN coalesce(ev.n, 0) = 0 THEN 'rejected'
       WHEN d.latest AND d.station_level THEN 'rejected'
       WHEN d.latest THEN 'partial'
       WHEN ${awaitingSql} THEN 'awaiting_enrolment'
       ELSE 'verified' END AS status,
  CASE WHEN d.latest OR coalesce(ev.n, 0) = 0 THEN d.code END AS code,
  CASE WHEN d.latest OR coalesce(ev.n, 0) = 0 THEN d.file END AS file,
  CASE WHEN d.latest OR coalesce(ev.n, 0) = 0 THEN d.line END AS line,
  CASE WHEN d.latest OR coalesce(ev.n, 0) = 0 THEN d.seq END AS seq,
  CASE WHEN d.latest OR coalesce(ev.n, 0) = 0 THEN d.message END AS message,
  CASE WHEN d.latest OR coalesce(ev.n, 0) = 0 THEN d.import_id END AS problem_import,
  (SELECT count(*) FROM errs x WHERE x.station_id = i.station_id AND x.latest)::INTEGER AS errors
FROM ids i LEFT JOIN st s USING (station_id) LEFT JOIN ev USING (station_id) LEFT JOIN decisive d USING (station_id)
ORDER BY i.station_id ${C}`;
}

/** SQL that lists every station with its status (columns as LedgerStationRow, snake_case). */
export async function stationStatusSql(conn: DuckDBConnection): Promise<string> {
  return stationStatusQuery({
    enrolment: (await conn.runAndReadAll(ENROLMENT_COLUMN_SQL)).currentRowCount > 0,
    importSuppliers: (await conn.runAndReadAll(IMPORT_SUPPLIERS_TABLE_SQL)).currentRowCount > 0,
  });
}

/** The rows of a station-status query (DuckDB's or PostgreSQL's, same columns) as LedgerStationRows. */
export function stationStatusRows(rows: Array<Record<string, unknown>>): LedgerStationRow[] {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    stationId: String(r.station_id),
    name: s(r.name),
    status: String(r.status) as LedgerStationStatus,
    headSeq: Number(r.head_seq),
    events: Number(r.events),
    problem: r.code === null || r.code === undefined ? null : { code: String(r.code), file: s(r.file), line: n(r.line), seq: n(r.seq), message: s(r.message), importId: Number(r.problem_import) },
    errors: Number(r.errors),
  }));
}

/** Every station the ledger knows, with its status. */
export async function ledgerStationStatus(conn: DuckDBConnection): Promise<LedgerStationRow[]> {
  return stationStatusRows((await conn.runAndReadAll(await stationStatusSql(conn))).getRowObjectsJS());
}
