/**
 * Every scorecard formula, written once for both ledger engines: DuckDB (the procurement PC's ledger file) and
 * PostgreSQL (the organisation's ledger, docs/ledger-pg.md). docs/scorecard.md documents each one; keep the two in
 * step. The SQL is the part of both dialects that reads the same; the few pieces that differ come from the engine's
 * LedgerDialect (ledger/dialect.ts). `scorecard-engines.test.ts` imports the same shares into both ledgers and checks
 * that the scorecards are identical row for row.
 *
 * The statements build connection-local TEMP tables (prefix rp_) and then read the figures out of them; nothing in
 * the ledger itself is changed.
 */
import { sqlString } from '../ledger/db';
import { DUCKDB_DIALECT, type LedgerDialect } from '../ledger/dialect';
import { ENROLMENT_COLUMN_SQL, IMPORT_SUPPLIERS_TABLE_SQL, stationStatusQuery } from '../ledger/station-status';

/** Step outcome records: what "steps recorded" counts (step.reasoned and step.undone annotate or revoke one). */
export const STEP_OUTCOME_TYPES = ['step.done', 'step.measured', 'step.chosen', 'step.noted', 'step.skipped', 'step.deviated'] as const;

const OUTCOMES = STEP_OUTCOME_TYPES.map(sqlString).join(', ');
const WEEKDAYS = `ARRAY['mon','tue','wed','thu','fri','sat','sun']`;
const DEFAULT_DAYS = `ARRAY['mon','tue','wed','thu','fri','sat']`;
/** Text order by bytes on both engines (PostgreSQL would otherwise follow the server's locale). */
const C = 'COLLATE "C"';

/** The local wall-clock time of an event `e` in the DuckDB ledger (LedgerDialect.localTime: the one rule). */
export const localTimeExpr = (timeZone?: string): string => DUCKDB_DIALECT.localTime(timeZone);

/** Local wall-clock text of a DuckDB TIMESTAMP expression: YYYY-MM-DDTHH:MM:SS (LedgerDialect.localText). */
export const localText = (lt: string): string => DUCKDB_DIALECT.localText(lt);

/**
 * "On time", the one definition (docs/scorecard.md §1): completed, in local time (LedgerDialect.localTime), at or
 * before the due day's due time + grace minutes. Used by the scorecard's due occurrences and the review's runs.
 */
export function onTimeSql(p: { completedLt: string; dueDay: string; dueTime: string; grace: string }): string {
  return `(${p.completedLt} <= ${p.dueDay} + ${p.dueTime} + ${p.grace} * INTERVAL '1 minute')`;
}

/** Statements that create the empty rp_ids (station_id) and rp_cut (station_id, end_day, excluded) tables. */
const STATUS_TABLES = [
  'DROP TABLE IF EXISTS rp_ids', 'CREATE TEMP TABLE rp_ids (station_id VARCHAR)',
  'DROP TABLE IF EXISTS rp_cut', 'CREATE TEMP TABLE rp_cut (station_id VARCHAR, end_day DATE, excluded BOOLEAN)',
];

/** (Re)create a connection-local table from a query. */
const temp = (name: string, select: string) => [`DROP TABLE IF EXISTS ${name}`, `CREATE TEMP TABLE ${name} AS ${select}`];

/** Keep the first row of each `partition` by `order` of `select` (which must not name a column rn), as columns `columns`. */
const firstOfEach = (columns: string, select: string, partition: string, order: string) =>
  `SELECT ${columns} FROM (SELECT x.*, row_number() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS rn FROM (${select}) x) y WHERE rn = 1`;

/**
 * Statements that prepare the base tables. `from` / `to` are validated YYYY-MM-DD strings; siteExpr is over `s` (stations).
 * They read two tables the caller (compute.ts) makes first from the ledger's station status (docs/scorecard.md,
 * "Station status"; ScorecardSql.statusTables): rp_ids (station_id: every station the ledger knows) and rp_cut
 * (station_id, end_day, excluded): a station's events are left out when `excluded` (awaiting enrolment); its due
 * occurrences after `end_day` (its last verified day) are not counted, nor those of `end_day` itself that have no run
 * in the ledger (unknown, not missed).
 * `supplier`: only that supplier's stations and their events.
 * `enrolled`: only enrolled stations (procurement's scorecard); the supervisor's review (its own supplier's stations) counts all.
 * `statusTablesMade` false (the supervisor's review database): every station, none cut.
 */
