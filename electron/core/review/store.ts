/**
 * The review database (<dataDir>/review.duckdb): a disposable read model for the supervisor's review. It holds the
 * ledger's tables, filled by the same verified import procurement uses (importShare), and a derived table
 * `review_runs` (one row per run) kept up to date for the runs that new events touch. One operation at a time (one
 * writer on the DuckDB file; the importer opens the file itself, so the store's own connection is closed meanwhile).
 * Plain Node. docs/review.md.
 */
import { rm, stat } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { HistoryFacets, HistoryFilter, HistoryPage, HistoryRow, HistorySort, ImportProblem, ImportProgress, TrendRow } from '../../contract';
import { LedgerOpenError, openLedger } from '../ledger';
import { sqlString } from '../ledger/db';
import { localTimeExpr, prepareSql } from '../reports/sql';
import { RunEvent } from '../runs/events';
import { deriveRuns, importSource, problemsKey, saveProblems, type RefreshOutcome, type ReviewSource, type SourceOutcome } from './refresh';
import { int, num, rows, str, title, toCounts, toHistoryRow, type Row } from './rows';
import { countsSql, CROSS_STATION_TYPES, REVIEW_SCHEMA, ROW_COLUMNS, ROW_FROM, SORT_JOINS, SORT_SQL, trendsSql, whereSql, ACTOR_RANK_SQL } from './sql';

export const REVIEW_DB_FILE = 'review.duckdb';
/** A line that answers or closes the help request `h`. */
const SETTLES_HELP_SQL = `SELECT 1 FROM events a WHERE a.type IN ('${RunEvent.helpAnswered}', '${RunEvent.helpClosed}') AND a.supersedes = h.id`;
export { REVIEW_MODEL_VERSION, type RefreshOutcome, type ReviewSource, type SourceOutcome } from './refresh';

export interface ReviewStoreOptions {
  dbPath: string;
  toolVersion?: string;
  /** "Now" for the import's clock checks (default Date.now). */
  now?: () => number;
  /** A source is verified in full (every segment read again) when its last full verification is older than this (default a day). */
  fullEveryMs?: number;
}

/** The review verifies each source in full once a day; the refreshes in between read only what is new. */
export const FULL_VERIFICATION_EVERY_MS = 24 * 60 * 60 * 1000;

export class ReviewStore {
  private instance: DuckDBInstance | null = null;
  private conn: DuckDBConnection | null = null;
  /** A second connection: the counts run on it while the page is read on the first. */
  private conn2: DuckDBConnection | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private rosterKey = '';
  private closed = false;
  /**
   * The counts of recent filters (by WHERE clause): every page of one filter has the same counts, and the list asks
   * page after page while it scrolls. review_runs changes only in refresh(), which forgets them.
   */
  private countsCache = new Map<string, Row>();
  /** deriveRuns ran on the current connection (its TEMP rank and title tables exist). */
  private derivedOnConnection = false;
  /** problemsKey of the problems saved last on the current connection (null: not known). */
  private savedProblems: string | null = null;

  constructor(readonly opts: ReviewStoreOptions) {}

