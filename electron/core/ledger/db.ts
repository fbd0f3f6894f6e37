import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { problemTableSql, type ProblemTable } from './problem-rows';
import type { LedgerProblem } from './problems';
import { ENROLMENT_SCHEMA, migrateEnrolment } from './enrolment';

/**
 * The ledger: procurement's DuckDB database of verified events. docs/ledger.md documents every table; scorecards
 * and exports are SQL over them. Everything here is derived from the shared folder and can be rebuilt from it,
 * except what makes re-imports safe: each station's remembered head and key.
 */
export const LEDGER_SCHEMA_VERSION = 2;

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

/**
 * The text the journal writes for the instant `at` (a TIMESTAMPTZ) with the UTC offset `offset` (minutes): clock.ts
 * isoWithOffset, e.g. 2026-11-27T09:05:00.000+05:30 (luxon's ISO form with milliseconds and a ±HH:MM offset).
 */
export function journalAtText(at: string, offset: string): string {
  return `(strftime(make_timestamp(epoch_us(${at}) + ${offset} * 60000000::BIGINT), '%Y-%m-%dT%H:%M:%S.%g')
    || CASE WHEN ${offset} < 0 THEN '-' ELSE '+' END || lpad(CAST(abs(${offset}) // 60 AS VARCHAR), 2, '0') || ':' || lpad(CAST(abs(${offset}) % 60 AS VARCHAR), 2, '0'))`;
}

/** The UTC offset (minutes) written at the end of the time text `text` (±HH:MM); 0 for Z or anything else. */
export function atOffsetOf(text: string): string {
  return `coalesce(CASE WHEN substr(${text}, -6, 1) IN ('+', '-') THEN (CASE WHEN substr(${text}, -6, 1) = '-' THEN -1 ELSE 1 END)
    * (try_cast(substr(${text}, -5, 2) AS SMALLINT) * 60 + try_cast(substr(${text}, -2, 2) AS SMALLINT)) END, 0)::SMALLINT`;
}

/** The time text kept in event_rows.at_text_kept: NULL when it is the journal's own text of `at` with `offset` (journalAtText). */
export function keptAtText(text: string, at: string, offset: string): string {
  return `CASE WHEN ${text} = ${journalAtText(at, offset)} THEN NULL ELSE ${text} END`;
}

/** A segment file's path on the share, from its station and first seq (segment-<first seq, 12 digits>.jsonl). */
export function segmentFile(station: string, segment: string): string {
  return `'stations/' || ${station} || '/segments/segment-' || lpad(CAST(${segment} AS VARCHAR), 12, '0') || '.jsonl'`;
}

/**
 * The verified events, as stored (schema version 2, docs/ledger.md "events"): what the `events` view shows, without
 * its two long strings. `file` and `line` are the segment file's first seq (`segment`: file and line follow from it and
 * seq); `at_text` is kept only when it is not the text the journal writes for `at` with the line's UTC offset
 * (`at_offset`, minutes): hand-made lines, Z, no seconds or milliseconds. Written by imports only (and their rollback).
 */
const EVENT_ROWS_SQL = `CREATE TABLE IF NOT EXISTS event_rows (
    station_id VARCHAR NOT NULL,
    seq BIGINT NOT NULL,
    id UUID NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    at_offset SMALLINT NOT NULL,
    at_text_kept VARCHAR,
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
    segment BIGINT NOT NULL,
    import_id BIGINT NOT NULL
  )`;

/** What every reader reads: the events with the columns of schema version 1 (the PostgreSQL ledger's too). */
const EVENTS_VIEW_SQL = `CREATE OR REPLACE VIEW events AS SELECT station_id, seq, id, "at",
    coalesce(at_text_kept, ${journalAtText('"at"', 'at_offset')}) AS at_text,
    actor, type, run_id, standard_id, standard_version, standard_hash, step_id, value, reason, supersedes, data,
    ${segmentFile('station_id', 'segment')} AS file, CAST(seq - segment + 1 AS INTEGER) AS line, import_id
  FROM event_rows`;