export function prepareSql(p: {
  from: string; to: string; local: string; siteExpr: string; supplier?: string; statusTablesMade?: boolean; enrolled?: boolean; dialect?: LedgerDialect;
}): string[] {
  const d = p.dialect ?? DUCKDB_DIALECT;
  const from = `DATE ${sqlString(p.from)}`;
  const to = `DATE ${sqlString(p.to)}`;
  const ofSupplier = (alias: string) => (p.supplier !== undefined ? `${d.supplierOf(alias)} = ${sqlString(p.supplier)}` : 'true');
  const only = (alias: string) => `${ofSupplier(alias)} AND ${p.enrolled ? d.isEnrolled(alias) : 'true'}`;
  const steps = (columns: string) => `SELECT ${columns} FROM standards, ${d.jsonElements(`doc->'steps'`, 'st')}`;
  const defaults = p.statusTablesMade ? [] : [
    ...temp('rp_ids', `SELECT station_id FROM stations x WHERE ${only('x')} UNION SELECT DISTINCT station_id FROM events x WHERE ${only('x')}`),
    ...STATUS_TABLES.slice(2),
  ];
  return [
    ...defaults,
    // Events with their local time (seals are journal mechanics, not activity).
    ...temp('rp_ev', `SELECT e.station_id, e.seq, e.type, e.actor, e.run_id, e.standard_id, e.standard_version, e.step_id, e.reason,
              e.value, e.data, e."at", ${p.local} AS lt
       FROM events e WHERE e.type <> 'journal.seal' AND ${only('e')}
         AND e.station_id NOT IN (SELECT station_id FROM rp_cut WHERE excluded)`),
    // One row per station (a station id seen under two suppliers: the first supplier's row).
    ...temp('rp_station', `SELECT i.station_id, s.name, coalesce(s.site, 'default') AS site
       FROM rp_ids i LEFT JOIN (${firstOfEach('station_id, name, site',
         `SELECT s.station_id, s.name, ${p.siteExpr} AS site, ${d.supplierOf('s')} AS supplier FROM stations s WHERE ${ofSupplier('s')}`,
         'station_id', `supplier ${C}`)}) s USING (station_id)`),
    // Standard versions with their schedule (defaults of the standard format applied).
    ...temp('rp_std', `SELECT hash, id AS standard_id, version, effective_from, owner_role, owner_name, doc,
              doc->'title'->>'en' AS title,
              (nullif(trim(coalesce(owner_role, '')), '') IS NOT NULL AND nullif(trim(coalesce(owner_name, '')), '') IS NOT NULL) AS owned,
              coalesce(doc->'schedule'->>'every', 'day') AS every,
              CAST(coalesce(doc->'schedule'->>'at', '00:00') || ':00' AS TIME) AS due_time,
              coalesce(${d.tryInteger(`doc->'schedule'->>'graceMinutes'`)}, 30) AS grace,
              coalesce(${d.textList(`doc->'schedule'->'days'`)}, ${DEFAULT_DAYS}) AS days
       FROM standards`),
    // Steps of each standard's latest version that has the step: its text for hot spots and deviations.
    ...temp('rp_steps', firstOfEach('standard_id, step_id, text_en, text_hi',
      steps(`id AS standard_id, version, st->>'id' AS step_id, st->'text'->>'en' AS text_en, st->'text'->>'hi' AS text_hi`),
      'standard_id, step_id', 'version DESC')),
    // Each step of each version (its limits and unit, for out-of-limits rows).
    ...temp('rp_step_versions', firstOfEach('standard_id, version, step_id, st',
      steps(`id AS standard_id, version, st->>'id' AS step_id, st`), 'standard_id, version, step_id', 'standard_id')),
    ...temp('rp_days', `SELECT CAST(d AS DATE) AS day FROM generate_series(CAST(${from} AS TIMESTAMP), CAST(${to} AS TIMESTAMP), INTERVAL '1 day') AS t(d)`),
    // The version in force on each day: latest effectiveFrom on or before the day (then highest version).
    ...temp('rp_force', `SELECT * FROM (
         SELECT d.day, s.*, row_number() OVER (PARTITION BY d.day, s.standard_id ORDER BY coalesce(s.effective_from, DATE '0001-01-01') DESC, s.version DESC) AS rn
         FROM rp_days d JOIN rp_std s ON coalesce(s.effective_from, DATE '0001-01-01') <= d.day
       ) x WHERE rn = 1`),
    // One row per run (all time): start, end, standard, counts.
    ...temp('rp_runs_all', `SELECT r.*, coalesce(st.site, 'default') AS site,
              CASE WHEN r.completed_at IS NOT NULL THEN CAST(EXTRACT(EPOCH FROM (r.completed_at - r.started_at)) AS double precision) / 60.0 END AS duration_min
       FROM (
         SELECT run_id, station_id,
           min(lt) FILTER (WHERE type = 'run.started') AS started_lt,
           min("at") FILTER (WHERE type = 'run.started') AS started_at,
           coalesce(min(standard_id) FILTER (WHERE type = 'run.started'), min(standard_id)) AS standard_id,
           coalesce(min(standard_version) FILTER (WHERE type = 'run.started'), min(standard_version)) AS standard_version,
           ${d.firstBy('actor', 'seq')} AS actor,
           min(lt) FILTER (WHERE type = 'run.completed') AS completed_lt,
           min("at") FILTER (WHERE type = 'run.completed') AS completed_at,
           min("at") FILTER (WHERE type = 'run.abandoned') AS abandoned_at,
           min(lt) FILTER (WHERE type = 'run.abandoned') AS abandoned_lt,
           ${d.firstBy('reason', 'seq', `type = 'run.abandoned'`)} AS abandon_reason,
           count(*) FILTER (WHERE type IN (${OUTCOMES}))::INTEGER AS steps,
           count(*) FILTER (WHERE type = 'step.deviated')::INTEGER AS deviations,
           count(*) FILTER (WHERE type = 'step.undone')::INTEGER AS undos,
           count(*) FILTER (WHERE type = 'help.requested')::INTEGER AS help,
           count(*) FILTER (WHERE type = 'step.measured')::INTEGER AS measurements,
           count(*) FILTER (WHERE type = 'step.measured' AND (data->>'acceptable') = 'false')::INTEGER AS ool
         FROM rp_ev WHERE run_id IS NOT NULL GROUP BY run_id, station_id
       ) r LEFT JOIN rp_station st USING (station_id)
       WHERE r.started_lt IS NOT NULL`),
    // Runs of the period (by local start day), with the version in force that day and whether it is owned.
    ...temp('rp_runs', `SELECT r.*, f.version AS force_version,
              (f.version IS NOT NULL AND r.standard_version = f.version AND f.owned) AS current_owned,
              (r.deviations = 0 AND r.undos = 0) AS no_discussion
       FROM rp_runs_all r LEFT JOIN rp_force f ON f.day = CAST(r.started_lt AS DATE) AND f.standard_id = r.standard_id
       WHERE CAST(r.started_lt AS DATE) BETWEEN ${from} AND ${to}`),
    // First day each station adopted or used each standard.
    ...temp('rp_first', `SELECT station_id, standard_id, CAST(min(lt) AS DATE) AS first_day FROM rp_ev
       WHERE standard_id IS NOT NULL AND type IN ('standard.adopted', 'run.started') GROUP BY station_id, standard_id`),
    // Due occurrences: each day of the period from the station's first day, per the schedule of the version in force.
    // every=day: each listed weekday; every=week: once per ISO week, on the first listed weekday.
    ...temp('rp_due', `WITH occ AS (
         SELECT f.station_id, f.standard_id, fo.day, fo.every,
                CASE WHEN fo.every = 'week' THEN date_trunc('week', CAST(fo.day AS TIMESTAMP)) ELSE CAST(fo.day AS TIMESTAMP) END AS period_start,
                CASE WHEN fo.every = 'week' THEN date_trunc('week', CAST(fo.day AS TIMESTAMP)) + INTERVAL '7 days' ELSE CAST(fo.day AS TIMESTAMP) + INTERVAL '1 day' END AS period_end,
                fo.due_time, fo.grace
         FROM rp_first f JOIN rp_force fo ON fo.standard_id = f.standard_id AND fo.day >= f.first_day
         WHERE (fo.every = 'day' AND (${WEEKDAYS})[CAST(EXTRACT(ISODOW FROM fo.day) AS INTEGER)] = ANY (fo.days))
            OR (fo.every = 'week' AND CAST(EXTRACT(ISODOW FROM fo.day) AS INTEGER) = (SELECT min(array_position(${WEEKDAYS}, x)) FROM unnest(fo.days) AS u(x)))
       )
       , g AS (
         SELECT o.station_id, o.standard_id, o.day, coalesce(st.site, 'default') AS site,
                count(r.run_id) > 0 AS completed,
                coalesce(bool_or(${onTimeSql({ completedLt: 'r.completed_lt', dueDay: 'o.day', dueTime: 'o.due_time', grace: 'o.grace' })}), false) AS on_time
         FROM occ o LEFT JOIN rp_station st USING (station_id)
         LEFT JOIN rp_runs_all r ON r.station_id = o.station_id AND r.standard_id = o.standard_id AND r.completed_lt IS NOT NULL
                                 AND r.started_lt >= o.period_start AND r.started_lt < o.period_end
         GROUP BY o.station_id, o.standard_id, o.day, st.site
       )
       SELECT g.* FROM g LEFT JOIN rp_cut c USING (station_id)
       WHERE c.end_day IS NULL OR g.day < c.end_day OR (g.day = c.end_day AND g.completed)`),
  ];
}

