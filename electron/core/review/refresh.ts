/**
 * Refreshing the review database: import each source with the ledger's verified import, then derive review_runs
 * (one row per run) for the runs the new events touch, and keep the problems found. docs/review.md.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { ImportProgress } from '../../contract';
import { importShare, LedgerOpenError, type ImportResult } from '../ledger';
import { sqlString } from '../ledger/db';
import { appendProblems } from '../ledger/problem-rows';
import type { LedgerProblem } from '../ledger/problems';
import { int, rows } from './rows';
import { deriveRunsSql, RANK_TABLES_SQL, RANK_UPDATE_SQL, REASONS_SQL, REVIEW_PROBLEMS, REVIEW_SCHEMA, SCHEDULE_SQL, TITLES_SQL } from './sql';

/** Bump when review_runs changes shape or meaning: the table is rebuilt from the events. */
export const REVIEW_MODEL_VERSION = 5; // 4: on time and days in each station's own local time; 5: every artisan of a run, the stop reason in words

export interface ReviewSource {
  /** A folder laid out like a shared folder (the share, or the station's private mirror). */
  dir: string;
  kind: 'share' | 'mirror';
  /** Problems of this station that only say "the share is behind what the mirror already gave" are not problems. */
  ownStation?: string;
  workers?: number;
  /** Verify every segment again (true), only what is new (false); default: the store decides (once a day in full). */
  full?: boolean;
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
  /** Every segment was verified again (the daily full verification), not only what is new. */
  full?: boolean;
  /** Standards new to the review database. */
  standardsAdded?: number;
}

export interface RefreshOutcome {
  sources: SourceOutcome[];
  /** Runs rebuilt (all of them after a full rebuild). */
  runsDerived: number;
  fullRebuild: boolean;
  importMs: number;
  deriveMs: number;
}

/** Import one source into the review database (verified, idempotent); a source that cannot be read is an outcome, not an error. */
export async function importSource(
  source: ReviewSource,
  ctx: { dbPath: string; nowMs: number; toolVersion?: string | undefined; remove(): Promise<void>; instance?: () => DuckDBInstance | null },
  onProgress?: (p: ImportProgress & { source: 'share' | 'mirror' }) => void,
): Promise<SourceOutcome> {
  const run = () =>
    importShare(source.dir, ctx.dbPath, {
      nowMs: ctx.nowMs,
      // The review keeps its problems itself (review_problems): an import that changes nothing leaves no row.
      recordEmpty: false,
      ...(source.full ? { full: true } : {}),
      ...(ctx.instance?.() ? { instance: ctx.instance() as DuckDBInstance } : {}),
      ...(ctx.toolVersion ? { toolVersion: ctx.toolVersion } : {}),
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
      await ctx.remove();
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
    full: source.full === true,
    standardsAdded: result.standardsAdded,
  };
}

/** Bring review_runs up to date with the events: the runs new imports touched, or all of them when that is faster. */
export async function deriveRuns(conn: DuckDBConnection): Promise<{ runsDerived: number; fullRebuild: boolean }> {
  const state = new Map((await rows(conn, `SELECT key, value FROM review_state`)).map((r) => [String(r.key), String(r.value)]));
  const lastImport = Number((await rows(conn, `SELECT coalesce(max(import_id), 0)::BIGINT::DOUBLE AS n FROM imports`))[0]?.n ?? 0);
  const derivedThrough = Number(state.get('derived_through_import') ?? -1);
  const modelOk = state.get('model') === String(REVIEW_MODEL_VERSION);
  await conn.run(TITLES_SQL);
  for (const sql of RANK_TABLES_SQL) await conn.run(sql);
  if (modelOk && derivedThrough >= lastImport) {
    // Nothing new; station names may still have changed (a station renamed itself on the share).
    await updateRanks(conn);
    return { runsDerived: 0, fullRebuild: false };
  }
  await conn.run(SCHEDULE_SQL);
  await conn.run(REASONS_SQL);
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
      await conn.run(deriveRunsSql(false));
    } else if (touched > 0) {
      await conn.run(`DELETE FROM review_runs WHERE run_id IN (SELECT run_id FROM rv_touched)`);
      await conn.run(deriveRunsSql(true));
    }
    const appended = full ? 0 : Number(state.get('appended_since_rebuild') ?? 0) + touched;
    await conn.run(`INSERT OR REPLACE INTO review_state VALUES ('derived_through_import', '${lastImport}'), ('model', ${sqlString(String(REVIEW_MODEL_VERSION))}),
      ('appended_since_rebuild', '${appended}')`);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  await updateRanks(conn);
  // Written to the file now: scans of freshly changed rows are slower until a checkpoint.
  await conn.run('CHECKPOINT');
  const runsDerived = full ? int((await rows(conn, `SELECT count(*)::INTEGER AS n FROM review_runs`))[0]?.n) : touched;
  return { runsDerived, fullRebuild: full };
}

/** Sort keys of rows whose station name or standard title rank changed (rare: a rename). */
async function updateRanks(conn: DuckDBConnection): Promise<void> {
  const [stale] = await rows(conn, `SELECT
      (SELECT count(*) FROM review_runs r JOIN rv_station_rank x USING (station_id) WHERE r.k_station IS DISTINCT FROM x.rk)::INTEGER AS st,
      (SELECT count(*) FROM review_runs r JOIN rv_standard_rank x ON x.hash = r.standard_hash WHERE r.k_standard IS DISTINCT FROM x.rk)::INTEGER AS sd`);
  if (int(stale?.st) === 0 && int(stale?.sd) === 0) return;
  for (const sql of RANK_UPDATE_SQL) await conn.run(sql);
  await conn.run('CHECKPOINT');
}

/** What saveProblems would write for these outcomes (the same text: the same rows). */
export function problemsKey(outcomes: SourceOutcome[]): string {
  return JSON.stringify(outcomes.map((o) => [o.kind, o.problems.slice(0, 5000)]));
}

/** Replace the problems of the sources imported now. */
export async function saveProblems(conn: DuckDBConnection, outcomes: SourceOutcome[]): Promise<void> {
  // Only the sources imported now are replaced (a refresh may leave the share out).
  if (outcomes.length === 0) return;
  await conn.run(`DELETE FROM review_problems WHERE source IN (${outcomes.map((o) => sqlString(o.kind)).join(', ')})`);
  const all = outcomes.flatMap((o) => o.problems.slice(0, 5000).map((p) => ({ ...p, source: o.kind })));
  await appendProblems(conn, REVIEW_PROBLEMS, all);
}
