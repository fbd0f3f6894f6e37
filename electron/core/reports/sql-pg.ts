/**
 * The scorecard's formulas in PostgreSQL's dialect, for the PostgreSQL ledger (docs/ledger-pg.md). The one
 * specification is docs/scorecard.md; ./sql.ts is its DuckDB text and this file its PostgreSQL text, statement for
 * statement and column for column, so that compute.ts shapes both the same way. `scorecard-engines.test.ts` imports
 * the same shares into both ledgers and checks that the scorecards are identical row for row: change both together.
 *
 * Differences are of dialect only: JSON paths (->'a' for ->'$.a'), arrays for lists, subqueries for QUALIFY,
 * explicit GROUP BY for GROUP BY ALL, DROP + CREATE for CREATE OR REPLACE, double precision for DOUBLE, and
 * COLLATE "C" where DuckDB orders by bytes.
 */
import { sqlString } from '../ledger/db';
import { STATION_LEVEL_CODES } from '../ledger/station-status';
import { FIGURES_SQL, STEP_OUTCOME_TYPES, type ScorecardSql } from './sql';

const OUTCOMES = STEP_OUTCOME_TYPES.map(sqlString).join(', ');
const WEEKDAYS = `ARRAY['mon','tue','wed','thu','fri','sat','sun']`;
const DEFAULT_DAYS = `ARRAY['mon','tue','wed','thu','fri','sat']`;
const C = 'COLLATE "C"';

/** Local wall-clock time of an event `e`: as localTimeExpr in ./sql.ts (the station's own clock, from at_text). */
export function localTimeExprPg(timeZone?: string): string {
  if (timeZone) return `(e."at" AT TIME ZONE ${sqlString(timeZone)})`;
  return `coalesce(substring(e.at_text from '^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)')::timestamp, (e."at" AT TIME ZONE 'UTC'))`;
}

/** "On time" (docs/scorecard.md §1), as onTimeSql in ./sql.ts. */
export function onTimeSqlPg(p: { completedLt: string; dueDay: string; dueTime: string; grace: string }): string {
  return `(${p.completedLt} <= ${p.dueDay} + ${p.dueTime} + make_interval(mins => ${p.grace}))`;
}

/** Local wall-clock text of a timestamp expression, as localText in ./sql.ts: YYYY-MM-DDTHH:MM:SS. */
export const localTextPg = (lt: string) => `to_char(${lt}, 'YYYY-MM-DD"T"HH24:MI:SS')`;

/** A number in JSON text, else NULL (DuckDB's try_cast(... AS DOUBLE)). */
const tryDouble = (text: string) => `CASE WHEN (${text}) ~ '^\\s*-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$' THEN CAST(${text} AS double precision) END`;

/**
 * Every station of the PostgreSQL ledger (of one supplier, if given) with its status: ledger/station-status.ts's
 * query, statement for statement, in PostgreSQL's dialect. The latest import is each supplier's own (PostgreSQL keeps
 * import ids per supplier); the DuckDB ledger holds one supplier's imports in practice.
 */
