/** computeScorecard: runs the SQL of ./sql.ts over a ledger and shapes the rows into a Scorecard. */
import { existsSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openLedger, sqlString } from '../ledger/db';
import { ensurePseudonymKey, pseudonym } from './pseudonym';
import { DUCKDB_SCORECARD_SQL, type ScorecardSql } from './sql';
import type { Adoption, DeviationRow, HotSpot, IntegrityRow, RunRow, Scorecard, ScorecardOptions, ScoreFigures } from './types';

/** A report request that cannot be served as asked (bad date, missing database): the CLI exits with 2. */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

type Row = Record<string, unknown>;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function checkDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (!DATE_RE.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new ReportInputError(`--${name} must be a date written YYYY-MM-DD, e.g. 2026-11-01 (found "${value}").`);
  }
  return value;
}

export function checkTimeZone(tz: string | undefined): string | undefined {
  if (tz === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new ReportInputError(`Unknown time zone "${tz}": use an IANA name such as Asia/Kolkata.`);
  }
  return tz;
}

/** Opens an existing ledger (never creates one: a mistyped path must not produce an empty scorecard). */
export async function openExistingLedger(dbPath: string) {
  if (!existsSync(dbPath) || !statSync(dbPath).isFile()) {
    throw new ReportInputError(`The ledger ${dbPath} does not exist. Import a share first ("steadywork import DIR --db ${dbPath}") or give the right --db file.`);
  }
  try {
    return await openLedger(dbPath);
  } catch (err) {
    throw new ReportInputError(`${err instanceof Error ? err.message : String(err)} Check that ${dbPath} is a Steadywork ledger made by "steadywork import" and that no other program has it open.`);
  }
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Row[];
  } catch (err) {
    throw new Error(`Scorecard query failed: ${err instanceof Error ? err.message : String(err)}\n${sql.trim().slice(0, 200)}`, { cause: err });
  }
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function figures(r: Row): ScoreFigures {
  return {
    dueOccurrences: int(r.due),
    completedDue: int(r.completed_due),
    completedOnTime: int(r.completed_on_time),
    completionRate: num(r.completion_rate),
    onTimeRate: num(r.on_time_rate),
    runs: int(r.runs),
    runsCompleted: int(r.runs_completed),
    runsAbandoned: int(r.runs_abandoned),
    stepsRecorded: int(r.steps_recorded),
    deviations: int(r.deviations),
    undos: int(r.undos),
    helpRequests: int(r.help_requests),
    deviationsPer100Steps: num(r.deviations_per100),
    undosPer100Steps: num(r.undos_per100),
    helpPer100Steps: num(r.help_per100),
    measurements: int(r.measurements),
    outOfLimits: int(r.out_of_limits),
    outOfLimitsRate: num(r.ool_rate),
    runsOnCurrentOwnedVersion: int(r.runs_current_owned),
    currentOwnedRate: num(r.current_owned_rate),
    runsWithoutDiscussion: int(r.runs_without_discussion),
    repeatRate: num(r.repeat_rate),
    durationCv: num(r.duration_cv),
    durationMeanMinutes: num(r.duration_mean),
  };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function localDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/**
 * An SQL engine holding a ledger: DuckDB (the procurement PC's file) or PostgreSQL (the organisation's, see
 * reports/compute-pg.ts). The same scorecard is computed on either from its dialect's SQL (sql.ts, sql-pg.ts).
 */
export interface ScorecardEngine {
  sql: ScorecardSql;
  all(sql: string): Promise<Row[]>;
  run(sql: string): Promise<void>;
  /** The ledger's pseudonym key (created on first use). */
  pseudonymKey(): Promise<Buffer>;
}

export function duckdbEngine(conn: DuckDBConnection): ScorecardEngine {
  return {
    sql: DUCKDB_SCORECARD_SQL,
    all: (sql) => rows(conn, sql),
    run: async (sql) => {
      await conn.run(sql);
    },
    pseudonymKey: () => ensurePseudonymKey(conn),
  };
}

/** Compute the scorecard on an open connection (used by computeScorecard and writeReport). */
export async function scorecardOn(conn: DuckDBConnection, opts: ScorecardOptions = {}): Promise<Scorecard> {
  return scorecardWith(duckdbEngine(conn), opts);
}

/** Compute the scorecard with an engine (DuckDB or PostgreSQL). `supplier` keeps one supplier's stations and events. */
export async function scorecardWith(engine: ScorecardEngine, opts: ScorecardOptions = {}): Promise<Scorecard> {
  const q = engine.sql;
  const from0 = checkDate(opts.from, 'from');
  const to0 = checkDate(opts.to, 'to');
  const timeZone = checkTimeZone(opts.timeZone);
  const local = q.localTimeExpr(timeZone);
  const supplier = opts.supplier;

  // Only enrolled stations count; a ledger from before enrolment (no view, opened read-only) counts all of them.
  const enrolled = (await engine.all(`SELECT 1 FROM information_schema.tables WHERE table_name = 'enrolled_stations'`)).length > 0;
  // Period: given days, else the first and last local day with events.
  let from = from0;
  let to = to0;
  if (!from || !to) {
    const [b] = await engine.all(q.period(local, supplier, enrolled));
    const today = localDay(Date.now(), timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
    from ??= str(b?.f) ?? today;
    to ??= str(b?.t) ?? today;
  }
  if (from > to) throw new ReportInputError(`The period is empty: --from ${from} is after --to ${to}.`);

  // Pseudonyms: HMAC-SHA256(actor) with the ledger's own key; raw actor ids never leave the database.
  const key = await engine.pseudonymKey();
  const actors = (await engine.all(q.actors(supplier))).map((r) => String(r.actor));
  for (const sql of q.pseudoTable) await engine.run(sql);
  for (let i = 0; i < actors.length; i += 500) {
    const chunk = actors.slice(i, i + 500);
    await engine.run(`INSERT INTO rp_pseudo VALUES ${chunk.map((a) => `(${sqlString(a)}, ${sqlString(pseudonym(key, a))})`).join(', ')}`);
  }

  const hasSite = (await engine.all(q.hasSite)).length > 0;
  const siteExpr = hasSite ? q.siteExpr : `'default'`;
  for (const sql of q.prepare({ from, to, local, siteExpr, ...(supplier !== undefined ? { supplier } : {}), enrolled })) await engine.run(sql);

  const fig = await engine.all(q.figures);
  const stationInfo = new Map((await engine.all(`SELECT station_id, name, site FROM rp_station`)).map((r) => [String(r.station_id), r]));
  const stdInfo = new Map((await engine.all(q.latestStandards)).map((r) => [String(r.standard_id), r]));

  const adoptions: Adoption[] = (await engine.all(q.adoption(to))).map((r) => ({
    stationId: String(r.station_id),
    site: String(r.site),
    standardId: String(r.standard_id),
    version: int(r.version),
    effectiveFrom: str(r.effective_from),
    firstRunAt: iso(r.first_run_at),
    daysToAdopt: num(r.days_to_adopt),
  }));
  const hotSpots: HotSpot[] = (await engine.all(q.hotSpots)).map((r) => ({
    standardId: String(r.standard_id),
    rank: int(r.rank),
    stepId: String(r.step_id),
    stepTextEn: str(r.text_en),
    stepTextHi: str(r.text_hi),
    helpRequests: int(r.help),
    undos: int(r.undos),
    deviations: int(r.deviations),
    total: int(r.total),
    recorded: int(r.recorded),
    ownerRole: str(r.owner_role),
    ownerName: str(r.owner_name),
  }));
  const runs: RunRow[] = (await engine.all(q.runs)).map((r) => ({
    runId: String(r.run_id),
    site: String(r.site),
    stationId: String(r.station_id),
    standardId: str(r.standard_id),
    standardVersion: num(r.standard_version),
    artisan: str(r.artisan) ?? 'artisan-unknown',
    startedAt: iso(r.started_at) ?? '',
    endedAt: iso(r.ended_at),
    outcome: String(r.outcome) as RunRow['outcome'],
    durationMinutes: num(r.duration_min),
    steps: int(r.steps),
    deviations: int(r.deviations),
    undos: int(r.undos),
    helpRequests: int(r.help),
    outOfLimits: int(r.ool),
    onCurrentOwnedVersion: r.current_owned === true,
  }));
  const deviations: DeviationRow[] = (await engine.all(q.deviations)).map((r) => ({
    at: iso(r.at) ?? '',
    site: String(r.site),
    stationId: String(r.station_id),
    runId: str(r.run_id),
    standardId: str(r.standard_id),
    standardVersion: num(r.standard_version),
    stepId: str(r.step_id),
    stepTextEn: str(r.text_en),
    stepTextHi: str(r.text_hi),
    kind: String(r.kind),
    reason: str(r.reason),
    artisan: str(r.artisan) ?? 'artisan-unknown',
  }));
  const integrity: IntegrityRow[] = (await engine.all(q.integrity(supplier))).map((r) => ({
    importId: int(r.import_id),
    startedAt: iso(r.started_at),
    stationId: str(r.station_id),
    file: str(r.file),
    line: num(r.line),
    code: String(r.code),
    severity: String(r.severity),
    expected: str(r.expected),
    found: str(r.found),
    message: str(r.message),
  }));
  const [counts] = await engine.all(`SELECT (SELECT count(*) FROM rp_station)::INTEGER AS stations, (SELECT count(DISTINCT site) FROM rp_station)::INTEGER AS sites,
    (SELECT count(DISTINCT standard_id) FROM rp_std)::INTEGER AS standards,
    (SELECT count(*) FROM rp_ev WHERE CAST(lt AS DATE) BETWEEN DATE ${sqlString(from)} AND DATE ${sqlString(to)})::INTEGER AS events`);

  const g = (n: number) => fig.filter((r) => int(r.g) === n);
  const whole = g(7)[0] ?? {};
  const stationsByG = g(1);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  return {
    generatedAt: new Date().toISOString(),
    period: { from, to, timeZone: timeZone ?? 'station local time', days },
    summary: {
      ...figures(whole),
      sites: int(counts?.sites),
      stations: int(counts?.stations),
      standards: int(counts?.standards),
      events: int(counts?.events),
      medianDaysToAdopt: median(adoptions.flatMap((a) => (a.daysToAdopt === null ? [] : [a.daysToAdopt]))),
    },
    sites: g(3).map((r) => ({
      site: String(r.site),
      stations: stationsByG.filter((s) => s.site === r.site).length,
      ...figures(r),
    })),
    stations: stationsByG.map((r) => ({
      site: String(r.site),
      stationId: String(r.station_id),
      stationName: str(stationInfo.get(String(r.station_id))?.name),
      ...figures(r),
    })),
    standards: g(6).map((r) => {
      const s = stdInfo.get(String(r.standard_id));
      return {
        standardId: String(r.standard_id),
        title: str(s?.title),
        latestVersion: num(s?.version),
        ownerRole: str(s?.owner_role),
        ownerName: str(s?.owner_name),
        ...figures(r),
      };
    }),
    stationStandards: g(0).map((r) => ({ site: String(r.site), stationId: String(r.station_id), standardId: String(r.standard_id), ...figures(r) })),
    hotSpots,
    adoptions,
    runs,
    deviations,
    integrity,
  };
}
