/**
 * The commands' help and options: light on purpose (no core import at the top). Each `run` imports its implementation
 * when the command runs, so `--help` starts fast. How to add a command or an option: docs/cli.md.
 */
import type { CliOptions, Subcommand } from '../subcommand';

const quiet = { type: 'boolean', description: 'No progress on stderr (by default a bar on a terminal, otherwise a line now and then).' } as const;
const json = { type: 'boolean', description: 'Print one JSON document on stdout instead of text (progress and errors stay on stderr).' } as const;
const workers = {
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

export const verifyOptions = {
  json,
  db: { type: 'string', value: 'FILE', description: 'A ledger made by "steadywork import": also check the folder against what it already holds (station keys, heads, standards).' },
  workers,
  quiet,
} as const satisfies CliOptions;

export const importOptions = {
  db: { type: 'string', value: 'FILE', description: 'The DuckDB ledger to import into (created if missing). Required.' },
  json,
  workers,
  quiet,
} as const satisfies CliOptions;

export const reportOptions = {
  db: { type: 'string', value: 'FILE', description: 'The ledger made by "steadywork import". Required.' },
  format: { type: 'string', value: 'csv|xlsx|html', description: 'CSV files (one per table), an Excel workbook, or a printable HTML page. Required.' },
  out: { type: 'string', value: 'PATH', description: 'Where to write: a folder for csv (created), the file for xlsx and html. Required.' },
  from: { type: 'string', value: 'YYYY-MM-DD', byDefault: 'the first day with events', description: 'First day of the period.' },
  to: { type: 'string', value: 'YYYY-MM-DD', byDefault: 'the last day with events', description: 'Last day of the period (inclusive).' },
  tz: { type: 'string', value: 'ZONE', byDefault: 'this machine\'s time zone', description: 'IANA time zone for days and due times, e.g. Asia/Kolkata.' },
  json,
} as const satisfies CliOptions;

export const simulateCommand: Subcommand = {
  summary: 'Simulate stations working through days of the demo standards, and publish their journals to a shared folder.',
  usage: 'steadywork simulate --share DIR [--stations N] [--days D] [--seed S] [--start YYYY-MM-DD] [--fast [--events N]] [--standards DIR] [--quiet] [--json]',
  options: simulateOptions,
  examples: [
    'steadywork simulate --share /tmp/share --stations 3 --days 5   # three stations, five days each',
    'steadywork simulate --share /tmp/big --stations 100 --fast --events 50000 --quiet',
  ],
  run: async (args, io) => (await import('./ledger-commands')).simulate(args, io),
};

export const verifyCommand: Subcommand = {
  summary: 'Verify a shared folder: every station\'s journal complete and untouched (exit 0), or integrity problems (exit 1).',
  usage: 'steadywork verify DIR [--json] [--db FILE] [--workers N] [--quiet]',
  arguments: { DIR: 'The shared folder (the one holding stations/).' },
  options: verifyOptions,
  examples: [
    'steadywork verify /mnt/steadywork-share',
    'steadywork verify /mnt/steadywork-share --json > verify.json   # for a script; exit 1 if a journal is broken',
  ],
  run: async (args, io) => (await import('./ledger-commands')).verify(args, io),
};

export const importCommand: Subcommand = {
  summary: 'Verify a shared folder and import its verified events into a DuckDB ledger (idempotent; same exit codes as verify).',
  usage: 'steadywork import DIR --db FILE [--json] [--workers N] [--quiet]',
  arguments: { DIR: 'The shared folder (the one holding stations/).' },
  options: importOptions,
  examples: [
    'steadywork import /mnt/steadywork-share --db ledger.duckdb   # again later: adds only what is new',
  ],
  run: async (args, io) => (await import('./ledger-commands')).importShare(args, io),
};

export const reportCommand: Subcommand = {
  summary: 'Write the scorecards of a ledger as CSV files (--out is a folder), an Excel workbook or an HTML page.',
  usage: 'steadywork report --db FILE --format csv|xlsx|html --out PATH [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tz ZONE] [--json]',
  options: reportOptions,
  examples: [
    'steadywork report --db ledger.duckdb --format xlsx --out scorecard.xlsx',
    'steadywork report --db ledger.duckdb --format csv --out scorecards/ --from 2026-11-01 --to 2026-11-30 --tz Asia/Kolkata',
  ],
  run: async (args, io) => (await import('./report-command')).report(args, io),
};
