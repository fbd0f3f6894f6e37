/**
 * The supervisor review's read model, as DuckDB SQL over the ledger tables (events, standards, stations) of the
 * review database. docs/review.md documents every column and definition; the scorecard's definitions
 * (electron/core/reports/sql.ts, docs/scorecard.md) are reused so that the numbers agree with procurement's.
 */
import type { HistoryFilter, HistorySort, RunOutcome } from '../../contract';
import { sqlString } from '../ledger/db';
import { problemTableSql, type ProblemTable } from '../ledger/problem-rows';
import type { LedgerProblem } from '../ledger/problems';
import { localTimeExpr, onTimeSql, STEP_OUTCOME_TYPES } from '../reports/sql';
import { RunEvent } from '../runs/events';

/** The integrity found by the latest refresh, per source and station (replaced at every refresh). */
export const REVIEW_PROBLEMS: ProblemTable<LedgerProblem & { source: string }> = {
  name: 'review_problems',
  lead: ['source VARCHAR NOT NULL'],
  seq: false,
  appendLead: (a, p) => a.appendVarchar(p.source),
};

export const REVIEW_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS review_state (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS review_runs (
    run_id UUID NOT NULL,
    station_id VARCHAR NOT NULL,
    standard_id VARCHAR,
    standard_version INTEGER,
    standard_hash VARCHAR,
    title_en VARCHAR,
    title_hi VARCHAR,
    actor VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    started_text VARCHAR NOT NULL,
    started_day DATE NOT NULL,
    finished_at TIMESTAMPTZ,
    finished_text VARCHAR,
    duration_s DOUBLE,
    status VARCHAR NOT NULL,
    on_time BOOLEAN,
    steps INTEGER NOT NULL,
    deviations INTEGER NOT NULL,
    undos INTEGER NOT NULL,
    measurements INTEGER NOT NULL,
    out_of_limits INTEGER NOT NULL,
    help_requests INTEGER NOT NULL,
    abandon_reason VARCHAR,
    sig_meaning VARCHAR,
    sig_by VARCHAR,
    sig_station VARCHAR,
    sig_event_id VARCHAR,
    sig_at VARCHAR,
    sig_reason VARCHAR,
    -- Sort keys (integers sort fast): start time in ms, and the rank of the station's name and of the standard's title.
    k_ms BIGINT,
    k_station INTEGER,
    k_standard INTEGER,
    -- Every artisan who worked on the run (started it, recorded a step, asked for help, finished or stopped it), in the
    -- order they first did; and the stop reason in words from the run's own standard version (en, hi).
    actors VARCHAR[],
    abandon_en VARCHAR,
    abandon_hi VARCHAR
  )`,
  problemTableSql(REVIEW_PROBLEMS),
];

const OUTCOMES = STEP_OUTCOME_TYPES.map(sqlString).join(', ');
const WEEKDAYS = `['mon','tue','wed','thu','fri','sat','sun']`;
const DEFAULT_DAYS = `['mon','tue','wed','thu','fri','sat']`;
/** Events of another station that belong to a run (they name it by run id). */
export const CROSS_STATION_TYPES = [RunEvent.countersigned, RunEvent.helpAnswered, RunEvent.helpSeen, RunEvent.helpClosed] as const;

/** Each standard's schedule by effective date (the highest version per date): the version in force on a day. */
export const SCHEDULE_SQL = `CREATE OR REPLACE TEMP TABLE rv_sched AS
  SELECT id AS standard_id, coalesce(effective_from, DATE '0001-01-01') AS eff, version,
    coalesce(doc->>'$.schedule.every', 'day') AS every,
    CAST(coalesce(doc->>'$.schedule.at', '00:00') || ':00' AS TIME) AS due_time,
    coalesce(try_cast(doc->>'$.schedule.graceMinutes' AS INTEGER), 30) AS grace,
    coalesce(from_json(doc->'$.schedule.days', '["VARCHAR"]'), ${DEFAULT_DAYS}) AS days
  FROM standards
  QUALIFY row_number() OVER (PARTITION BY id, coalesce(effective_from, DATE '0001-01-01') ORDER BY version DESC) = 1`;

/** Titles per standard version, read from the documents once (not once per run). */
export const TITLES_SQL = `CREATE OR REPLACE TEMP TABLE rv_titles AS
  SELECT hash, doc->'$.title'->>'$.en' AS title_en, doc->'$.title'->>'$.hi' AS title_hi FROM standards`;

/** Each standard version's reason codes in words (en, hi), for the reason a run was stopped. */
export const REASONS_SQL = `CREATE OR REPLACE TEMP TABLE rv_reasons AS
  SELECT hash, rc.code AS code, rc.label.en AS label_en, rc.label.hi AS label_hi
  FROM (SELECT hash, unnest(from_json(doc->'$.reasonCodes', '[{"code":"VARCHAR","label":{"en":"VARCHAR","hi":"VARCHAR"}}]')) AS rc FROM standards)`;

/**
 * One row per run, for all runs (`touched` false) or the runs listed in TEMP table rv_touched(run_id). A run is what
 * a `run.started` line starts; its events are the lines of the same station with its run id, plus countersignatures
 * (from any station). On time follows the scorecard: the version in force on the start day gives the schedule; the
 * run's due occurrence is that day (every=day, a listed weekday) or the week's first listed weekday (every=week); on
 * time by the scorecard's own rule (onTimeSql), in each station's local time (localTimeExpr: the run's own clock).
 */
export function deriveRunsSql(touched: boolean): string {
  const only = touched ? 'AND e.run_id IN (SELECT run_id FROM rv_touched)' : '';
  return `INSERT INTO review_runs
WITH ev AS (
  SELECT e.station_id, e.seq, e.id, e."at", e.at_text, e.actor, e.type, e.run_id, e.standard_id, e.standard_version, e.standard_hash,
         e.reason, e.data, ${localTimeExpr()} AS lt
  FROM events e WHERE e.run_id IS NOT NULL ${only}
), st AS (
  SELECT run_id, station_id, standard_id, standard_version, standard_hash, actor, "at" AS started_at, at_text AS started_text,
         lt AS started_lt
  FROM ev WHERE type = '${RunEvent.started}'
  QUALIFY row_number() OVER (PARTITION BY run_id ORDER BY "at", station_id, seq) = 1
), agg AS (
  SELECT ev.run_id,
    min(ev."at") FILTER (WHERE ev.type = '${RunEvent.completed}') AS completed_at,
    arg_min(ev.lt, ev."at") FILTER (WHERE ev.type = '${RunEvent.completed}') AS completed_lt,
    arg_min(ev.at_text, ev."at") FILTER (WHERE ev.type = '${RunEvent.completed}') AS completed_text,
    min(ev."at") FILTER (WHERE ev.type = '${RunEvent.abandoned}') AS abandoned_at,
    arg_min(ev.at_text, ev."at") FILTER (WHERE ev.type = '${RunEvent.abandoned}') AS abandoned_text,
    arg_min(ev.reason, ev."at") FILTER (WHERE ev.type = '${RunEvent.abandoned}') AS abandon_reason,
    count(*) FILTER (WHERE ev.type IN (${OUTCOMES}))::INTEGER AS steps,
    count(*) FILTER (WHERE ev.type = '${RunEvent.stepDeviated}')::INTEGER AS deviations,
    count(*) FILTER (WHERE ev.type = '${RunEvent.stepUndone}')::INTEGER AS undos,
    count(*) FILTER (WHERE ev.type = '${RunEvent.helpRequested}')::INTEGER AS help_requests,
    count(*) FILTER (WHERE ev.type = '${RunEvent.stepMeasured}')::INTEGER AS measurements,
    count(*) FILTER (WHERE ev.type = '${RunEvent.stepMeasured}' AND (ev.data->>'$.acceptable') = 'false')::INTEGER AS out_of_limits
  FROM ev JOIN st ON ev.run_id = st.run_id AND ev.station_id = st.station_id
  GROUP BY ev.run_id
), who AS (
  -- The artisans of the run's own station lines (supervisors' answers and signatures are other event types).
  SELECT run_id, list(actor ORDER BY first_seq) AS actors
  FROM (SELECT ev.run_id, ev.actor, min(ev.seq) AS first_seq FROM ev JOIN st ON ev.run_id = st.run_id AND ev.station_id = st.station_id
        WHERE ev.type NOT IN (${CROSS_STATION_TYPES.map(sqlString).join(', ')}) GROUP BY ev.run_id, ev.actor)
  GROUP BY run_id
), sig AS (
  SELECT run_id, arg_max({'meaning': data->>'$.meaning', 'by': data->>'$.signer', 'station': station_id, 'event_id': CAST(id AS VARCHAR),
                          'at': at_text, 'reason': reason}, ("at", seq)) AS s
  FROM ev WHERE type = '${RunEvent.countersigned}' AND (data->>'$.meaning') IN ('reviewed', 'approved', 'rejected')
  GROUP BY run_id
), sched AS (
  SELECT st.run_id, sc.every, sc.due_time, sc.grace, sc.days
  FROM st ASOF LEFT JOIN rv_sched sc ON sc.standard_id = st.standard_id AND CAST(st.started_lt AS DATE) >= sc.eff
), r AS (
  SELECT st.*, agg.* EXCLUDE (run_id), who.actors, sig.s, sched.every, sched.due_time, sched.grace, sched.days,
    CAST(st.started_lt AS DATE) AS started_day,
    CASE
      WHEN sched.every = 'week' THEN CAST(date_trunc('week', CAST(st.started_lt AS DATE)) AS DATE)
        + (list_min(list_transform(sched.days, x -> list_position(${WEEKDAYS}, x))) - 1)
      WHEN sched.every = 'day' AND list_contains(sched.days, ${WEEKDAYS}[isodow(CAST(st.started_lt AS DATE))]) THEN CAST(st.started_lt AS DATE)
    END AS due_day
  FROM st LEFT JOIN agg ON agg.run_id = st.run_id LEFT JOIN who ON who.run_id = st.run_id LEFT JOIN sig ON sig.run_id = st.run_id LEFT JOIN sched ON sched.run_id = st.run_id
)
SELECT r.run_id, r.station_id, r.standard_id, r.standard_version, r.standard_hash,
  sd.title_en, sd.title_hi,
  r.actor, r.started_at, r.started_text, r.started_day,
  coalesce(r.completed_at, r.abandoned_at), CASE WHEN r.completed_at IS NOT NULL THEN r.completed_text ELSE r.abandoned_text END,
  epoch(coalesce(r.completed_at, r.abandoned_at) - r.started_at),
  CASE WHEN r.completed_at IS NOT NULL THEN 'completed' WHEN r.abandoned_at IS NOT NULL THEN 'abandoned' ELSE 'in_progress' END,
  CASE WHEN r.completed_at IS NULL OR r.due_day IS NULL THEN NULL
       ELSE ${onTimeSql({ completedLt: 'r.completed_lt', dueDay: 'r.due_day', dueTime: 'r.due_time', grace: 'r.grace' })} END,
  coalesce(r.steps, 0), coalesce(r.deviations, 0), coalesce(r.undos, 0), coalesce(r.measurements, 0), coalesce(r.out_of_limits, 0),
  coalesce(r.help_requests, 0), CASE WHEN r.completed_at IS NULL THEN r.abandon_reason END,
  r.s.meaning, r.s.by, r.s.station, r.s.event_id, r.s.at, r.s.reason,
  epoch_ms(r.started_at), ks.rk, kd.rk,
  coalesce(r.actors, [r.actor]),
  CASE WHEN r.completed_at IS NULL THEN rs.label_en END, CASE WHEN r.completed_at IS NULL THEN rs.label_hi END