  /** One operation at a time on the database; the order of calls is kept. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  async exists(): Promise<boolean> {
    return stat(this.opts.dbPath).then(() => true, () => false);
  }

  /**
   * Import each source (verified, idempotent) and bring review_runs up to date. A source that cannot be read is
   * reported and skipped; the others are still imported.
   */
  refresh(sources: ReviewSource[], onProgress?: (p: ImportProgress & { source: 'share' | 'mirror' }) => void): Promise<RefreshOutcome> {
    return this.exclusive(async () => {
      if (this.closed) throw new Error('The review database is closed.');
      this.countsCache.clear();
      const t0 = performance.now();
      const outcomes: SourceOutcome[] = [];
      // The database stays open: the import runs on a connection of its own (nothing new costs milliseconds).
      await this.connection();
      const ctx = { dbPath: this.opts.dbPath, nowMs: this.now(), toolVersion: this.opts.toolVersion, remove: () => this.remove(), instance: () => this.instance };
      for (const source of sources) {
        // Each source is verified in full once a day (and whenever nothing is remembered), otherwise only what is new.
        const key = `full_verified_at:${source.kind}`;
        const last = Date.parse((await rows(await this.connection(), `SELECT value FROM review_state WHERE key = ${sqlString(key)}`))[0]?.value as string ?? '');
        const full = source.full ?? !(this.now() - last < (this.opts.fullEveryMs ?? FULL_VERIFICATION_EVERY_MS));
        const outcome = await importSource({ ...source, full }, ctx, onProgress);
        outcomes.push(outcome);
        if (full && !outcome.error) {
          await (await this.connection()).run(`INSERT OR REPLACE INTO review_state VALUES (${sqlString(key)}, ${sqlString(new Date(this.now()).toISOString())})`);
        }
      }
      const t1 = performance.now();
      const conn = await this.connection();
      // Nothing imported (no event, no standard): review_runs and this connection's rank tables are as they were.
      const nothingNew = this.derivedOnConnection && outcomes.every((o) => o.eventsAdded === 0 && !o.standardsAdded);
      const derived = nothingNew ? { runsDerived: 0, fullRebuild: false } : await deriveRuns(conn);
      this.derivedOnConnection = true;
      // The problems, when they are not exactly those this connection saved last (a refresh with nothing new and the
      // same problems writes nothing: no commit). last_refresh_at: the last refresh that wrote.
      const key = problemsKey(outcomes);
      if (!nothingNew || key !== this.savedProblems) {
        this.savedProblems = null;
        // One transaction (one write to the database's log, not one per statement).
        await conn.run('BEGIN TRANSACTION');
        try {
          await saveProblems(conn, outcomes);
          await conn.run(`INSERT OR REPLACE INTO review_state VALUES ('last_refresh_at', ${sqlString(new Date(this.now()).toISOString())})`);
          await conn.run('COMMIT');
        } catch (err) {
          await conn.run('ROLLBACK').catch(() => undefined);
          throw err;
        }
        this.savedProblems = key;
      }
      return { sources: outcomes, ...derived, importMs: t1 - t0, deriveMs: performance.now() - t1 };
    });
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  // ------------------------------------------------------------------ queries

  /** Forgets the counts of recent filters (the benchmark times counts + page from cold). */
  forgetCounts(): void {
    this.countsCache.clear();
  }

  /** Rows offset..offset+limit of the filtered, sorted runs, and the counts of the whole filtered set. */
  history(q: { filter: HistoryFilter; sort: HistorySort; offset: number; limit: number; roster: Array<{ id: string; name: string }> }): Promise<HistoryPage> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      await this.roster(conn, q.roster);
      const where = whereSql(q.filter);
      const cached = this.countsCache.get(where);
      // When not known yet: at the same time as the page, on the second connection.
      const counts = cached ? Promise.resolve([cached]) : rows(this.conn2 ?? conn, countsSql(where));
      counts.catch(() => undefined); // awaited below; not an unhandled rejection if the page fails first
      // First the page's row ids, sorting only what the order needs; then those rows with every column and name.
      const ids = (await rows(conn, `SELECT r.rowid AS rid FROM review_runs r ${SORT_JOINS[q.sort]} ${where} ORDER BY ${SORT_SQL[q.sort]} LIMIT ${q.limit}${q.offset > 0 ? ` OFFSET ${q.offset}` : ''}`))
        .map((r) => String(r.rid));
      // A semi join (not `rowid IN (…)`, which reads every column of every row) within the ids' range of row ids.
      const span = ids.map(Number);
      const found = ids.length === 0 ? [] : await rows(conn, `SELECT r.rowid AS rid, ${ROW_COLUMNS} FROM ${ROW_FROM}
        SEMI JOIN (SELECT unnest([${ids.join(', ')}]) AS x) p ON r.rowid = p.x
        WHERE r.rowid BETWEEN ${Math.min(...span)} AND ${Math.max(...span)}`);
      const byId = new Map(found.map((r) => [String(r.rid), r]));
      const page = ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as Row] : []));
      const [c] = await counts;
      if (c && !cached) {
        if (this.countsCache.size >= 32) this.countsCache.delete(this.countsCache.keys().next().value as string);
        this.countsCache.set(where, c);
      }
      return { offset: q.offset, rows: page.map(toHistoryRow), counts: toCounts(c ?? {}) };
    });
  }

  facets(roster: Array<{ id: string; name: string }>): Promise<HistoryFacets> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      await this.roster(conn, roster);
      const stations = await rows(conn, `SELECT r.station_id, any_value(s.name) AS name FROM review_runs r LEFT JOIN stations s USING (station_id) GROUP BY r.station_id ORDER BY coalesce(any_value(s.name), r.station_id)`);
      const standards = await rows(conn, `SELECT standard_id, arg_max(title_en, standard_version) AS en, arg_max(title_hi, standard_version) AS hi FROM review_runs WHERE standard_id IS NOT NULL GROUP BY standard_id ORDER BY 2, 1`);
      const artisans = await rows(conn, `SELECT a.actor, any_value(ro.name) AS name FROM (SELECT unnest(actors) AS actor FROM review_runs) a LEFT JOIN rv_roster ro ON ro.actor = a.actor GROUP BY a.actor ORDER BY coalesce(any_value(ro.name), a.actor)`);
      const [days] = await rows(conn, `SELECT CAST(min(started_day) AS VARCHAR) AS f, CAST(max(started_day) AS VARCHAR) AS l FROM review_runs`);
      return {
        stations: stations.map((r) => ({ id: String(r.station_id), name: str(r.name) })),
        standards: standards.map((r) => ({ id: String(r.standard_id), title: title(r.en, r.hi, String(r.standard_id)) })),
        artisans: artisans.map((r) => ({ id: String(r.actor), name: str(r.name) })),
        firstDay: str(days?.f),
        lastDay: str(days?.l),
      };
    });
  }

  /** One run's row, or null. */
  run(runId: string, roster: Array<{ id: string; name: string }>): Promise<HistoryRow | null> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      await this.roster(conn, roster);
      const [r] = await rows(conn, `SELECT ${ROW_COLUMNS} FROM ${ROW_FROM} WHERE r.run_id = ${sqlString(runId)}::UUID`);
      return r ? toHistoryRow(r) : null;
    });
  }

  /** A run's events: the lines of its own station, and countersignatures and help answers of any station. */
  runEvents(runId: string, stationId: string): Promise<Row[]> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      return rows(conn, `SELECT e.seq::BIGINT::DOUBLE AS seq, CAST(e.id AS VARCHAR) AS id, e.station_id, e.at_text, e.actor, e.type, e.step_id,
          CAST(e.value AS VARCHAR) AS value, e.reason, CAST(e.supersedes AS VARCHAR) AS supersedes, CAST(e.data AS VARCHAR) AS data,
          e.standard_hash, e.file, e.line
        FROM events e
        WHERE e.run_id = ${sqlString(runId)}::UUID
          AND (e.station_id = ${sqlString(stationId)} OR e.type IN (${CROSS_STATION_TYPES.map(sqlString).join(', ')}))
        ORDER BY e."at", e.station_id = ${sqlString(stationId)} DESC, e.seq`);
    });
  }

  /** A standard version as imported (document and owner), or null. */
  standard(hash: string): Promise<{ doc: unknown; ownerRole: string | null; ownerName: string | null } | null> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      const [r] = await rows(conn, `SELECT CAST(doc AS VARCHAR) AS doc, owner_role, owner_name FROM standards WHERE hash = ${sqlString(hash)}`);
      return r ? { doc: JSON.parse(String(r.doc)) as unknown, ownerRole: str(r.owner_role), ownerName: str(r.owner_name) } : null;
    });
  }

  /** A spoken note's verified bytes and type (the import's `attachments` table), or null. */
  attachment(stationId: string, hash: string): Promise<{ type: string; bytes: Buffer } | null> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      const [r] = (await conn.runAndReadAll(`SELECT type, data FROM attachments WHERE station_id = ${sqlString(stationId)} AND hash = ${sqlString(hash)}`)).getRowObjectsJS();
      if (!r) return null;
      const data = r.data as unknown;
      const bytes = data instanceof Uint8Array ? Buffer.from(data) : Buffer.from((data as { bytes: Uint8Array }).bytes);
      return { type: String(r.type), bytes };
    });
  }

  /** Problems the latest refresh found for a station. */
  stationProblems(stationId: string): Promise<ImportProblem[]> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      const found = await rows(conn, `SELECT p.*, s.name AS station_name FROM review_problems p LEFT JOIN stations s USING (station_id)
        WHERE p.station_id = ${sqlString(stationId)} ORDER BY p.severity = 'error' DESC, p.file, p.line LIMIT 200`);
      return found.map((p) => ({
        station: String(p.station_id), stationName: str(p.station_name), file: String(p.file ?? ''), line: int(p.line), code: String(p.code),
        severity: p.severity === 'error' ? 'error' : 'warning', expected: String(p.expected ?? ''), found: String(p.found ?? ''), message: String(p.message ?? ''),
      }));
    });
  }

  /** Runs by id (those known to the review database), as history rows. */
  runsById(runIds: readonly string[], roster: Array<{ id: string; name: string }>): Promise<HistoryRow[]> {
    if (runIds.length === 0) return Promise.resolve([]);
    return this.exclusive(async () => {
      const conn = await this.connection();
      await this.roster(conn, roster);
      const found = await rows(conn, `SELECT ${ROW_COLUMNS} FROM ${ROW_FROM}
        WHERE r.run_id IN (SELECT CAST(unnest([${runIds.map(sqlString).join(', ')}]) AS UUID)) ORDER BY r.started_at, r.run_id`);
      return found.map(toHistoryRow);
    });
  }

  /** Runs matching a filter, oldest first, at most `max` + 1 (so the caller can tell "too many"). */
  runsByFilter(filter: HistoryFilter, max: number, roster: Array<{ id: string; name: string }>): Promise<HistoryRow[]> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      await this.roster(conn, roster);
      const found = await rows(conn, `SELECT ${ROW_COLUMNS} FROM ${ROW_FROM} ${whereSql(filter)} ORDER BY r.started_at, r.run_id LIMIT ${max + 1}`);
      return found.map(toHistoryRow);
    });
  }

  /**
   * Help requests neither answered nor closed (a help.answered or help.closed of any station superseding one settles
   * it), whatever their run became, oldest first; with the first help.seen, and the run's status.
   */
  openHelp(): Promise<Row[]> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      return rows(conn, `SELECT CAST(h.id AS VARCHAR) AS event_id, h.station_id, s.name AS station_name, CAST(h.run_id AS VARCHAR) AS run_id,
          r.standard_id, r.standard_hash, r.title_en, r.title_hi, r.status, h.step_id, h.actor, h.at_text, sn.at_text AS seen_at, sn.signer AS seen_by
        FROM events h JOIN review_runs r ON r.run_id = h.run_id AND r.station_id = h.station_id
        LEFT JOIN stations s ON s.station_id = h.station_id
        LEFT JOIN (SELECT supersedes, arg_min(at_text, "at") AS at_text, arg_min(data->>'$.signer', "at") AS signer FROM events
                   WHERE type = '${RunEvent.helpSeen}' GROUP BY supersedes) sn ON sn.supersedes = h.id
        WHERE h.type = '${RunEvent.helpRequested}' AND NOT EXISTS (${SETTLES_HELP_SQL})
        ORDER BY h."at"`);
    });
  }

  /** Which of these help requests were answered or closed (by a line of any station). */
  settled(eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return Promise.resolve(new Set());
    return this.exclusive(async () => {
      const conn = await this.connection();
      const found = await rows(conn, `SELECT DISTINCT CAST(supersedes AS VARCHAR) AS id FROM events WHERE type IN ('${RunEvent.helpAnswered}', '${RunEvent.helpClosed}')
        AND supersedes IN (SELECT CAST(unnest([${eventIds.map(sqlString).join(', ')}]) AS UUID))`);
      return new Set(found.map((r) => String(r.id)));
    });
  }

  /** Whether a help request of a station exists and whether it was answered or closed. */
  helpRequest(eventId: string, stationId: string): Promise<{ runId: string; settled: boolean } | null> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      const [r] = await rows(conn, `SELECT CAST(h.run_id AS VARCHAR) AS run_id, EXISTS (${SETTLES_HELP_SQL}) AS settled
        FROM events h WHERE h.type = '${RunEvent.helpRequested}' AND h.id = ${sqlString(eventId)}::UUID AND h.station_id = ${sqlString(stationId)}`);
      return r ? { runId: String(r.run_id), settled: r.settled === true } : null;
    });
  }

  /** Trends per week (Monday) or month × station × standard, with the scorecard's definitions. */
  trends(period: 'week' | 'month', filter: HistoryFilter): Promise<TrendRow[]> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      const [span] = await rows(conn, `SELECT CAST(min(started_day) AS VARCHAR) AS f, CAST(max(started_day) AS VARCHAR) AS l FROM review_runs`);
      const from = filter.from ?? str(span?.f);
      const to = filter.to ?? str(span?.l);
      if (!from || !to || from > to) return [];
      for (const sql of prepareSql({ from, to, local: localTimeExpr(), siteExpr: `'default'` })) await conn.run(sql);
      const narrow = Boolean(filter.artisans?.length || filter.outcomes?.length);
      if (narrow) await conn.run(`CREATE OR REPLACE TEMP TABLE rv_trend_runs AS SELECT r.run_id FROM review_runs r ${whereSql(filter)}`);
      const found = await rows(conn, trendsSql(period, filter.stations, filter.standards, narrow));
      const names = new Map((await rows(conn, `SELECT station_id, name FROM stations`)).map((r) => [String(r.station_id), str(r.name)]));
      const titles = new Map(
        (await rows(conn, `SELECT id, doc->'$.title'->>'$.en' AS en, doc->'$.title'->>'$.hi' AS hi FROM standards QUALIFY row_number() OVER (PARTITION BY id ORDER BY version DESC) = 1`))
          .map((r) => [String(r.id), title(r.en, r.hi, String(r.id))]),
      );
      return found.map((r) => ({
        period: String(r.period),
        stationId: String(r.station_id),
        stationName: names.get(String(r.station_id)) ?? null,
        standardId: String(r.standard_id),
        title: titles.get(String(r.standard_id)) ?? { en: String(r.standard_id) },
        runs: int(r.runs),
        due: num(r.due),
        completed: int(r.completed),
        onTime: int(r.on_time),
        completionRate: num(r.completion_rate),
        onTimeRate: num(r.on_time_rate),
        deviationsPer100Steps: num(r.deviations_per100),
        outOfLimitsRate: num(r.ool_rate),
        durationCv: num(r.duration_cv),
        medianDurationS: num(r.median_s),
      }));
    });
  }

  /** Closes the database; later calls open it again. */
  close(): Promise<void> {
    return this.exclusive(async () => {
      this.shut();
    });
  }

  /** For the end of the app: no more operations. */
  async dispose(): Promise<void> {
    this.closed = true;
    await this.close();
  }

  private async connection(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('The review database is closed.');
    if (this.conn) return this.conn;
    // openLedger makes the ledger's tables (so queries work before any import) and checks its schema version.
    try {
      openLedgerSync(await openLedger(this.opts.dbPath));
    } catch (err) {
      if (!(err instanceof LedgerOpenError)) throw err;
      await this.remove();
      openLedgerSync(await openLedger(this.opts.dbPath));
    }
    this.instance = await DuckDBInstance.create(this.opts.dbPath);
    const conn = await this.instance.connect();
    for (const sql of REVIEW_SCHEMA) await conn.run(sql);
    await conn.run(`CREATE OR REPLACE TEMP TABLE rv_roster (actor VARCHAR, name VARCHAR)`);
    this.rosterKey = '';
    this.conn = conn;
    this.conn2 = await this.instance.connect();
    return conn;
  }

  private async roster(conn: DuckDBConnection, roster: Array<{ id: string; name: string }>): Promise<void> {
    const key = JSON.stringify(roster.map((a) => [a.id, a.name]));
    if (key === this.rosterKey) return;
    await conn.run(`DELETE FROM rv_roster`);
    if (roster.length > 0) await conn.run(`INSERT INTO rv_roster VALUES ${roster.map((a) => `(${sqlString(a.id)}, ${sqlString(a.name)})`).join(', ')}`);
    await conn.run(ACTOR_RANK_SQL);
    this.rosterKey = key;
  }

  private shut(): void {
    this.countsCache.clear();
    this.derivedOnConnection = false;
    this.savedProblems = null;
    this.conn2?.closeSync();
    this.conn2 = null;
    this.conn?.closeSync();
    this.instance?.closeSync();
    this.conn = null;
    this.instance = null;
    this.rosterKey = '';
  }

  private async remove(): Promise<void> {
    this.shut();
    await rm(this.opts.dbPath, { force: true });
    await rm(`${this.opts.dbPath}.wal`, { force: true });
  }
}

function openLedgerSync(l: { close(): void }): void {
  l.close();
}