const rate = (num: string, den: string) => `CASE WHEN ${den} > 0 THEN CAST(${num} AS double precision) / ${den} END`;
const per100 = (num: string) => `CASE WHEN steps_recorded > 0 THEN 100.0::double precision * ${num} / steps_recorded END`;

/**
 * The figures at every grain at once (GROUPING SETS): g = GROUPING(site, station_id, standard_id) tells the grain:
 * 7 whole ledger, 3 site, 1 station, 6 standard, 0 station × standard.
 */
export const FIGURES_SQL = `
WITH ra AS (
  SELECT GROUPING(site, station_id, standard_id) AS g, site, station_id, standard_id,
    count(*)::INTEGER AS runs,
    count(*) FILTER (WHERE completed_at IS NOT NULL)::INTEGER AS runs_completed,
    count(*) FILTER (WHERE completed_at IS NULL AND abandoned_at IS NOT NULL)::INTEGER AS runs_abandoned,
    sum(steps)::INTEGER AS steps_recorded, sum(deviations)::INTEGER AS deviations, sum(undos)::INTEGER AS undos,
    sum(help)::INTEGER AS help_requests, sum(measurements)::INTEGER AS measurements, sum(ool)::INTEGER AS out_of_limits,
    count(*) FILTER (WHERE current_owned)::INTEGER AS runs_current_owned,
    count(*) FILTER (WHERE no_discussion)::INTEGER AS runs_without_discussion,
    CASE WHEN count(duration_min) >= 2 AND avg(duration_min) > 0 THEN stddev_pop(duration_min) / avg(duration_min) END AS duration_cv,
    avg(duration_min) AS duration_mean
  FROM rp_runs
  GROUP BY GROUPING SETS ((), (site), (site, station_id), (standard_id), (site, station_id, standard_id))
), da AS (
  SELECT GROUPING(site, station_id, standard_id) AS g, site, station_id, standard_id,
    count(*)::INTEGER AS due, count(*) FILTER (WHERE completed)::INTEGER AS completed_due,
    count(*) FILTER (WHERE on_time)::INTEGER AS completed_on_time
  FROM rp_due
  GROUP BY GROUPING SETS ((), (site), (site, station_id), (standard_id), (site, station_id, standard_id))
), j AS (
  SELECT coalesce(ra.g, da.g) AS g, coalesce(ra.site, da.site) AS site, coalesce(ra.station_id, da.station_id) AS station_id,
    coalesce(ra.standard_id, da.standard_id) AS standard_id,
    coalesce(da.due, 0) AS due, coalesce(da.completed_due, 0) AS completed_due, coalesce(da.completed_on_time, 0) AS completed_on_time,
    coalesce(ra.runs, 0) AS runs, coalesce(ra.runs_completed, 0) AS runs_completed, coalesce(ra.runs_abandoned, 0) AS runs_abandoned,
    coalesce(ra.steps_recorded, 0) AS steps_recorded, coalesce(ra.deviations, 0) AS deviations, coalesce(ra.undos, 0) AS undos,
    coalesce(ra.help_requests, 0) AS help_requests, coalesce(ra.measurements, 0) AS measurements, coalesce(ra.out_of_limits, 0) AS out_of_limits,
    coalesce(ra.runs_current_owned, 0) AS runs_current_owned, coalesce(ra.runs_without_discussion, 0) AS runs_without_discussion,
    ra.duration_cv, ra.duration_mean
  FROM ra FULL OUTER JOIN da ON ra.g = da.g AND ra.site IS NOT DISTINCT FROM da.site
    AND ra.station_id IS NOT DISTINCT FROM da.station_id AND ra.standard_id IS NOT DISTINCT FROM da.standard_id
)
SELECT g, site, station_id, standard_id, due, completed_due, completed_on_time,
  ${rate('completed_due', 'due')} AS completion_rate,
  ${rate('completed_on_time', 'due')} AS on_time_rate,
  runs, runs_completed, runs_abandoned, steps_recorded, deviations, undos, help_requests,
  ${per100('deviations')} AS deviations_per100, ${per100('undos')} AS undos_per100, ${per100('help_requests')} AS help_per100,
  measurements, out_of_limits, ${rate('out_of_limits', 'measurements')} AS ool_rate,
  runs_current_owned, ${rate('runs_current_owned', 'runs')} AS current_owned_rate,
  runs_without_discussion, ${rate('runs_without_discussion', 'runs')} AS repeat_rate,
  duration_cv, duration_mean
FROM j ORDER BY g DESC, site ${C}, station_id ${C}, standard_id ${C}`;

