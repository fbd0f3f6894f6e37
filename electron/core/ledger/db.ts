import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { problemTableSql, type ProblemTable } from './problem-rows';
import type { LedgerProblem } from './problems';
import { ENROLMENT_SCHEMA, migrateEnrolment } from './enrolment';

/**
 * The ledger: procurement's DuckDB database of verified events. docs/ledger.md documents every table; scorecards
 * and exports are SQL over them. Everything here is derived from the shared folder and can be rebuilt from it,
 * except what makes re-imports safe: each station's remembered head and key.
 */
export const LEDGER_SCHEMA_VERSION = 1;

/** The problems found by each import (the verifier's and the event checks'), with the import they belong to. */
export function importProblemsTable(importId: number): ProblemTable<LedgerProblem> {
  return { name: 'import_problems', lead: IMPORT_PROBLEMS_LEAD, seq: true, appendLead: (a) => a.appendBigInt(BigInt(importId)) };
}
const IMPORT_PROBLEMS_LEAD = ['import_id BIGINT NOT NULL'];

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  `CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1`,
  `CREATE TABLE IF NOT EXISTS imports (
    import_id BIGINT PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    share_dir VARCHAR NOT NULL,
    tool_version VARCHAR,
    stations INTEGER,
    stations_imported INTEGER,
    stations_rejected INTEGER,
    events_added BIGINT,
    errors INTEGER,
    warnings INTEGER,
    ok BOOLEAN
  )`,
  problemTableSql({ name: 'import_problems', lead: IMPORT_PROBLEMS_LEAD, seq: true }),
  `CREATE TABLE IF NOT EXISTS stations (
    station_id VARCHAR PRIMARY KEY,
    name VARCHAR,
    public_key VARCHAR NOT NULL,
    key_id VARCHAR NOT NULL,
    head_seq BIGINT NOT NULL,
    head_hash VARCHAR NOT NULL,
    first_imported_at TIMESTAMPTZ NOT NULL,
    last_imported_at TIMESTAMPTZ NOT NULL
  )`,
  // Which supplier each station belongs to (issue 12; docs/ledger-pg.md "Suppliers"). A station without a row
  // belongs to the supplier 'default' (ledgers imported before suppliers existed).
  `CREATE TABLE IF NOT EXISTS station_suppliers (
    station_id VARCHAR PRIMARY KEY,
    supplier VARCHAR NOT NULL
  )`,
  // Which supplier each import was for (the share's; DEFAULT_SUPPLIER when none was given), so that a station's
  // status reads the latest import of its own supplier (ledger/station-status.ts). Imports older than this table have
  // no row: they count as an import of every supplier, as before.
  `CREATE TABLE IF NOT EXISTS import_suppliers (
    import_id BIGINT PRIMARY KEY,
    supplier VARCHAR NOT NULL
  )`,
  // What was verified and imported of each station, segment by segment (incremental verification, docs/ledger.md §3b):
  // a refresh with nothing new reads none of these files again; a full verification compares them (HISTORY_REWRITTEN).
  `CREATE TABLE IF NOT EXISTS verified_segments (
    station_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    size BIGINT NOT NULL,
    sha256 VARCHAR NOT NULL,
    last_hash VARCHAR NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (station_id, first_seq)
  )`,
  `CREATE TABLE IF NOT EXISTS standards (
    hash VARCHAR PRIMARY KEY,
    id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    owner_role VARCHAR,
    owner_name VARCHAR,
    effective_from DATE,
    doc JSON NOT NULL,
    first_imported_at TIMESTAMPTZ
  )`,
  // Which stations count (docs/ledger.md, "Enrolment"): created on any ledger that lacks them.
  ...ENROLMENT_SCHEMA,
  `CREATE TABLE IF NOT EXISTS events (
    station_id VARCHAR NOT NULL,
    seq BIGINT NOT NULL,
    id UUID NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    at_text VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    run_id UUID,
    standard_id VARCHAR,
    standard_version INTEGER,
    standard_hash VARCHAR,
    step_id VARCHAR,
    value JSON,
    reason VARCHAR,
    supersedes UUID,
    data JSON,
    file VARCHAR NOT NULL,
    line INTEGER NOT NULL,
    import_id BIGINT NOT NULL
  )`,
  // Spoken notes (issue 13): the verified bytes of each attachment an imported event names, by station and hash.
  `CREATE TABLE IF NOT EXISTS attachments (
    station_id VARCHAR NOT NULL,
    hash VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    first_seq BIGINT NOT NULL,
    data BLOB NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (station_id, hash)
  )`,
];

export class LedgerOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LedgerOpenError';
  }
}

export interface Ledger {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

/** Open (or create) the ledger database and make sure its tables exist. */
export async function openLedger(dbPath: string): Promise<Ledger> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(dbPath);
  } catch (err) {
    throw new LedgerOpenError(`The database ${dbPath} cannot be opened: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const conn = await instance.connect();
  try {
    for (const sql of SCHEMA) await conn.run(sql);
    const v = (await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`)).getRowObjectsJS()[0]?.value;
    if (v === undefined) await conn.run(`INSERT INTO meta VALUES ('schema_version', '${LEDGER_SCHEMA_VERSION}')`);
    else if (Number(v) !== LEDGER_SCHEMA_VERSION) {
      throw new LedgerOpenError(`The database ${dbPath} has ledger schema version ${String(v)}; this program writes version ${LEDGER_SCHEMA_VERSION}.`);
    }
    await migrateEnrolment(conn, new Date().toISOString());
  } catch (err) {
    conn.closeSync();
    instance.closeSync();
    if (err instanceof LedgerOpenError) throw err;
    throw new LedgerOpenError(`The database ${dbPath} is not a Steadywork ledger or cannot be written: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return {
    instance,
    conn,
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * A new connection to a ledger already opened by openLedger in this process (the review keeps its database open, so an
 * import with nothing new does not pay for opening it again). Closing it leaves the database open.
 */
export async function connectLedger(instance: DuckDBInstance): Promise<Ledger> {
  const conn = await instance.connect();
  return { instance, conn, close: () => conn.closeSync() };
}

/** A string as an SQL literal (the one definition: ./sql-literal.ts). */
export { sqlString } from './sql-literal';
