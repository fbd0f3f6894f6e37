/** computeScorecard: runs the SQL of ./sql.ts over a ledger and shapes the rows into a Scorecard. */
import { existsSync, statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { LEDGER_SCHEMA_VERSION, openLedger, sqlString } from '../ledger/db';
import { stationStatusRows, type LedgerStationRow } from '../ledger/station-status';
import { ensurePseudonymKey, PSEUDONYM_META_KEY, pseudonym } from './pseudonym';
import { DUCKDB_SCORECARD_SQL, type ScorecardSql } from './sql';
import type {
  Adoption, DeviationRow, HotSpot, IntegrityRow, RunRow, Scorecard, ScorecardOptions, ScoreFigures, StationScore, StationStatus,
} from './types';

/** A station with no event for this many days before the end of the period is flagged stale (ScorecardOptions.staleDays). */
export const DEFAULT_STALE_DAYS = 7;

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

/**
 * Opens an existing ledger READ-ONLY (never creates one: a mistyped path must not produce an empty scorecard; and
 * read-only so that a report works while another program, e.g. an analyst's DuckDB, has the ledger open read-only).
 * Only when the ledger has no pseudonym key yet (a ledger never reported on) is it opened for writing once, briefly,
 * to create it: pseudonyms must be the same in every export of a ledger.
 */
export async function openExistingLedger(dbPath: string): Promise<{ conn: DuckDBConnection; close(): void }> {
  if (!existsSync(dbPath) || !statSync(dbPath).isFile()) {
    throw new ReportInputError(`The ledger ${dbPath} does not exist. Import a share first ("steadywork import DIR --db ${dbPath}") or give the right --db file.`);
  }
  const hint = `Check that ${dbPath} is a Steadywork ledger made by "steadywork import" and that no program is writing to it (an import running?).`;
  const open = async () => {
    const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
    const conn = await instance.connect();
    const close = () => {
      conn.closeSync();
      instance.closeSync();
    };
    try {
      const meta = new Map((await conn.runAndReadAll(`SELECT key, value FROM meta WHERE key IN ('schema_version', '${PSEUDONYM_META_KEY}')`)).getRowObjectsJS().map((r) => [String(r.key), r.value]));
      // Version 1 reads the same (its events were a table, now a view of the same columns: db.ts); it is converted
      // the next time the ledger is opened for writing.
      const version = Number(meta.get('schema_version'));
      if (version !== LEDGER_SCHEMA_VERSION && version !== 1) {
        throw new Error(`The database ${dbPath} has ledger schema version ${String(meta.get('schema_version') ?? 'none')}; this program reads version ${LEDGER_SCHEMA_VERSION}.`);
      }
      return { conn, close, hasKey: meta.has(PSEUDONYM_META_KEY) };
    } catch (err) {
      close();
      throw err;
    }
  };
  try {
    let ledger = await open();
    if (!ledger.hasKey) {
      ledger.close();
      const rw = await openLedger(dbPath);
      try {
        await ensurePseudonymKey(rw.conn);
      } finally {
        rw.close();
      }
      ledger = await open();
    }
    return { conn: ledger.conn, close: ledger.close };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ReportInputError(`The ledger ${dbPath} cannot be read: ${message.includes(dbPath) ? message : message.replace(/\s+$/, '')} ${hint}`);
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
  const staleDays = opts.staleDays ?? DEFAULT_STALE_DAYS;
  if (!Number.isInteger(staleDays) || staleDays < 1) throw new ReportInputError(`--stale-days must be a whole number of days, 1 or more (found ${staleDays}).`);
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
    // A bound left out never empties the period (a ledger with no counted event, e.g. no station enrolled yet, has no
    // first or last day: the period is then the one day given).
    if (from > to) {
      if (!from0) from = to;
      else to = from;
    }
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

  // Station status (docs/scorecard.md, "Station status"): the ledger's, then stale, then the days each station's figures cover.
  const enrolment = (await engine.all(q.hasEnrolment)).length > 0;
  const importSuppliers = q.hasImportSuppliers !== undefined && (await engine.all(q.hasImportSuppliers)).length > 0;
  const ledgerRows = stationStatusRows(await engine.all(q.stationStatus({ enrolment, importSuppliers, ...(supplier !== undefined ? { supplier } : {}) })));
  const spans = new Map(
    (await engine.all(q.stationSpans(local, supplier))).map((r) => [String(r.station_id), { first: String(r.first_lt), last: String(r.last_lt) }]),
  );
  const plans = ledgerRows.map((r) => statusPlan(r, spans.get(r.stationId) ?? null, { from, to, staleDays }));
  for (const sql of q.statusTables) await engine.run(sql);
  for (let i = 0; i < plans.length; i += 500) {
    const chunk = plans.slice(i, i + 500);
    await engine.run(`INSERT INTO rp_ids VALUES ${chunk.map((p) => `(${sqlString(p.row.stationId)})`).join(', ')}`);
    const cuts = chunk.filter((p) => p.endDay !== null || p.status === 'awaiting_enrolment');
    if (cuts.length > 0) {
      await engine.run(`INSERT INTO rp_cut VALUES ${cuts.map((p) => `(${sqlString(p.row.stationId)}, ${p.endDay ? `DATE ${sqlString(p.endDay)}` : 'NULL'}, ${p.status === 'awaiting_enrolment'})`).join(', ')}`);
    }
  }

  const hasSite = (await engine.all(q.hasSite)).length > 0;
  const siteExpr = hasSite ? q.siteExpr : `'default'`;
  for (const sql of q.prepare({ from, to, local, siteExpr, ...(supplier !== undefined ? { supplier } : {}), enrolled })) await engine.run(sql);

  const fig = await engine.all(q.figures);
  const stationInfo = new Map((await engine.all(`SELECT station_id, name, site FROM rp_station`)).map((r) => [String(r.station_id), r]));
  const stdInfo = new Map((await engine.all(q.latestStandards)).map((r) => [String(r.standard_id), r]));

  const adoptions: Adoption[] = (await engine.all(q.adoption(to))).map((r) => ({
    stationId: String(r.station_id),
    stationName: str(r.station_name),
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
    stationName: str(r.station_name),
    startedLocal: str(r.started_local) ?? '',
    endedLocal: str(r.ended_local),
    abandonReason: str(r.abandon_reason),
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
    stationName: str(r.station_name),
    atLocal: str(r.at_local) ?? '',
    value: measured(r.value),
    limitMin: num(r.limit_min),
    limitMax: num(r.limit_max),
    unit: str(r.unit),
  }));
  const statusOf = new Map(plans.map((p) => [p.row.stationId, p.status]));
  const integrity: IntegrityRow[] = (await engine.all(q.integrity(supplier))).map((r) => ({
    importId: int(r.import_id),
    startedAt: iso(r.started_at),
    stationId: str(r.station_id),
    stationName: str(r.station_name),
    stationStatus: statusOf.get(String(r.station_id)) ?? null,
    file: str(r.file),
    line: num(r.line),
    code: String(r.code),
    severity: String(r.severity),
    expected: str(r.expected),
    found: str(r.found),
    message: str(r.message),
  }));
  const [counts] = await engine.all(`SELECT (SELECT count(DISTINCT site) FROM rp_station)::INTEGER AS sites,
    (SELECT count(DISTINCT standard_id) FROM rp_std)::INTEGER AS standards,
    (SELECT count(*) FROM rp_ev WHERE CAST(lt AS DATE) BETWEEN DATE ${sqlString(from)} AND DATE ${sqlString(to)})::INTEGER AS events`);

  const g = (n: number) => fig.filter((r) => int(r.g) === n);
  const whole = g(7)[0] ?? {};
  const stationsByG = g(1);
  const figuresOf = new Map(stationsByG.map((r) => [String(r.station_id), r]));
  const stations: StationScore[] = plans.map((p) => {
    const info = stationInfo.get(p.row.stationId);
    return {
      site: String(info?.site ?? 'default'),
      stationId: p.row.stationId,
      stationName: str(info?.name) ?? p.row.name,
      ...figures(figuresOf.get(p.row.stationId) ?? {}),
      status: p.status,
      verifiedFrom: p.verifiedFrom,
      verifiedTo: p.verifiedTo,
      cut: p.cut,
      lastEventAt: p.lastEventAt,
      missing: p.missing,
      why: p.why,
      problemCode: p.row.problem?.code ?? null,
    };
  });
  const stationsByStatus = { verified: 0, partial: 0, rejected: 0, awaiting_enrolment: 0, stale: 0 } satisfies Record<StationStatus, number>;
  for (const p of plans) stationsByStatus[p.status] += 1;
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  return {
    generatedAt: new Date().toISOString(),
    period: { from, to, timeZone: timeZone ?? 'station local time', days },
    summary: {
      ...figures(whole),
      sites: int(counts?.sites),
      stations: plans.length,
      stationsByStatus,
      staleDays,
      standards: int(counts?.standards),
      events: int(counts?.events),
      medianDaysToAdopt: median(adoptions.flatMap((a) => (a.daysToAdopt === null ? [] : [a.daysToAdopt]))),
    },
    sites: g(3).map((r) => ({
      site: String(r.site),
      stations: stationsByG.filter((s) => s.site === r.site).length,
      ...figures(r),
    })),
    stations,
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

/** A measured value: a number when it is one (JSON text from the ledger), else the text. */
function measured(v: unknown): number | string | null {
  if (v === null || v === undefined) return null;
  const text = String(v);
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text.replace(/^"|"$/g, '');
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

interface StatusPlan {
  row: LedgerStationRow;
  status: StationStatus;
  /** Last verified day whose due occurrences count (see prepareSql); null: not cut. */
  endDay: string | null;
  verifiedFrom: string | null;
  verifiedTo: string | null;
  cut: boolean;
  lastEventAt: string | null;
  missing: string | null;
  why: string | null;
}

/**
 * A station's status for this period and the days its figures cover, with what is missing and why in plain English.
 * The ledger's status comes first (rejected, partial, awaiting enrolment); a verified station with no event for
 * `staleDays` days before the end of the period is stale. A flagged station's figures stop at its last verified day
 * (docs/scorecard.md): they are neither lowered by days the ledger cannot know nor raised by leaving out what it knows.
 */
export function statusPlan(row: LedgerStationRow, span: { first: string; last: string } | null, p: { from: string; to: string; staleDays: number }): StatusPlan {
  const lastDay = span ? span.last.slice(0, 10) : null;
  const firstDay = span ? span.first.slice(0, 10) : null;
  let status: StationStatus = row.status;
  const quiet = lastDay !== null && lastDay < p.to ? daysBetween(lastDay, p.to) : 0;
  if (status === 'verified' && quiet >= p.staleDays) status = 'stale';
  const flagged = status !== 'verified' && status !== 'awaiting_enrolment';
  // A flagged station's last verified day: its due routines without a run that day are unknown, not missed.
  const endDay = flagged && lastDay !== null && lastDay <= p.to ? lastDay : null;
  const start = firstDay === null ? null : firstDay > p.from ? firstDay : p.from;
  const end = endDay ?? (lastDay === null && flagged ? null : p.to);
  const inPeriod = start !== null && end !== null && start <= end && start <= p.to;
  const verifiedFrom = inPeriod ? start : null;
  const verifiedTo = inPeriod ? end : null;
  const cut = flagged;
  const notCounted = !endDay ? '' : endDay < p.to
    ? ` Days after ${endDay} (${addDays(endDay, 1) === p.to ? p.to : `${addDays(endDay, 1)} to ${p.to}`}) are not counted in its figures, nor due routines of ${endDay} that have no run in the ledger.`
    : ` Due routines of ${endDay} that have no run in the ledger are not counted in its figures.`;
  const problem = row.problem;
  const where = problem?.file ? ` (first problem: ${problem.file}${problem.line ? ` line ${problem.line}` : ''})` : '';
  const why = problem ? `${problem.code}: ${problem.message ?? 'see the Integrity table'}` : null;
  let missing: string | null = null;
  let reason: string | null = null;
  switch (status) {
    case 'partial':
      missing = `Events after seq ${row.headSeq} are not in the ledger${where}; the last verified event is at ${span?.last ?? 'none'}.${notCounted}`;
      reason = why;
      break;
    case 'rejected':
      missing = row.events === 0
        ? `All of its events: nothing of this station is in the ledger${where}, so it has no figures.`
        : `Nothing new of this station was imported by the latest import${where}: events after seq ${row.headSeq} (last verified event at ${span?.last ?? 'none'}) are not in the ledger.${notCounted}`;
      reason = why ?? 'No verified event of this station is in the ledger.';
      break;
    case 'awaiting_enrolment':
      missing = 'Nothing is missing, but its events are not counted in any figure until procurement enrols the station.';
      reason = "The station is new: compare its fingerprint with the one in the station's Settings, then enrol it.";
      break;
    case 'stale':
      missing = `No event after ${span?.last ?? 'none'}: nothing for ${quiet} days before the end of the period (${p.to}).${notCounted}`;
      reason = `Nothing new reached the ledger for ${quiet} days (a station is stale after ${p.staleDays}): the station may be switched off, not syncing to the shared folder, or not in use. Import again after its next sync, or ask the supplier.`;
      break;
    default:
      break;
  }
  return { row, status, endDay, verifiedFrom, verifiedTo, cut, lastEventAt: span?.last ?? null, missing, why: reason };
}