/** Each standard's latest version: standard_id, version, title, owner_role, owner_name. */
const LATEST_STANDARDS_SQL = firstOfEach('standard_id, version, title, owner_role, owner_name',
  'SELECT standard_id, version, title, owner_role, owner_name FROM rp_std', 'standard_id', 'version DESC');

/** Clarity hot spots: per standard, steps ranked by help + undos + deviations (ties: help, undos, deviations, step id). */
export const HOT_SPOTS_SQL = `
WITH c AS (
  SELECT r.standard_id, e.step_id,
    count(*) FILTER (WHERE e.type = 'help.requested')::INTEGER AS help,
    count(*) FILTER (WHERE e.type = 'step.undone')::INTEGER AS undos,
    count(*) FILTER (WHERE e.type = 'step.deviated')::INTEGER AS deviations,
    count(*) FILTER (WHERE e.type IN (${OUTCOMES}))::INTEGER AS recorded
  FROM rp_ev e JOIN rp_runs r ON r.run_id = e.run_id AND r.station_id = e.station_id
  WHERE e.step_id IS NOT NULL AND r.standard_id IS NOT NULL GROUP BY r.standard_id, e.step_id
), ranked AS (
  SELECT c.*, row_number() OVER (PARTITION BY c.standard_id ORDER BY c.help + c.undos + c.deviations DESC, c.help DESC, c.undos DESC, c.deviations DESC, c.step_id ${C})::INTEGER AS rank
  FROM c WHERE c.help + c.undos + c.deviations > 0
)
SELECT c.standard_id, c.step_id, c.help, c.undos, c.deviations, (c.help + c.undos + c.deviations) AS total, c.recorded, c.rank,
  s.text_en, s.text_hi, o.owner_role, o.owner_name
FROM ranked c LEFT JOIN rp_steps s ON s.standard_id = c.standard_id AND s.step_id = c.step_id
LEFT JOIN (${LATEST_STANDARDS_SQL}) o ON o.standard_id = c.standard_id
ORDER BY c.standard_id ${C}, c.rank`;

