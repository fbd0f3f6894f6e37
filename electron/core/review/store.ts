/**
 * The review database (<dataDir>/review.duckdb): a disposable read model for the supervisor's review. It holds the
 * ledger's tables, filled by the same verified import procurement uses (importShare), and a derived table
 * `review_runs` (one row per run) kept up to date for the runs that new events touch. One operation at a time (one
 * writer on the DuckDB file; the importer opens the file itself, so the store's own connection is closed meanwhile).
 * Plain Node. docs/review.md.
 */
import { rm, stat } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type {
  Countersignature, HistoryCounts, HistoryFacets, HistoryFilter, HistoryPage, HistoryRow, HistorySort, ImportProblem, ImportProgress, TrendRow,
} from '../../contract';
import { importShare, LedgerOpenError, openLedger, type ImportResult } from '../ledger';
import { sqlString } from '../ledger/db';
import { appendProblems } from '../ledger/problem-rows';
import type { LedgerProblem } from '../ledger/problems';
import { localTimeExpr, prepareSql } from '../reports/sql';
import { countsSql, CROSS_STATION_TYPES, deriveRunsSql, REVIEW_PROBLEMS, REVIEW_SCHEMA, ROW_COLUMNS, ROW_FROM, SCHEDULE_SQL, SORT_JOINS, SORT_SQL, TITLES_SQL, trendsSql, whereSql, RANK_TABLES_SQL, RANK_UPDATE_SQL, ACTOR_RANK_SQL } from './sql';

export const REVIEW_DB_FILE = 'review.duckdb';
/** Bump when review_runs changes shape or meaning: the table is rebuilt from the events. */
export const REVIEW_MODEL_VERSION = 3;

type Row = Record<string, unknown>;

export interface ReviewSource {
  /** A folder laid out like a shared folder (the share, or the station's private mirror). */
  dir: string;
  kind: 'share' | 'mirror';
  /** Problems of this station that only say "the share is behind what the mirror already gave" are not problems. */
  ownStation?: string;
  workers?: number;
}

export interface SourceOutcome {
  kind: 'share' | 'mirror';
  dir: string;
  ok: boolean;
  /** The import threw (share unreadable …): nothing of this source this time. */
  error?: { code: string; message: string };
  errors: number;
  warnings: number;
  stationsRejected: number;
  eventsAdded: number;
  problems: LedgerProblem[];
}

export interface RefreshOutcome {
  sources: SourceOutcome[];
  /** Runs rebuilt (all of them after a full rebuild). */
  runsDerived: number;
  fullRebuild: boolean;
  importMs: number;
  deriveMs: number;
}

export interface ReviewStoreOptions {
  dbPath: string;
  /** The station's time zone: days, due times, weeks. */
  timeZone: string;
  toolVersion?: string;
  /** "Now" for the import's clock checks (default Date.now). */
  now?: () => number;
}

