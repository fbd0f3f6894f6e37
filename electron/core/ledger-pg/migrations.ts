/**
 * The PostgreSQL ledger's schema, as numbered migrations applied in order and remembered in `schema_migrations`
 * (docs/ledger-pg.md). A migration, once released, never changes: a change is a new migration at the end.
 *
 * Every table that grows with the events carries the supplier and has it in its primary key, so that the schema can
 * be distributed by supplier (Citus `create_distributed_table('events', 'supplier')`, and likewise stations, imports
 * and import_problems) without changing a key; `standards` is shared by all suppliers (a reference table).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger: suppliers, stations, standards, imports, problems, events by supplier and month',
    sql: `
CREATE TABLE suppliers (
  supplier text PRIMARY KEY,
  -- short name of its partition of events (events_<partition_key>), from a hash of the supplier's name
  partition_key text NOT NULL UNIQUE,
  first_imported_at timestamptz NOT NULL
);

CREATE SEQUENCE import_id_seq;

CREATE TABLE imports (
  supplier text NOT NULL,
  import_id bigint NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  share_dir text NOT NULL,
  tool_version text,
  stations integer,
  stations_imported integer,
  stations_rejected integer,
  events_added bigint,
  errors integer,
  warnings integer,
  ok boolean,
  PRIMARY KEY (supplier, import_id)
);

CREATE TABLE import_problems (
  supplier text NOT NULL,
  import_id bigint NOT NULL,
  station_id text,
  file text,
  line bigint,
  seq bigint,
  code text NOT NULL,
  severity text NOT NULL,
  expected text,
  found text,
  message text
);
CREATE INDEX import_problems_import ON import_problems (supplier, import_id);

CREATE TABLE stations (
  supplier text NOT NULL,
  station_id text NOT NULL,
  name text,
  public_key text NOT NULL,
  key_id text NOT NULL,
  head_seq bigint NOT NULL,
  head_hash text NOT NULL,
  first_imported_at timestamptz NOT NULL,
  last_imported_at timestamptz NOT NULL,
  PRIMARY KEY (supplier, station_id)
);

CREATE TABLE standards (
  hash text PRIMARY KEY,
  id text NOT NULL,
  version integer NOT NULL,
  owner_role text,
  owner_name text,
  effective_from date,
  doc jsonb NOT NULL,
  first_imported_at timestamptz
);

-- Partitioned by supplier (LIST), each supplier's partition by month of "at" (RANGE, UTC months). Partitions are
-- created by the import as it meets new suppliers and months. The key holds the partition columns (PostgreSQL
-- requires it); (supplier, station_id, seq) alone identifies an event, and "at" is part of its content.
CREATE TABLE events (
  supplier text NOT NULL,
  station_id text NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL,
  "at" timestamptz NOT NULL,
  at_text text NOT NULL,
  actor text NOT NULL,
  type text NOT NULL,
  run_id uuid,
  standard_id text,
  standard_version integer,
  standard_hash text,
  step_id text,
  value jsonb,
  reason text,
  supersedes uuid,
  data jsonb,
  file text NOT NULL,
  line integer NOT NULL,
  import_id bigint NOT NULL,
  PRIMARY KEY (supplier, station_id, seq, "at")
) PARTITION BY LIST (supplier);
`,
  },
  {
    version: 2,
    name: 'meta: the ledger\'s own settings (the pseudonym key of its exports)',
    sql: `CREATE TABLE meta (key text PRIMARY KEY, value text);`,
  },
  {
    version: 3,
    name: 'enrolment: stations counted only once procurement enrolled them (per supplier)',
    // As the DuckDB ledger (ledger/enrolment.ts): the stations of a ledger from before enrolment were trusted on first
    // use and stay counted, enrolled as "from before enrolment"; the view holds the stations that count.
    sql: `
CREATE TABLE enrolments (
  supplier text NOT NULL,
  station_id text NOT NULL,
  key_id text NOT NULL,
  public_key text NOT NULL,
  name text,
  enrolled_at timestamptz NOT NULL,
  enrolled_by text NOT NULL,
  source text NOT NULL,
  PRIMARY KEY (supplier, station_id)
);
INSERT INTO enrolments SELECT supplier, station_id, key_id, public_key, name, now(), 'ledger from before enrolment (trusted on first use)', 'before-enrolment'
  FROM stations;
CREATE VIEW enrolled_stations AS
  SELECT s.supplier, s.station_id FROM stations s
  JOIN enrolments e ON e.supplier = s.supplier AND e.station_id = s.station_id AND e.public_key = s.public_key;
`,
  },
  {
    version: 4,
    name: 'incremental verification: the segments verified and imported, per supplier and station',
    // As the DuckDB ledger's verified_segments (ledger/db.ts; ledger/remembered.ts): what an import remembers of each
    // station's segments so that the next one reads only what is new; a full verification compares them
    // (HISTORY_REWRITTEN, HISTORY_SHRANK). The supplier leads the key, as in every table that grows with the events.
    sql: `
CREATE TABLE verified_segments (
  supplier text NOT NULL,
  station_id text NOT NULL,
  name text NOT NULL,
  first_seq bigint NOT NULL,
  last_seq bigint NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  last_hash text NOT NULL,
  import_id bigint NOT NULL,
  PRIMARY KEY (supplier, station_id, first_seq)
);
`,
  },
  {
    version: 5,
    name: 'signed station names: a partial index, so that an import with nothing new does not scan every event',
    // Each import lists the supplier's stations with their signed names (ledger-pg/enrolment.ts: type = 'station.named',
    // a handful of rows among millions). Partial: COPY pays only for those rows.
    sql: `CREATE INDEX events_station_named ON events (supplier, station_id, seq) WHERE type = 'station.named';`,
  },
];

export const PG_LEDGER_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