/** Adoption of new versions (a version with an earlier one) by stations that used the standard before it took effect. */
export function adoptionSql(to: string): string {
  return `
SELECT f.station_id, min(st.name) AS station_name, coalesce(st.site, 'default') AS site, v.standard_id, v.version, CAST(v.effective_from AS VARCHAR) AS effective_from,
  min(r.started_at) AS first_run_at,
  CAST(EXTRACT(EPOCH FROM (min(r.started_lt) - min(CAST(v.effective_from AS TIMESTAMP)))) AS double precision) / 86400.0 AS days_to_adopt
FROM rp_first f
JOIN rp_std v ON v.standard_id = f.standard_id AND v.effective_from IS NOT NULL AND v.effective_from <= DATE ${sqlString(to)}
  AND f.first_day < v.effective_from
  AND EXISTS (SELECT 1 FROM rp_std p WHERE p.standard_id = v.standard_id AND p.version < v.version)
LEFT JOIN rp_station st ON st.station_id = f.station_id
LEFT JOIN rp_runs_all r ON r.station_id = f.station_id AND r.standard_id = v.standard_id AND r.standard_version = v.version
  AND CAST(r.started_lt AS DATE) <= DATE ${sqlString(to)}
GROUP BY f.station_id, st.site, v.standard_id, v.version, v.effective_from ORDER BY v.standard_id ${C}, v.version, f.station_id ${C}`;
}