/** A run as the sign and help channels need it. */
export interface RunRef {
  runId: string;
  stationId: string;
  sigMeaning: string | null;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const title = (en: unknown, hi: unknown, fallback: string): { en: string; hi?: string } => ({
  en: str(en) ?? fallback,
  ...(str(hi) ? { hi: str(hi) as string } : {}),
});

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
      this.shut();
      this.countsCache.clear();
      const t0 = performance.now();
      const outcomes: SourceOutcome[] = [];
      for (const source of sources) outcomes.push(await this.importOne(source, onProgress));
      const t1 = performance.now();
      const conn = await this.connection();
      const derived = await this.derive(conn);
      await this.saveProblems(conn, outcomes);
      await conn.run(`INSERT OR REPLACE INTO review_state VALUES ('last_refresh_at', ${sqlString(new Date(this.now()).toISOString())})`);
      return { sources: outcomes, ...derived, importMs: t1 - t0, deriveMs: performance.now() - t1 };
    });
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private async importOne(source: ReviewSource, onProgress?: (p: ImportProgress & { source: 'share' | 'mirror' }) => void): Promise<SourceOutcome> {
    const run = () =>
      importShare(source.dir, this.opts.dbPath, {
        nowMs: this.now(),
        ...(this.opts.toolVersion ? { toolVersion: this.opts.toolVersion } : {}),
        ...(source.workers !== undefined ? { workers: source.workers } : {}),
        onProgress: (p) => onProgress?.({ source: source.kind, phase: p.phase, done: p.done, total: p.total, ...(p.station ? { station: p.station } : {}) }),
      });
    let result: ImportResult;
    try {
      try {
        result = await run();
      } catch (err) {
        // The review database is disposable: one that cannot be opened (another schema, damaged) is made again.
        if (!(err instanceof LedgerOpenError)) throw err;
        await this.remove();
        result = await run();
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const code = err instanceof LedgerOpenError ? 'REVIEW_DB_UNAVAILABLE' : /no folder|not a Steadywork|cannot be read|not a folder/.test(message) ? 'SHARE_UNREADABLE' : 'IMPORT_FAILED';
      return { kind: source.kind, dir: source.dir, ok: false, error: { code, message }, errors: 0, warnings: 0, stationsRejected: 0, eventsAdded: 0, problems: [] };
    }
    // The shared folder may be behind this station's own journal (not reachable for a while): the mirror already gave
    // those events, so "fewer events than imported" of our own station there is not a problem.
    const benign = (p: LedgerProblem) => source.ownStation !== undefined && p.station === source.ownStation && p.code === 'HISTORY_SHRANK';
    const problems = result.report.problems.filter((p) => !benign(p));
    const benignStations = new Set(result.report.problems.filter(benign).map((p) => p.station));
    const errors = problems.filter((p) => p.severity === 'error').length;
    return {
      kind: source.kind,
      dir: source.dir,
      ok: errors === 0,
      errors,
      warnings: problems.length - errors,
      stationsRejected: result.stations.filter((s) => s.status === 'rejected' && !(benignStations.has(s.station) && s.errors === 1)).length,
      eventsAdded: result.eventsAdded,
      problems,
    };
  }

  private async derive(conn: DuckDBConnection): Promise<{ runsDerived: number; fullRebuild: boolean }> {
    const state = new Map((await rows(conn, `SELECT key, value FROM review_state`)).map((r) => [String(r.key), String(r.value)]));
    const lastImport = Number((await rows(conn, `SELECT coalesce(max(import_id), 0)::BIGINT::DOUBLE AS n FROM imports`))[0]?.n ?? 0);
    const derivedThrough = Number(state.get('derived_through_import') ?? -1);
    const modelOk = state.get('model') === `${REVIEW_MODEL_VERSION}|${this.opts.timeZone}`;
    await conn.run(TITLES_SQL);
    for (const sql of RANK_TABLES_SQL) await conn.run(sql);
    if (modelOk && derivedThrough >= lastImport) {
      // Nothing new; station names may still have changed (a station renamed itself on the share).
      await this.updateRanks(conn);
      return { runsDerived: 0, fullRebuild: false };
    }
    await conn.run(SCHEDULE_SQL);
    let full = !modelOk || derivedThrough < 0;
    if (!modelOk) {
      // Another shape or meaning of review_runs: made again from the events.
      await conn.run(`DROP TABLE IF EXISTS review_runs`);
      for (const sql of REVIEW_SCHEMA) await conn.run(sql);
    }
    let touched = 0;
    if (!full) {
      await conn.run(`CREATE OR REPLACE TEMP TABLE rv_touched AS SELECT DISTINCT run_id FROM events WHERE import_id > ${derivedThrough} AND run_id IS NOT NULL`);
      touched = int((await rows(conn, `SELECT count(*)::INTEGER AS n FROM rv_touched`))[0]?.n);
      const total = int((await rows(conn, `SELECT count(*)::INTEGER AS n FROM review_runs`))[0]?.n);
      // Many runs touched (a first import of a large share): one rebuild of everything is faster.
      if (touched > 20_000 && touched > total / 4) full = true;
      // Rows added since the last rebuild sit at the end of the table, out of the newest-first order: re-sort now and then.
      const appended = Number(state.get('appended_since_rebuild') ?? 0) + touched;
      if (appended > 5_000 && appended > total / 10) full = true;
    }
    await conn.run('BEGIN TRANSACTION');
    try {
      if (full) {
        await conn.run(`DELETE FROM review_runs`);
        await conn.run(deriveRunsSql(this.opts.timeZone, false));
      } else if (touched > 0) {
        await conn.run(`DELETE FROM review_runs WHERE run_id IN (SELECT run_id FROM rv_touched)`);
        await conn.run(deriveRunsSql(this.opts.timeZone, true));
      }
      const appended = full ? 0 : Number(state.get('appended_since_rebuild') ?? 0) + touched;
      await conn.run(`INSERT OR REPLACE INTO review_state VALUES ('derived_through_import', '${lastImport}'), ('model', ${sqlString(`${REVIEW_MODEL_VERSION}|${this.opts.timeZone}`)}),
        ('appended_since_rebuild', '${appended}')`);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
    await this.updateRanks(conn);
    // Written to the file now: scans of freshly changed rows are slower until a checkpoint.
    await conn.run('CHECKPOINT');
    const runsDerived = full ? int((await rows(conn, `SELECT count(*)::INTEGER AS n FROM review_runs`))[0]?.n) : touched;
    return { runsDerived, fullRebuild: full };
  }

  /** Sort keys of rows whose station name or standard title rank changed (rare: a rename). */
  private async updateRanks(conn: DuckDBConnection): Promise<void> {
    const [stale] = await rows(conn, `SELECT
        (SELECT count(*) FROM review_runs r JOIN rv_station_rank x USING (station_id) WHERE r.k_station IS DISTINCT FROM x.rk)::INTEGER AS st,
        (SELECT count(*) FROM review_runs r JOIN rv_standard_rank x ON x.hash = r.standard_hash WHERE r.k_standard IS DISTINCT FROM x.rk)::INTEGER AS sd`);
    if (int(stale?.st) === 0 && int(stale?.sd) === 0) return;
    for (const sql of RANK_UPDATE_SQL) await conn.run(sql);
    await conn.run('CHECKPOINT');
  }

  private async saveProblems(conn: DuckDBConnection, outcomes: SourceOutcome[]): Promise<void> {
    // Only the sources imported now are replaced (a refresh may leave the share out).
    if (outcomes.length === 0) return;
    await conn.run(`DELETE FROM review_problems WHERE source IN (${outcomes.map((o) => sqlString(o.kind)).join(', ')})`);
    const all = outcomes.flatMap((o) => o.problems.slice(0, 5000).map((p) => ({ ...p, source: o.kind })));
    await appendProblems(conn, REVIEW_PROBLEMS, all);
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
      const artisans = await rows(conn, `SELECT r.actor, any_value(ro.name) AS name FROM review_runs r LEFT JOIN rv_roster ro ON ro.actor = r.actor GROUP BY r.actor ORDER BY coalesce(any_value(ro.name), r.actor)`);
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

  /** Runs by id (those known to the review database). */
  runsById(runIds: readonly string[]): Promise<RunRef[]> {
    if (runIds.length === 0) return Promise.resolve([]);
    return this.exclusive(async () => {
      const conn = await this.connection();
      const found = await rows(conn, `SELECT CAST(run_id AS VARCHAR) AS run_id, station_id, sig_meaning FROM review_runs
        WHERE run_id IN (SELECT CAST(unnest([${runIds.map(sqlString).join(', ')}]) AS UUID))`);
      return found.map((r) => ({ runId: String(r.run_id), stationId: String(r.station_id), sigMeaning: str(r.sig_meaning) }));
    });
  }

  /** Runs matching a filter, at most `max` + 1 (so the caller can tell "too many"). */
  runsByFilter(filter: HistoryFilter, max: number): Promise<RunRef[]> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      const found = await rows(conn, `SELECT CAST(r.run_id AS VARCHAR) AS run_id, r.station_id, r.sig_meaning FROM review_runs r ${whereSql(filter)}
        ORDER BY r.started_at, r.run_id LIMIT ${max + 1}`);
      return found.map((r) => ({ runId: String(r.run_id), stationId: String(r.station_id), sigMeaning: str(r.sig_meaning) }));
    });
  }

  /** Unanswered help requests of runs still in progress (a help.answered of any station superseding one answers it). */
  openHelp(exceptStation: string): Promise<Row[]> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      return rows(conn, `SELECT CAST(h.id AS VARCHAR) AS event_id, h.station_id, s.name AS station_name, CAST(h.run_id AS VARCHAR) AS run_id,
          r.standard_id, r.standard_hash, r.title_en, r.title_hi, h.step_id, h.actor, h.at_text
        FROM events h JOIN review_runs r ON r.run_id = h.run_id AND r.station_id = h.station_id
        LEFT JOIN stations s ON s.station_id = h.station_id
        WHERE h.type = 'help.requested' AND r.status = 'in_progress' AND h.station_id <> ${sqlString(exceptStation)}
          AND NOT EXISTS (SELECT 1 FROM events a WHERE a.type = 'help.answered' AND a.supersedes = h.id)
        ORDER BY h."at"`);
    });
  }

  /** Which of these help requests were answered (by a help.answered line of any station). */
  answered(eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return Promise.resolve(new Set());
    return this.exclusive(async () => {
      const conn = await this.connection();
      const found = await rows(conn, `SELECT DISTINCT CAST(supersedes AS VARCHAR) AS id FROM events WHERE type = 'help.answered'
        AND supersedes IN (SELECT CAST(unnest([${eventIds.map(sqlString).join(', ')}]) AS UUID))`);
      return new Set(found.map((r) => String(r.id)));
    });
  }

  /** Whether a help request of a station exists and whether it was answered. */
  helpRequest(eventId: string, stationId: string): Promise<{ runId: string; answered: boolean } | null> {
    return this.exclusive(async () => {
      const conn = await this.connection();
      const [r] = await rows(conn, `SELECT CAST(h.run_id AS VARCHAR) AS run_id,
          EXISTS (SELECT 1 FROM events a WHERE a.type = 'help.answered' AND a.supersedes = h.id) AS answered
        FROM events h WHERE h.type = 'help.requested' AND h.id = ${sqlString(eventId)}::UUID AND h.station_id = ${sqlString(stationId)}`);
      return r ? { runId: String(r.run_id), answered: r.answered === true } : null;
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
      for (const sql of prepareSql({ from, to, local: localTimeExpr(this.opts.timeZone), siteExpr: `'default'` })) await conn.run(sql);
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

async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Row[];
}

function toSignature(r: Row): Countersignature | null {
  const meaning = str(r.sig_meaning);
  if (meaning !== 'reviewed' && meaning !== 'approved' && meaning !== 'rejected') return null;
  return {
    meaning,
    by: str(r.sig_by) ?? 'Supervisor',
    station: String(r.sig_station),
    eventId: String(r.sig_event_id),
    at: String(r.sig_at),
    ...(str(r.sig_reason) ? { reason: str(r.sig_reason) as string } : {}),
  };
}

export function toHistoryRow(r: Row): HistoryRow {
  return {
    runId: String(r.run_id),
    stationId: String(r.station_id),
    stationName: str(r.station_name),
    standardId: String(r.standard_id ?? ''),
    standardVersion: int(r.standard_version),
    standardHash: String(r.standard_hash ?? ''),
    title: title(r.title_en, r.title_hi, String(r.standard_id ?? '')),
    actor: String(r.actor),
    actorName: str(r.actor_name),
    startedAt: String(r.started_text),
    finishedAt: str(r.finished_text),
    durationS: num(r.duration_s),
    status: r.status === 'completed' ? 'completed' : r.status === 'abandoned' ? 'abandoned' : 'in_progress',
    onTime: r.on_time === null || r.on_time === undefined ? null : r.on_time === true,
    steps: int(r.steps),
    deviations: int(r.deviations),
    undos: int(r.undos),
    outOfLimits: int(r.out_of_limits),
    helpRequests: int(r.help_requests),
    abandonReason: str(r.abandon_reason),
    signature: toSignature(r),
  };
}

function toCounts(c: Row): HistoryCounts {
  return {
    runs: int(c.runs),
    completed: int(c.completed),
    onTime: int(c.on_time),
    late: int(c.late),
    deviation: int(c.deviation),
    outOfLimits: int(c.out_of_limits),
    abandoned: int(c.abandoned),
    inProgress: int(c.in_progress),
    notReviewed: int(c.not_reviewed),
    steps: int(c.steps),
    deviations: int(c.deviations),
    helpRequests: int(c.help_requests),
  };
}
