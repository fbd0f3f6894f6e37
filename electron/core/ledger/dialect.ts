/**
 * The two ledger engines, DuckDB (the procurement PC's file, ledger/) and PostgreSQL (the organisation's server,
 * ledger-pg/), as the few SQL pieces in which they differ. Everything else in the scorecard and the station status
 * is written once, in SQL both engines read the same way (reports/sql.ts, ledger/station-status.ts): subqueries
 * with row_number() instead of QUALIFY, explicit GROUP BY, DROP + CREATE TEMP TABLE, ARRAY[...] lists, `->'key'` JSON
 * access, EXTRACT(EPOCH/ISODOW ...), `n * INTERVAL '1 minute'`, and COLLATE "C" wherever order matters (DuckDB
 * orders by bytes anyway). A piece belongs here only when no common spelling exists.
 */
import { sqlString } from './sql-literal';
import { DEFAULT_SUPPLIER_SQL, supplierOfStationSql } from './supplier';

export interface LedgerDialect {
  readonly name: 'duckdb' | 'postgres';
  /**
   * The local wall-clock time of an event `e` — the one rule for days and due times (docs/scorecard.md, "Local
   * time"): the station's own clock, i.e. the local part of at_text (written with the station's UTC offset), never
   * the zone of the computer that reads the ledger. Only an explicit `timeZone` (the CLI's `--tz`) reads the instant
   * in that zone.
   */
  localTime(timeZone?: string): string;
  /** Local wall-clock text of a timestamp expression: YYYY-MM-DDTHH:MM:SS (what the exports show). */
  localText(lt: string): string;
  /** A number written in `text` (e.g. a JSON value as text), else NULL. */
  tryDouble(text: string): string;
  /** A whole number written in `text`, else NULL. */
  tryInteger(text: string): string;
  /** The JSON array of strings `json` as a list of text; NULL when it is not an array. */
  textList(json: string): string;
  /** A FROM item: each element of the JSON array `json` as column `column` (nothing when it is not an array). */
  jsonElements(json: string, column: string): string;
  /** Aggregate: `value` of the row with the lowest `order` among rows where it is not NULL (and `filter` holds). */
  firstBy(value: string, order: string, filter?: string): string;
  /** The supplier of a row of events, stations or import_problems aliased `alias`. */
  supplierOf(alias: string): string;
  /** Condition: the station of the row aliased `alias` is enrolled (the ledger has enrolled_stations). */
  isEnrolled(alias: string): string;
  /** Query: the latest import of each supplier (columns supplier, id). */
  lastImportPerSupplier(p: { importSuppliers: boolean }): string;
}

export const DUCKDB_DIALECT: LedgerDialect = {
  name: 'duckdb',
  localTime: (timeZone) => (timeZone
    ? `timezone(${sqlString(timeZone)}, e."at")`
    : `coalesce(try_cast(regexp_extract(e.at_text, '^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)', 1) AS TIMESTAMP), CAST(e."at" AS TIMESTAMP))`),
  localText: (lt) => `strftime(${lt}, '%Y-%m-%dT%H:%M:%S')`,
  tryDouble: (text) => `try_cast(${text} AS DOUBLE)`,
  tryInteger: (text) => `try_cast(${text} AS INTEGER)`,
  textList: (json) => `CASE WHEN json_type(${json}) = 'ARRAY' THEN from_json(${json}, '["VARCHAR"]') END`,
  jsonElements: (json, column) => `unnest(CASE WHEN json_type(${json}) = 'ARRAY' THEN from_json(${json}, '["JSON"]') END) AS ${column}_list(${column})`,
  firstBy: (value, order, filter) => `arg_min(${value}, ${order})${filter ? ` FILTER (WHERE ${filter})` : ''}`,
  // The DuckDB ledger records each station's supplier in station_suppliers (one supplier per station).
  supplierOf: (alias) => supplierOfStationSql(`${alias}.station_id`),
  isEnrolled: (alias) => `${alias}.station_id IN (SELECT station_id FROM enrolled_stations)`,
  lastImportPerSupplier: ({ importSuppliers }) => {
    // An import counts for the supplier it was for (import_suppliers), an import older than that table for every
    // supplier; a ledger older than the table (opened read-only): its latest import counts for every supplier.
    const suppliers = `SELECT supplier FROM station_suppliers UNION SELECT supplier FROM ${importSuppliers ? 'import_suppliers' : 'station_suppliers'} UNION SELECT ${DEFAULT_SUPPLIER_SQL}`;
    if (!importSuppliers) return `SELECT sup.supplier, (SELECT max(import_id) FROM imports) AS id FROM (${suppliers}) sup`;
    return `SELECT sup.supplier, max(i.import_id) AS id FROM imports i, (${suppliers}) sup
    WHERE NOT EXISTS (SELECT 1 FROM import_suppliers x WHERE x.import_id = i.import_id)
       OR EXISTS (SELECT 1 FROM import_suppliers x WHERE x.import_id = i.import_id AND x.supplier = sup.supplier)
    GROUP BY sup.supplier`;
  },
};

export const POSTGRES_DIALECT: LedgerDialect = {
  name: 'postgres',
  localTime: (timeZone) => (timeZone
    ? `(e."at" AT TIME ZONE ${sqlString(timeZone)})`
    : `coalesce(substring(e.at_text from '^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)')::timestamp, (e."at" AT TIME ZONE 'UTC'))`),
  localText: (lt) => `to_char(${lt}, 'YYYY-MM-DD"T"HH24:MI:SS')`,
  tryDouble: (text) => `CASE WHEN (${text}) ~ '^\\s*-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$' THEN CAST(${text} AS double precision) END`,
  tryInteger: (text) => `CASE WHEN (${text}) ~ '^\\s*-?\\d+\\s*$' THEN (${text})::integer END`,
  textList: (json) => `CASE WHEN jsonb_typeof(${json}) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(${json})) END`,
  jsonElements: (json, column) => `jsonb_array_elements(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} ELSE '[]'::jsonb END) AS ${column}`,
  firstBy: (value, order, filter) => `(array_agg(${value} ORDER BY ${order}) FILTER (WHERE ${value} IS NOT NULL${filter ? ` AND ${filter}` : ''}))[1]`,
  // Every PostgreSQL ledger table carries its supplier (docs/ledger-pg.md, "Suppliers").
  supplierOf: (alias) => `${alias}.supplier`,
  isEnrolled: (alias) => `(${alias}.supplier, ${alias}.station_id) IN (SELECT supplier, station_id FROM enrolled_stations)`,
  // PostgreSQL keeps import ids per supplier.
  lastImportPerSupplier: () => `SELECT supplier, max(import_id) AS id FROM imports GROUP BY supplier`,
};