export function runsSql(d: LedgerDialect): string {
  return `
SELECT CAST(r.run_id AS VARCHAR) AS run_id, r.site, r.station_id, st.name AS station_name, r.standard_id, r.standard_version, p.pseudonym AS artisan,
  r.started_at, coalesce(r.completed_at, r.abandoned_at) AS ended_at,
  ${d.localText('r.started_lt')} AS started_local, ${d.localText('coalesce(r.completed_lt, r.abandoned_lt)')} AS ended_local,
  CASE WHEN r.completed_at IS NULL AND r.abandoned_at IS NOT NULL THEN r.abandon_reason END AS abandon_reason,
  CASE WHEN r.completed_at IS NOT NULL THEN 'completed' WHEN r.abandoned_at IS NOT NULL THEN 'abandoned' ELSE 'open' END AS outcome,
  r.duration_min, r.steps, r.deviations, r.undos, r.help, r.ool, r.current_owned
FROM rp_runs r LEFT JOIN rp_pseudo p ON p.actor = r.actor LEFT JOIN rp_station st ON st.station_id = r.station_id
ORDER BY r.started_at, r.station_id ${C}`;
}

export function deviationsSql(d: LedgerDialect): string {
  const limit = (bound: 'min' | 'max') =>
    `coalesce(${d.tryDouble(`e.data->'limits'->>'${bound}'`)}, ${d.tryDouble(`v.st->'limits'->>'${bound}'`)})`;
  return `
SELECT e."at", ${d.localText('e.lt')} AS at_local, r.site, e.station_id, st.name AS station_name, CAST(e.run_id AS VARCHAR) AS run_id,
  r.standard_id, r.standard_version, e.step_id, s.text_en, s.text_hi,
  CASE WHEN e.type = 'step.measured' THEN CAST(e.value AS VARCHAR) END AS value,
  CASE WHEN e.type = 'step.measured' THEN ${limit('min')} END AS limit_min,
  CASE WHEN e.type = 'step.measured' THEN ${limit('max')} END AS limit_max,
  CASE WHEN e.type = 'step.measured' THEN coalesce(e.data->>'unit', v.st->>'unit') END AS unit,
  CASE e.type WHEN 'step.deviated' THEN 'deviation' WHEN 'step.undone' THEN 'undo' WHEN 'help.requested' THEN 'help' ELSE 'out-of-limits' END AS kind,
  coalesce(e.reason, (SELECT min(x.reason) FROM rp_ev x WHERE x.run_id = e.run_id AND x.step_id = e.step_id AND x.type = 'step.reasoned')) AS reason,
  p.pseudonym AS artisan
FROM rp_ev e JOIN rp_runs r ON r.run_id = e.run_id AND r.station_id = e.station_id
LEFT JOIN rp_steps s ON s.standard_id = r.standard_id AND s.step_id = e.step_id
LEFT JOIN rp_step_versions v ON v.standard_id = r.standard_id AND v.version = r.standard_version AND v.step_id = e.step_id
LEFT JOIN rp_pseudo p ON p.actor = e.actor
LEFT JOIN rp_station st ON st.station_id = e.station_id
WHERE e.type IN ('step.deviated', 'step.undone', 'help.requested')
   OR (e.type = 'step.measured' AND (e.data->>'acceptable') = 'false')
ORDER BY e."at", e.station_id ${C}, e.seq`;
}