/**
 * Schema version 1 kept `file`, `line` and `at_text` in a table `events`: its rows move to event_rows and `events`
 * becomes the view, in one transaction. Refused (nothing changed) when a row's file and line are not those of a
 * segment file (every import wrote them so; a ledger changed by hand): such a ledger is imported again instead.
 */
async function migrateFromVersion1(conn: DuckDBConnection, dbPath: string): Promise<void> {
  const segment = `try_cast(substr(file, -18, 12) AS BIGINT)`;
  await conn.run('BEGIN TRANSACTION');
  try {
    const [odd] = (await conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n, min(file) AS file FROM events
      WHERE file IS DISTINCT FROM ${segmentFile('station_id', segment)} OR line IS DISTINCT FROM seq - ${segment} + 1`)).getRowObjectsJS();
    if (Number(odd?.n) > 0) {
      throw new LedgerOpenError(`The database ${dbPath} (ledger schema version 1) has ${Number(odd?.n)} events whose file and line are not those of a `
        + `segment file (e.g. "${String(odd?.file)}"); this program cannot convert it to version ${LEDGER_SCHEMA_VERSION}. `
        + 'Import the shared folder again into a new ledger file (--db NEW_FILE).');
    }
    await conn.run(EVENT_ROWS_SQL);
    await conn.run(`INSERT INTO event_rows SELECT station_id, seq, id, "at", at_offset, ${keptAtText('at_text', '"at"', 'at_offset')}, actor, type, run_id,
      standard_id, standard_version, standard_hash, step_id, value, reason, supersedes, data, ${segment}, import_id
      FROM (SELECT *, ${atOffsetOf('at_text')} AS at_offset FROM events)`);
    await conn.run('DROP TABLE events');
    await conn.run(EVENTS_VIEW_SQL);
    await conn.run(`UPDATE meta SET value = '${LEDGER_SCHEMA_VERSION}' WHERE key = 'schema_version'`);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * `events` as a plain table of the view's columns, for a private ledger that only holds a copy of another ledger's
 * rows (the PostgreSQL ledger's Parquet export, reports/parquet-pg.ts): the rows are kept exactly as they come, whatever
 * their file, line and time text. Never on a ledger that imports.
 */
export async function eventsAsPlainTable(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE TABLE events_copy AS SELECT * FROM events LIMIT 0`);
  await conn.run(`DROP VIEW events`);
  await conn.run(`ALTER TABLE events_copy RENAME TO events`);
}

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

/**
 * The DuckDB storage format a new ledger file is written in (fixed when the file is made; a ledger made before keeps
 * its own). Measured on the 1M-event import, 5 alternating pairs: its compression stores the events with 5–15 % less
 * CPU than DuckDB's default (v1.0.0) and a 5 % smaller file. Readable by DuckDB 1.3 and later.
 */
export const LEDGER_STORAGE_VERSION = 'v1.3.0';

/** Open (or create) the ledger database and make sure its tables exist. */
export async function openLedger(dbPath: string): Promise<Ledger> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(dbPath, { storage_compatibility_version: LEDGER_STORAGE_VERSION });
  } catch (err) {
    throw new LedgerOpenError(`The database ${dbPath} cannot be opened: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const conn = await instance.connect();
  try {
    for (const sql of SCHEMA) await conn.run(sql);
    const v = (await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`)).getRowObjectsJS()[0]?.value;
    if (v === undefined) {
      await conn.run(EVENT_ROWS_SQL);
      await conn.run(EVENTS_VIEW_SQL);
      await conn.run(`INSERT INTO meta VALUES ('schema_version', '${LEDGER_SCHEMA_VERSION}')`);
    } else if (Number(v) === 1) await migrateFromVersion1(conn, dbPath);
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
