/**
 * The commands' options and usage lines, shared by their help (./specs) and their implementations (which parse with
 * the same options, so nothing is accepted that the help does not describe). Light: types only.
 */
import type { CliOptions } from '../subcommand';

export const quiet = { type: 'boolean', description: 'No progress on stderr (by default a bar on a terminal, otherwise a line now and then).' } as const;
export const json = { type: 'boolean', description: 'Print one JSON document on stdout instead of text (progress and errors stay on stderr).' } as const;
export const workers = {
  type: 'string', value: 'N', byDefault: 'one per CPU, at most 8',
  description: 'Verify stations in N worker threads at once; 0 verifies in this thread.',
} as const;

export const simulateOptions = {
  share: { type: 'string', value: 'DIR', description: 'The shared folder to publish the stations\' journals to (created if missing). Required.' },
  stations: { type: 'string', value: 'N', byDefault: '5', description: 'How many stations to simulate (1 to 10000).' },
  days: { type: 'string', value: 'D', byDefault: '14', description: 'How many working days each station runs (1 to 3660).' },
  seed: { type: 'string', value: 'S', byDefault: '1', description: 'Seed of the random choices: the same seed gives the same journals.' },
  start: { type: 'string', value: 'YYYY-MM-DD', byDefault: 'D days before today', description: 'The first simulated day.' },
  fast: { type: 'boolean', description: 'Write each station\'s history in bulk (same format, chain and signatures), for large benchmarks.' },
  events: { type: 'string', value: 'N', byDefault: '20000', description: 'With --fast: events per station.' },
  standards: { type: 'string', value: 'DIR', byDefault: 'the demo standards in assets/standards', description: 'The standards the stations run.' },
  quiet,
  json,
} as const satisfies CliOptions;

const full = {
  type: 'boolean',
  description: 'Read and verify every segment again, also those the ledger remembers as verified, and report any that changed (HISTORY_REWRITTEN). By default only what is new is read.',
} as const;

export const verifyOptions = {
  json,
  db: { type: 'string', value: 'FILE', description: 'A ledger made by "steadywork import": also check the folder against what it already holds (station keys, heads, standards, the segments verified before).' },
  full,
  workers,
  quiet,
} as const satisfies CliOptions;

const pg = { type: 'string', value: 'URL', description: 'The organisation\'s PostgreSQL ledger instead of a DuckDB file (docs/ledger-pg.md), e.g. postgres://USER@HOST:5432/steadywork; the password from PGPASSWORD or the address, never shown.' } as const;

export const importOptions = {
  db: { type: 'string', value: 'FILE', description: 'The DuckDB ledger to import into (created if missing). This or --pg is required.' },
  pg,
  supplier: { type: 'string', value: 'NAME', byDefault: 'the share\'s supplier.json, else "default"', description: 'Whose share this is: one ledger holds many suppliers.' },
  full,
  json,
  workers,
  quiet,
} as const satisfies CliOptions;

export const reportOptions = {
  db: { type: 'string', value: 'FILE', description: 'The ledger made by "steadywork import". This or --pg is required.' },
  pg,
  format: {
    type: 'string', value: 'csv|xlsx|html|parquet',
    description: 'CSV files (one per table), an Excel workbook, a printable HTML page, or the ledger\'s tables as Parquet files (either ledger, every supplier, by supplier and month). Required unless --suppliers.',
  },
  out: { type: 'string', value: 'PATH', description: 'Where to write: a folder for csv and parquet (created), the file for xlsx and html. Required unless --suppliers.' },
  supplier: { type: 'string', value: 'NAME', byDefault: 'every supplier', description: 'Only this supplier\'s stations.' },
  suppliers: { type: 'boolean', description: 'Print the suppliers side by side (the four measures per supplier, then per station) instead of writing files.' },
  from: { type: 'string', value: 'YYYY-MM-DD', byDefault: 'the first day with events', description: 'First day of the period.' },
  to: { type: 'string', value: 'YYYY-MM-DD', byDefault: 'the last day with events', description: 'Last day of the period (inclusive).' },
  tz: { type: 'string', value: 'ZONE', byDefault: 'this machine\'s time zone', description: 'IANA time zone for days and due times, e.g. Asia/Kolkata.' },
  'stale-days': {
    type: 'string', value: 'N', byDefault: '7',
    description: 'A verified station with no event for N days (1 to 9999) before the end of the period is flagged stale (docs/scorecard.md, "Station status").',
  },
  json,
} as const satisfies CliOptions;

export const simulateUsage = 'steadywork simulate --share DIR [--stations N] [--days D] [--seed S] [--start YYYY-MM-DD] [--fast [--events N]] [--standards DIR] [--quiet] [--json]';
export const verifyUsage = 'steadywork verify DIR [--json] [--db FILE [--full]] [--workers N] [--quiet]';
export const importUsage = 'steadywork import DIR (--db FILE | --pg URL) [--supplier NAME] [--full] [--json] [--workers N] [--quiet]';
export const reportUsage = 'steadywork report (--db FILE | --pg URL) (--format csv|xlsx|html|parquet --out PATH | --suppliers) [--supplier NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tz ZONE] [--stale-days N] [--json]';

export const enrolOptions = {
  db: { type: 'string', value: 'FILE', description: 'The DuckDB ledger made by "steadywork import". Required (or --pg).' },
  pg: { type: 'string', value: 'URL', description: 'The PostgreSQL ledger (postgres://USER@HOST:PORT/DATABASE; the password from PGPASSWORD or ~/.pgpass): list or enrol its stations.' },
  key: { type: 'string', value: 'KEYID', description: 'With STATION: the key id the station shows in Settings (16 characters 0-9, a-f), compared before it is enrolled.' },
  by: { type: 'string', value: 'NAME', byDefault: 'this computer\'s user name', description: 'Who enrols the station (written with the enrolment).' },
  export: { type: 'string', value: 'FILE', description: 'Write the enrolment list to FILE, for a second procurement computer.' },
  import: { type: 'string', value: 'FILE', description: 'Take another ledger\'s enrolment list (conflicts are reported, never applied).' },
  json,
} as const satisfies CliOptions;

export const enrolUsage = 'steadywork enrol (--db FILE | --pg URL) [--json] | steadywork enrol STATION --key KEYID (--db FILE | --pg URL) [--by NAME] | steadywork enrol --db FILE (--export FILE | --import FILE)';