/** The import problems (of one supplier's stations, if given). `importsJoin`: how imports are keyed (PostgreSQL: per supplier). */
function integritySql(d: LedgerDialect, importsKey: string, supplier?: string): string {
  return `
SELECT p.import_id, i.started_at, p.station_id, st.name AS station_name, p.file, p.line, p.code, p.severity, p.expected, p.found, p.message
FROM import_problems p LEFT JOIN imports i USING (${importsKey}) LEFT JOIN rp_station st ON st.station_id = p.station_id
${supplier !== undefined ? `WHERE ${d.supplierOf('p')} = ${sqlString(supplier)}` : ''}
ORDER BY p.import_id, p.station_id ${C}, p.file ${C}, p.line`;
}

/**
 * The statements compute.ts runs, for one ledger engine (DUCKDB_SCORECARD_SQL here, POSTGRES_SCORECARD_SQL in
 * ./sql-pg.ts): one specification (docs/scorecard.md, this file), one shaping of the rows (compute.ts).
 * `supplier` keeps only that supplier's stations and events (docs/ledger-pg.md, "Suppliers").
 */
export interface ScorecardSql {
  dialect: LedgerDialect['name'];
  localTimeExpr(timeZone?: string): string;
  /** First and last local day with events (columns f, t). */
  period(local: string, supplier?: string, enrolled?: boolean): string;
  actors(supplier?: string): string;
  /** Statements that create the empty rp_pseudo (actor, pseudonym) table. */
  pseudoTable: string[];
  hasSite: string;
  siteExpr: string;
  /** 1 row when the ledger has enrolment (the table or view enrolled_stations). */
  hasEnrolment: string;
  /**
   * Every station the ledger knows (of `supplier`, if given) with its status, ordered by station_id (columns of
   * ledger/station-status.ts's LedgerStationRow, snake_case).
   */
  stationStatus(p: { enrolment: boolean; importSuppliers?: boolean; supplier?: string }): string;
  /** SQL answering a row when the ledger records each import's supplier (DuckDB; PostgreSQL's imports carry it). */
  hasImportSuppliers?: string;
  /** Each station's first and last local event time (station_id, first_lt, last_lt as YYYY-MM-DDTHH:MM:SS). */
  stationSpans(local: string, supplier?: string): string;
  /** Statements that create the empty rp_ids (station_id) and rp_cut (station_id, end_day, excluded) tables. */
  statusTables: string[];
  /**
   * Statements that prepare the base tables, after rp_pseudo and the status tables are filled. `enrolled`: only
   * enrolled stations.
   */
  prepare(p: { from: string; to: string; local: string; siteExpr: string; supplier?: string; enrolled?: boolean }): string[];
  figures: string;
  /** Each standard's latest version: standard_id, version, title, owner_role, owner_name. */
  latestStandards: string;
  adoption(to: string): string;
  hotSpots: string;
  runs: string;
  deviations: string;
  integrity(supplier?: string): string;
  /** The ledger's suppliers (column supplier), in order. */
  suppliers: string;
}

