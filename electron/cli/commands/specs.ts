/**
 * The commands' help and options: light on purpose (no core import at the top). Each `run` imports its implementation
 * when the command runs, so `--help` starts fast. How to add a command or an option: docs/cli.md.
 */
import type { Subcommand } from '../subcommand';
import { enrolOptions, enrolUsage, importOptions, importUsage, reportOptions, reportUsage, simulateOptions, simulateUsage, verifyOptions, verifyUsage } from './options';

export const simulateCommand: Subcommand = {
  summary: 'Simulate stations working through days of the demo standards, and publish their journals to a shared folder.',
  usage: simulateUsage,
  options: simulateOptions,
  examples: [
    'steadywork simulate --share /tmp/share --stations 3 --days 5   # three stations, five days each',
    'steadywork simulate --share /tmp/big --stations 100 --fast --events 50000 --quiet',
  ],
  run: async (args, io) => (await import('./ledger-commands')).simulate(args, io),
};

export const verifyCommand: Subcommand = {
  summary: 'Verify a shared folder: every station\'s journal complete and untouched (exit 0), or integrity problems (exit 1).',
  usage: verifyUsage,
  arguments: { DIR: 'The shared folder (the one holding stations/).' },
  options: verifyOptions,
  examples: [
    'steadywork verify /mnt/steadywork-share',
    'steadywork verify /mnt/steadywork-share --json > verify.json   # for a script; exit 1 if a journal is broken',
    'steadywork verify /mnt/steadywork-share --db ledger.duckdb --full   # every segment again: HISTORY_REWRITTEN if one changed since its import',
  ],
  run: async (args, io) => (await import('./ledger-commands')).verify(args, io),
};

export const importCommand: Subcommand = {
  summary: 'Verify a shared folder and import its verified events into a DuckDB ledger (--db) or a PostgreSQL one (--pg) (idempotent; same exit codes as verify).',
  usage: importUsage,
  arguments: { DIR: 'The shared folder (the one holding stations/).' },
  options: importOptions,
  examples: [
    'steadywork import /mnt/steadywork-share --db ledger.duckdb   # again later: adds only what is new',
    'steadywork import /mnt/share --pg postgres://procurement@db.example:5432/steadywork --supplier "Jaipur Box Co"   # password from PGPASSWORD',
  ],
  run: async (args, io) => (await import('./ledger-commands')).importShare(args, io),
};

export const reportCommand: Subcommand = {
  summary: 'Write the scorecards of a ledger as CSV files (--out is a folder), an Excel workbook or an HTML page, or its tables as Parquet (--out is a folder; either ledger); opens a DuckDB ledger read-only; --suppliers compares suppliers side by side.',
  usage: reportUsage,
  options: reportOptions,
  examples: [
    'steadywork report --db ledger.duckdb --format xlsx --out scorecard.xlsx',
    'steadywork report --db ledger.duckdb --format csv --out scorecards/ --from 2026-11-01 --to 2026-11-30 --tz Asia/Kolkata',
    'steadywork report --db ledger.duckdb --format html --out scorecard.html --stale-days 3   # quiet for 3 days: stale',
    'steadywork report --db ledger.duckdb --format parquet --out tables/   # the ledger\'s tables for an analyst',
    'steadywork report --pg postgres://procurement@db.example/steadywork --format parquet --out tables/   # the same from PostgreSQL',
    'steadywork report --db ledger.duckdb --suppliers   # suppliers side by side',
  ],
  run: async (args, io) => (await import('./report-command')).report(args, io),
};

export const enrolCommand: Subcommand = {
  summary: 'List, enrol, export or import the stations a ledger counts (a new station counts nowhere until enrolled).',
  usage: enrolUsage,
  arguments: { STATION: 'The station id (its folder name on the share) to enrol.' },
  options: enrolOptions,
  examples: [
    'steadywork enrol --db ledger.duckdb   # every station: enrolled, awaiting enrolment, alarm',
    'steadywork enrol 0b5e…-station-id --key 3f9a1c2b4d5e6f70 --db ledger.duckdb   # after comparing the key with the station',
    'steadywork enrol --db ledger.duckdb --export enrolment.json',
  ],
  run: async (args, io) => (await import('./enrol-command')).enrol(args, io),
};