export function stationStatusSqlPg(p: { enrolment: boolean; supplier?: string }): string {
  // As ledger/station-status.ts: a station known to the ledger but not in enrolled_stations awaits enrolment.
  const awaitingSql = p.enrolment ? `(s.station_id IS NOT NULL AND s.station_id NOT IN (SELECT station_id FROM enrolled_stations))` : 'false';
  const level = STATION_LEVEL_CODES.map((c) => sqlString(c)).join(', ');
  const sup = (alias: string) => (p.supplier !== undefined ? `${alias}.supplier = ${sqlString(p.supplier)}` : 'true');
  return `
WITH last_import AS (SELECT supplier, max(import_id) AS id FROM imports GROUP BY supplier),
ids AS (
  SELECT station_id FROM stations x WHERE ${sup('x')}
  UNION SELECT DISTINCT station_id FROM events x WHERE ${sup('x')}
  UNION SELECT DISTINCT station_id FROM import_problems x WHERE x.station_id IS NOT NULL AND x.station_id <> '' AND ${sup('x')}
),
st AS (SELECT station_id, min(name) AS name FROM stations x WHERE ${sup('x')} GROUP BY station_id),
ev AS (SELECT station_id, max(seq) AS head, count(*) AS n FROM events x WHERE ${sup('x')} GROUP BY station_id),
errs AS (
  SELECT p.import_id, p.station_id, p.file, p.line, p.seq, p.code, p.message,
    (p.code IN (${level}) OR p.seq IS NULL) AS station_level,
    coalesce(p.import_id = l.id, false) AS latest
  FROM import_problems p LEFT JOIN last_import l USING (supplier)
  WHERE p.severity = 'error' AND p.station_id IS NOT NULL AND p.station_id <> '' AND ${sup('p')}
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

/** Only enrolled stations' events (migration 3; sql.ts enrolledOnly): `e` is an alias of events. */
const enrolledOnlyPg = (e: string, enrolled: boolean) =>
  (enrolled ? `(${e}.supplier, ${e}.station_id) IN (SELECT supplier, station_id FROM enrolled_stations)` : 'true');

const temp = (name: string, select: string) => [`DROP TABLE IF EXISTS ${name}`, `CREATE TEMP TABLE ${name} AS ${select}`];

export function prepareSqlPg(p: { from: string; to: string; local: string; siteExpr: string; supplierFilter?: string; enrolled?: boolean }): string[] {
  const from = `DATE ${sqlString(p.from)}`;
  const to = `DATE ${sqlString(p.to)}`;
  const supplier = p.supplierFilter ? ` AND e.supplier = ${sqlString(p.supplierFilter)}` : '';
  const stationSupplier = p.supplierFilter ? ` WHERE s.supplier = ${sqlString(p.supplierFilter)}` : '';
  return [
    ...temp('rp_ev', `SELECT e.supplier, e.station_id, e.seq, e.type, e.actor, e.run_id, e.standard_id, e.standard_version, e.step_id, e.reason,
              e.value, e.data, e."at", ${p.local} AS lt
       FROM events e WHERE e.type <> 'journal.seal'${supplier} AND ${enrolledOnlyPg('e', p.enrolled ?? false)}
         AND e.station_id NOT IN (SELECT station_id FROM rp_cut WHERE excluded)`),
    ...temp('rp_station', `SELECT i.station_id, s.name, coalesce(s.site, 'default') AS site, s.supplier
       FROM rp_ids i LEFT JOIN (SELECT DISTINCT ON (station_id) s.station_id, s.name, ${p.siteExpr} AS site, s.supplier
                                FROM stations s${stationSupplier} ORDER BY station_id, supplier) s USING (station_id)`),
    ...temp('rp_std', `SELECT hash, id AS standard_id, version, effective_from, owner_role, owner_name, doc,
              doc->'title'->>'en' AS title,
              (nullif(trim(coalesce(owner_role, '')), '') IS NOT NULL AND nullif(trim(coalesce(owner_name, '')), '') IS NOT NULL) AS owned,
              coalesce(doc#>>'{schedule,every}', 'day') AS every,
              CAST(coalesce(doc#>>'{schedule,at}', '00:00') || ':00' AS TIME) AS due_time,
              coalesce(CASE WHEN (doc#>>'{schedule,graceMinutes}') ~ '^\\s*-?\\d+\\s*$' THEN (doc#>>'{schedule,graceMinutes}')::integer END, 30) AS grace,
              CASE WHEN jsonb_typeof(doc#>'{schedule,days}') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(doc#>'{schedule,days}')) ELSE ${DEFAULT_DAYS} END AS days
       FROM standards`),
    ...temp('rp_steps', `SELECT standard_id, step_id, text_en, text_hi FROM (
         SELECT id AS standard_id, st->>'id' AS step_id, st->'text'->>'en' AS text_en, st->'text'->>'hi' AS text_hi,
                row_number() OVER (PARTITION BY id, st->>'id' ORDER BY version DESC) AS rn
         FROM standards, jsonb_array_elements(CASE WHEN jsonb_typeof(doc->'steps') = 'array' THEN doc->'steps' ELSE '[]'::jsonb END) AS st
       ) x WHERE rn = 1`),
    // Each step of each version (its limits and unit, for out-of-limits rows).
    ...temp('rp_step_versions', `SELECT standard_id, version, step_id, st FROM (
         SELECT id AS standard_id, version, st->>'id' AS step_id, st, row_number() OVER (PARTITION BY id, version, st->>'id') AS rn
         FROM standards, jsonb_array_elements(CASE WHEN jsonb_typeof(doc->'steps') = 'array' THEN doc->'steps' ELSE '[]'::jsonb END) AS st
       ) x WHERE rn = 1`),
    ...temp('rp_days', `SELECT CAST(d AS DATE) AS day FROM generate_series(CAST(${from} AS TIMESTAMP), CAST(${to} AS TIMESTAMP), INTERVAL '1 day') AS d`),
    ...temp('rp_force', `SELECT * FROM (
         SELECT d.day, s.*, row_number() OVER (PARTITION BY d.day, s.standard_id ORDER BY coalesce(s.effective_from, DATE '0001-01-01') DESC, s.version DESC) AS rn
         FROM rp_days d JOIN rp_std s ON coalesce(s.effective_from, DATE '0001-01-01') <= d.day
       ) x WHERE rn = 1`),
    ...temp('rp_runs_all', `SELECT r.*, coalesce(st.site, 'default') AS site,
              CASE WHEN r.completed_at IS NOT NULL THEN CAST(EXTRACT(EPOCH FROM (r.completed_at - r.started_at)) AS double precision) / 60.0 END AS duration_min
       FROM (
         SELECT run_id, station_id,
           min(lt) FILTER (WHERE type = 'run.started') AS started_lt,
           min("at") FILTER (WHERE type = 'run.started') AS started_at,
           coalesce(min(standard_id) FILTER (WHERE type = 'run.started'), min(standard_id)) AS standard_id,
           coalesce(min(standard_version) FILTER (WHERE type = 'run.started'), min(standard_version)) AS standard_version,
           (array_agg(actor ORDER BY seq))[1] AS actor,
           min(lt) FILTER (WHERE type = 'run.completed') AS completed_lt,
           min("at") FILTER (WHERE type = 'run.completed') AS completed_at,
           min("at") FILTER (WHERE type = 'run.abandoned') AS abandoned_at,
           min(lt) FILTER (WHERE type = 'run.abandoned') AS abandoned_lt,
           (array_agg(reason ORDER BY seq) FILTER (WHERE type = 'run.abandoned'))[1] AS abandon_reason,
           count(*) FILTER (WHERE type IN (${OUTCOMES}))::INTEGER AS steps,
           count(*) FILTER (WHERE type = 'step.deviated')::INTEGER AS deviations,
           count(*) FILTER (WHERE type = 'step.undone')::INTEGER AS undos,
           count(*) FILTER (WHERE type = 'help.requested')::INTEGER AS help,
           count(*) FILTER (WHERE type = 'step.measured')::INTEGER AS measurements,
           count(*) FILTER (WHERE type = 'step.measured' AND (data->>'acceptable') = 'false')::INTEGER AS ool
         FROM rp_ev WHERE run_id IS NOT NULL GROUP BY run_id, station_id
       ) r LEFT JOIN rp_station st USING (station_id)
       WHERE r.started_lt IS NOT NULL`),
    ...temp('rp_runs', `SELECT r.*, f.version AS force_version,
              (f.version IS NOT NULL AND r.standard_version = f.version AND f.owned) AS current_owned,
              (r.deviations = 0 AND r.undos = 0) AS no_discussion
       FROM rp_runs_all r LEFT JOIN rp_force f ON f.day = CAST(r.started_lt AS DATE) AND f.standard_id = r.standard_id
       WHERE CAST(r.started_lt AS DATE) BETWEEN ${from} AND ${to}`),
    ...temp('rp_first', `SELECT station_id, standard_id, CAST(min(lt) AS DATE) AS first_day FROM rp_ev
       WHERE standard_id IS NOT NULL AND type IN ('standard.adopted', 'run.started') GROUP BY station_id, standard_id`),
    ...temp('rp_due', `WITH occ AS (
         SELECT f.station_id, f.standard_id, fo.day, fo.every,
                CASE WHEN fo.every = 'week' THEN date_trunc('week', CAST(fo.day AS TIMESTAMP)) ELSE CAST(fo.day AS TIMESTAMP) END AS period_start,
                CASE WHEN fo.every = 'week' THEN date_trunc('week', CAST(fo.day AS TIMESTAMP)) + INTERVAL '7 days' ELSE CAST(fo.day AS TIMESTAMP) + INTERVAL '1 day' END AS period_end,
                fo.due_time, fo.grace
         FROM rp_first f JOIN rp_force fo ON fo.standard_id = f.standard_id AND fo.day >= f.first_day
         WHERE (fo.every = 'day' AND (${WEEKDAYS})[CAST(EXTRACT(ISODOW FROM fo.day) AS INTEGER)] = ANY (fo.days))
            OR (fo.every = 'week' AND CAST(EXTRACT(ISODOW FROM fo.day) AS INTEGER) = (SELECT min(array_position(${WEEKDAYS}, x)) FROM unnest(fo.days) AS x))
       )
       , g AS (
         SELECT o.station_id, o.standard_id, o.day, coalesce(st.site, 'default') AS site,
                count(r.run_id) > 0 AS completed,
                coalesce(bool_or(${onTimeSqlPg({ completedLt: 'r.completed_lt', dueDay: 'o.day', dueTime: 'o.due_time', grace: 'o.grace' })}), false) AS on_time
         FROM occ o LEFT JOIN rp_station st USING (station_id)
         LEFT JOIN rp_runs_all r ON r.station_id = o.station_id AND r.standard_id = o.standard_id AND r.completed_lt IS NOT NULL
                                 AND r.started_lt >= o.period_start AND r.started_lt < o.period_end
         GROUP BY o.station_id, o.standard_id, o.day, st.site
       )
       SELECT g.* FROM g LEFT JOIN rp_cut c USING (station_id)
       WHERE c.end_day IS NULL OR g.day < c.end_day OR (g.day = c.end_day AND g.completed)`),
  ];
}

/** FIGURES_SQL of ./sql.ts: standard SQL but for the type name and the order of strings. */
export function figuresSqlPg(duck: string): string {
  return duck
    .replace(/AS DOUBLE\)/g, 'AS double precision)')
    .replace(/100\.0 \* ([a-z_]+) \/ steps_recorded/g, '100.0::double precision * $1 / steps_recorded')
    .replace(/ORDER BY g DESC, site, station_id, standard_id$/, `ORDER BY g DESC, site ${C}, station_id ${C}, standard_id ${C}`);
}

export const HOT_SPOTS_SQL_PG = `
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
LEFT JOIN (SELECT standard_id, owner_role, owner_name FROM (SELECT standard_id, owner_role, owner_name, row_number() OVER (PARTITION BY standard_id ORDER BY version DESC) AS rn FROM rp_std) x WHERE rn = 1) o
  ON o.standard_id = c.standard_id
ORDER BY c.standard_id ${C}, c.rank`;

export function adoptionSqlPg(to: string): string {
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

export const RUNS_SQL_PG = `
SELECT CAST(r.run_id AS VARCHAR) AS run_id, r.site, r.station_id, st.name AS station_name, r.standard_id, r.standard_version, p.pseudonym AS artisan,
  r.started_at, coalesce(r.completed_at, r.abandoned_at) AS ended_at,
  ${localTextPg('r.started_lt')} AS started_local, ${localTextPg('coalesce(r.completed_lt, r.abandoned_lt)')} AS ended_local,
  CASE WHEN r.completed_at IS NULL AND r.abandoned_at IS NOT NULL THEN r.abandon_reason END AS abandon_reason,
  CASE WHEN r.completed_at IS NOT NULL THEN 'completed' WHEN r.abandoned_at IS NOT NULL THEN 'abandoned' ELSE 'open' END AS outcome,
  r.duration_min, r.steps, r.deviations, r.undos, r.help, r.ool, r.current_owned
FROM rp_runs r LEFT JOIN rp_pseudo p ON p.actor = r.actor LEFT JOIN rp_station st ON st.station_id = r.station_id
ORDER BY r.started_at, r.station_id ${C}`;

export const DEVIATIONS_SQL_PG = `
SELECT e."at", ${localTextPg('e.lt')} AS at_local, r.site, e.station_id, st.name AS station_name, CAST(e.run_id AS VARCHAR) AS run_id,
  r.standard_id, r.standard_version, e.step_id, s.text_en, s.text_hi,
  CASE WHEN e.type = 'step.measured' THEN CAST(e.value AS VARCHAR) END AS value,
  CASE WHEN e.type = 'step.measured' THEN coalesce(${tryDouble("e.data->'limits'->>'min'")}, ${tryDouble("v.st->'limits'->>'min'")}) END AS limit_min,
  CASE WHEN e.type = 'step.measured' THEN coalesce(${tryDouble("e.data->'limits'->>'max'")}, ${tryDouble("v.st->'limits'->>'max'")}) END AS limit_max,
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

export function integritySqlPg(supplier?: string): string {
  return `
SELECT p.import_id, i.started_at, p.station_id, st.name AS station_name, p.file, p.line, p.code, p.severity, p.expected, p.found, p.message
FROM import_problems p LEFT JOIN imports i USING (supplier, import_id) LEFT JOIN rp_station st ON st.station_id = p.station_id
${supplier ? `WHERE p.supplier = ${sqlString(supplier)}` : ''}
ORDER BY p.import_id, p.station_id ${C}, p.file ${C}, p.line`;
}

/** The statements of compute.ts that are not formulas, in PostgreSQL's dialect. */
export const POSTGRES_SCORECARD_SQL: ScorecardSql = {
  dialect: 'postgres',
  localTimeExpr: localTimeExprPg,
  period: (local, supplier, enrolled) => `SELECT CAST(CAST(min(${local}) AS DATE) AS VARCHAR) AS f, CAST(CAST(max(${local}) AS DATE) AS VARCHAR) AS t FROM events e
    WHERE e.type <> 'journal.seal'${supplier ? ` AND e.supplier = ${sqlString(supplier)}` : ''} AND ${enrolledOnlyPg('e', enrolled ?? false)}`,
  actors: (supplier) => `SELECT DISTINCT actor FROM events${supplier ? ` WHERE supplier = ${sqlString(supplier)}` : ''}`,
  pseudoTable: ['DROP TABLE IF EXISTS rp_pseudo', 'CREATE TEMP TABLE rp_pseudo (actor VARCHAR, pseudonym VARCHAR)'],
  hasSite: `SELECT 1 FROM information_schema.columns WHERE table_name = 'stations' AND column_name = 'site' AND table_schema = current_schema()`,
  siteExpr: `coalesce(nullif(trim(CAST(s.site AS VARCHAR)), ''), 'default')`,
  hasEnrolment: `SELECT 1 FROM information_schema.tables WHERE table_name = 'enrolled_stations' AND table_schema = current_schema()`,
  stationStatus: stationStatusSqlPg,
  stationSpans: (local, supplier) => `SELECT station_id, ${localTextPg('min(lt)')} AS first_lt, ${localTextPg('max(lt)')} AS last_lt
      FROM (SELECT e.station_id, ${local} AS lt FROM events e WHERE e.type <> 'journal.seal'
        ${supplier !== undefined ? `AND e.supplier = ${sqlString(supplier)}` : ''}) x GROUP BY station_id`,
  statusTables: [
    'DROP TABLE IF EXISTS rp_ids', 'CREATE TEMP TABLE rp_ids (station_id VARCHAR)',
    'DROP TABLE IF EXISTS rp_cut', 'CREATE TEMP TABLE rp_cut (station_id VARCHAR, end_day DATE, excluded BOOLEAN)',
  ],
  prepare: (p) => prepareSqlPg({ ...p, ...(p.supplier ? { supplierFilter: p.supplier } : {}) }),
  figures: figuresSqlPg(FIGURES_SQL),
  latestStandards: `SELECT standard_id, version, title, owner_role, owner_name FROM (
      SELECT standard_id, version, title, owner_role, owner_name, row_number() OVER (PARTITION BY standard_id ORDER BY version DESC) AS rn FROM rp_std) x WHERE rn = 1`,
  adoption: adoptionSqlPg,
  hotSpots: HOT_SPOTS_SQL_PG,
  runs: RUNS_SQL_PG,
  deviations: DEVIATIONS_SQL_PG,
  integrity: integritySqlPg,
  suppliers: `SELECT supplier FROM stations GROUP BY supplier ORDER BY supplier ${C}`,
};