FROM r LEFT JOIN rv_titles sd ON sd.hash = r.standard_hash
LEFT JOIN rv_reasons rs ON rs.hash = r.standard_hash AND rs.code = r.abandon_reason
LEFT JOIN rv_station_rank ks ON ks.station_id = r.station_id LEFT JOIN rv_standard_rank kd ON kd.hash = r.standard_hash
-- Newest first on disk: the history's default order (newest first) then stops after the first row groups.
ORDER BY r.started_at DESC`;
}

/**
 * The rank of each station's name and each standard version's title, and the statements that bring the sort keys of
 * review_runs in line with them (only rows whose rank changed are written: new rows, or after a name changed).
 */
export const RANK_TABLES_SQL = [
  `CREATE OR REPLACE TEMP TABLE rv_station_rank AS
     SELECT station_id, (row_number() OVER (ORDER BY coalesce(name, station_id), station_id))::INTEGER AS rk FROM stations`,
  `CREATE OR REPLACE TEMP TABLE rv_standard_rank AS
     SELECT s.hash, (row_number() OVER (ORDER BY coalesce(t.title_en, s.id), s.id, s.version))::INTEGER AS rk
     FROM standards s LEFT JOIN rv_titles t USING (hash)`,
];
export const RANK_UPDATE_SQL = [
  `UPDATE review_runs r SET k_station = x.rk FROM rv_station_rank x WHERE x.station_id = r.station_id AND r.k_station IS DISTINCT FROM x.rk`,
  `UPDATE review_runs r SET k_standard = x.rk FROM rv_standard_rank x WHERE x.hash = r.standard_hash AND r.k_standard IS DISTINCT FROM x.rk`,
];

/** The rank of each artisan's shown name (roster name, else id); made again when the roster or the runs change. */
export const ACTOR_RANK_SQL = `CREATE OR REPLACE TEMP TABLE rv_actor_rank AS
  SELECT a.actor, (row_number() OVER (ORDER BY coalesce(ro.name, a.actor), a.actor))::INTEGER AS rk
  FROM (SELECT DISTINCT actor FROM review_runs) a LEFT JOIN rv_roster ro ON ro.actor = a.actor`;

/** The condition a run must meet for one outcome (over review_runs r). */
export const OUTCOME_SQL: Record<RunOutcome, string> = {
  completed: `r.status = 'completed'`,
  on_time: `r.on_time IS TRUE`,
  late: `r.on_time IS FALSE`,
  deviation: `r.deviations > 0`,
  out_of_limits: `r.out_of_limits > 0`,
  abandoned: `r.status = 'abandoned'`,
  in_progress: `r.status = 'in_progress'`,
  not_reviewed: `r.sig_meaning IS NULL`,
};

const list = (xs: readonly string[]) => xs.map(sqlString).join(', ');

/** The WHERE clause of a filter over review_runs r (values are validated by the contract and quoted here). */
export function whereSql(f: HistoryFilter, alias = 'r'): string {
  const c: string[] = [];
  if (f.from) c.push(`${alias}.started_day >= DATE ${sqlString(f.from)}`);
  if (f.to) c.push(`${alias}.started_day <= DATE ${sqlString(f.to)}`);
  if (f.stations?.length) c.push(`${alias}.station_id IN (${list(f.stations)})`);
  if (f.standards?.length) c.push(`${alias}.standard_id IN (${list(f.standards)})`);
  // A run continued by a second artisan is listed under both.
  if (f.artisans?.length) c.push(`list_has_any(${alias}.actors, [${list(f.artisans)}])`);
  const outcomes = [...new Set(f.outcomes ?? [])].map((o) => `(${OUTCOME_SQL[o].replaceAll('r.', `${alias}.`)})`);
  if (outcomes.length) c.push(f.outcomeMatch === 'any' ? `(${outcomes.join(' OR ')})` : outcomes.join(' AND '));
  return c.length ? `WHERE ${c.join(' AND ')}` : '';
}

/** ORDER BY for a sort; the run id last, so that paging is stable. */
export const SORT_SQL: Record<HistorySort, string> = {
  started_desc: `r.k_ms DESC, r.run_id DESC`,
  started_asc: `r.k_ms ASC, r.run_id ASC`,
  duration_desc: `r.duration_s DESC NULLS LAST, r.k_ms DESC, r.run_id DESC`,
  station: `r.k_station ASC NULLS LAST, r.k_ms DESC, r.run_id DESC`,
  standard: `r.k_standard ASC NULLS LAST, r.k_ms DESC, r.run_id DESC`,
  artisan: `ar.rk ASC NULLS LAST, r.k_ms DESC, r.run_id DESC`,
};

/** The joins a sort needs (the page's ids are chosen first with as little as possible, then its rows are read). */
export const SORT_JOINS: Record<HistorySort, string> = {
  started_desc: '',
  started_asc: '',
  duration_desc: '',
  station: '',
  standard: '',
  artisan: 'LEFT JOIN rv_actor_rank ar ON ar.actor = r.actor',
};

/** The columns of a history row (review_runs r, stations s, rv_roster ro). */
export const ROW_COLUMNS = `CAST(r.run_id AS VARCHAR) AS run_id, r.station_id, s.name AS station_name, r.standard_id, r.standard_version,
  r.standard_hash, r.title_en, r.title_hi, r.actor, ro.name AS actor_name, r.started_text, r.finished_text, r.duration_s, r.status, r.on_time,
  r.steps, r.deviations, r.undos, r.out_of_limits, r.help_requests, r.abandon_reason, r.abandon_en, r.abandon_hi,
  (SELECT list({'id': a.id, 'name': ra.name} ORDER BY a.i) FROM (SELECT unnest(r.actors) AS id, generate_subscripts(r.actors, 1) AS i) a
   LEFT JOIN rv_roster ra ON ra.actor = a.id) AS actor_list,
  r.sig_meaning, r.sig_by, r.sig_station, r.sig_event_id, r.sig_at, r.sig_reason`;

export const ROW_FROM = `review_runs r LEFT JOIN stations s ON s.station_id = r.station_id LEFT JOIN rv_roster ro ON ro.actor = r.actor`;

export function countsSql(where: string): string {
  return `SELECT count(*)::INTEGER AS runs,
    count(*) FILTER (WHERE r.status = 'completed')::INTEGER AS completed,
    count(*) FILTER (WHERE r.on_time IS TRUE)::INTEGER AS on_time,
    count(*) FILTER (WHERE r.on_time IS FALSE)::INTEGER AS late,
    count(*) FILTER (WHERE r.deviations > 0)::INTEGER AS deviation,
    count(*) FILTER (WHERE r.out_of_limits > 0)::INTEGER AS out_of_limits,
    count(*) FILTER (WHERE r.status = 'abandoned')::INTEGER AS abandoned,
    count(*) FILTER (WHERE r.status = 'in_progress')::INTEGER AS in_progress,
    count(*) FILTER (WHERE r.sig_meaning IS NULL)::INTEGER AS not_reviewed,
    coalesce(sum(r.steps), 0)::BIGINT::DOUBLE AS steps,
    coalesce(sum(r.deviations), 0)::BIGINT::DOUBLE AS deviations,
    coalesce(sum(r.help_requests), 0)::BIGINT::DOUBLE AS help_requests
  FROM review_runs r ${where}`;
}

/**
 * Trends per period × station × standard, after the scorecard's prepareSql built rp_runs and rp_due for the period.
 * Runs (and their figures) can be narrowed by the whole filter (TEMP table rv_trend_runs, when given); due occurrences
 * by station and standard only (artisan and outcome say nothing about what was due).
 */
export function trendsSql(period: 'week' | 'month', stations: readonly string[] | undefined, standards: readonly string[] | undefined, narrowRuns: boolean): string {
  const p = sqlString(period);
  const cond: string[] = [];
  if (stations?.length) cond.push(`station_id IN (${list(stations)})`);
  if (standards?.length) cond.push(`standard_id IN (${list(standards)})`);
  const where = (extra: string[]) => (cond.length + extra.length ? `WHERE ${[...cond, ...extra].join(' AND ')}` : '');
  return `WITH ra AS (
    SELECT CAST(date_trunc(${p}, CAST(started_lt AS DATE)) AS DATE) AS period, station_id, standard_id,
      count(*)::INTEGER AS runs, coalesce(sum(steps), 0)::INTEGER AS steps, coalesce(sum(deviations), 0)::INTEGER AS deviations,
      coalesce(sum(ool), 0)::INTEGER AS ool, coalesce(sum(measurements), 0)::INTEGER AS measurements,
      CASE WHEN count(duration_min) >= 2 AND avg(duration_min) > 0 THEN stddev_pop(duration_min) / avg(duration_min) END AS duration_cv,
      median(duration_min) * 60 AS median_s
    FROM rp_runs ${where(narrowRuns ? ['run_id IN (SELECT run_id FROM rv_trend_runs)'] : [])}
    GROUP BY ALL
  ), da AS (
    SELECT CAST(date_trunc(${p}, day) AS DATE) AS period, station_id, standard_id, count(*)::INTEGER AS due,
      count(*) FILTER (WHERE completed)::INTEGER AS completed, count(*) FILTER (WHERE on_time)::INTEGER AS on_time
    FROM rp_due ${where([])}
    GROUP BY ALL
  )
  SELECT CAST(coalesce(ra.period, da.period) AS VARCHAR) AS period, coalesce(ra.station_id, da.station_id) AS station_id,
    coalesce(ra.standard_id, da.standard_id) AS standard_id,
    coalesce(ra.runs, 0) AS runs, da.due, coalesce(da.completed, 0) AS completed, coalesce(da.on_time, 0) AS on_time,
    CASE WHEN da.due > 0 THEN da.completed / da.due END AS completion_rate,
    CASE WHEN da.due > 0 THEN da.on_time / da.due END AS on_time_rate,
    CASE WHEN ra.steps > 0 THEN 100.0 * ra.deviations / ra.steps END AS deviations_per100,
    CASE WHEN ra.measurements > 0 THEN ra.ool / ra.measurements END AS ool_rate,
    ra.duration_cv, ra.median_s
  FROM ra FULL OUTER JOIN da ON ra.period = da.period AND ra.station_id = da.station_id AND ra.standard_id = da.standard_id
  ORDER BY 1, 2, 3`;
}