/** What a ledger's catalog answers differently on each engine (which optional tables and columns exist). */
export interface LedgerCatalogSql {
  /** 1 row when stations has a site column. */
  hasSite: string;
  /** 1 row when the ledger has enrolment (the table or view enrolled_stations). */
  hasEnrolment: string;
  /** 1 row when the ledger records each import's supplier (the DuckDB ledger's import_suppliers). */
  hasImportSuppliers?: string;
  /** How import_problems rows find their import (PostgreSQL keeps import ids per supplier). */
  importsKey: string;
}

/** The scorecard's statements on an engine: the one specification above, in the engine's dialect. */
export function scorecardSql(d: LedgerDialect, catalog: LedgerCatalogSql): ScorecardSql {
  const ofSupplier = (alias: string, supplier?: string) => (supplier !== undefined ? `${d.supplierOf(alias)} = ${sqlString(supplier)}` : 'true');
  return {
    dialect: d.name,
    localTimeExpr: (timeZone) => d.localTime(timeZone),
    period: (local, supplier, enrolled) => `SELECT CAST(CAST(min(${local}) AS DATE) AS VARCHAR) AS f, CAST(CAST(max(${local}) AS DATE) AS VARCHAR) AS t FROM events e
      WHERE e.type <> 'journal.seal' AND ${ofSupplier('e', supplier)} AND ${enrolled ? d.isEnrolled('e') : 'true'}`,
    actors: (supplier) => `SELECT DISTINCT actor FROM events e WHERE ${ofSupplier('e', supplier)}`,
    pseudoTable: ['DROP TABLE IF EXISTS rp_pseudo', 'CREATE TEMP TABLE rp_pseudo (actor VARCHAR, pseudonym VARCHAR)'],
    hasSite: catalog.hasSite,
    siteExpr: `coalesce(nullif(trim(CAST(s.site AS VARCHAR)), ''), 'default')`,
    hasEnrolment: catalog.hasEnrolment,
    ...(catalog.hasImportSuppliers !== undefined ? { hasImportSuppliers: catalog.hasImportSuppliers } : {}),
    stationStatus: (p) => stationStatusQuery({ ...p, dialect: d }),
    stationSpans: (local, supplier) => `SELECT station_id, ${d.localText('min(lt)')} AS first_lt, ${d.localText('max(lt)')} AS last_lt
      FROM (SELECT e.station_id, ${local} AS lt FROM events e WHERE e.type <> 'journal.seal' AND ${ofSupplier('e', supplier)}) x GROUP BY station_id`,
    statusTables: STATUS_TABLES,
    prepare: (p) => prepareSql({ ...p, statusTablesMade: true, dialect: d }),
    figures: FIGURES_SQL,
    latestStandards: LATEST_STANDARDS_SQL,
    adoption: adoptionSql,
    hotSpots: HOT_SPOTS_SQL,
    runs: runsSql(d),
    deviations: deviationsSql(d),
    integrity: (supplier) => integritySql(d, catalog.importsKey, supplier),
    suppliers: `SELECT supplier FROM (SELECT DISTINCT ${d.supplierOf('s')} AS supplier FROM stations s) x ORDER BY supplier ${C}`,
  };
}

export const DUCKDB_SCORECARD_SQL: ScorecardSql = scorecardSql(DUCKDB_DIALECT, {
  hasSite: `SELECT 1 FROM information_schema.columns WHERE table_name = 'stations' AND column_name = 'site'`,
  hasEnrolment: ENROLMENT_COLUMN_SQL,
  hasImportSuppliers: IMPORT_SUPPLIERS_TABLE_SQL,
  importsKey: 'import_id',
});
