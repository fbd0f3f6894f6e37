import { existsSync } from 'node:fs';
import path from 'node:path';
import { importShare, LedgerOpenError, openLedger, readKnown, ShareUnreadableError, verifyShare, type KnownLedger, type LedgerProgress } from '../../core/ledger';
import { simulate } from '../../core/sim/simulate';
import { APP_VERSION } from '../../shell/version';
import { intOption, parse, UsageError } from '../args';
import type { CliIo, Subcommand } from '../subcommand';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { progressSink, type ProgressSink } from '../progress';
import { printable } from '../printable';
import { importText, reportJson, verifyText } from './report-text';

function sink(io: CliIo, quiet: boolean | undefined): ProgressSink {
  return progressSink(io.err, { tty: io.errIsTTY === true, enabled: !quiet });
}

/** Progress of verify/import in one line: stations verified, stations written. */
function ledgerProgress(bar: ProgressSink) {
  let verified = 0;
  let imported = 0;
  let total = 0;
  let importing = false;
  return (p: LedgerProgress) => {
    if (p.phase === 'scan') total = p.total;
    if (p.phase === 'verify') verified = p.done;
    if (p.phase === 'import') {
      importing = true;
      imported = p.done;
    }
    if (p.phase === 'done') return;
    const done = importing ? imported : verified;
    bar.update(importing ? 'stations imported' : 'stations verified', done, total, importing ? `(${verified} verified)` : p.station ? `(${printable(p.station)})` : undefined);
  };
}

function usageFailure(io: CliIo, command: Subcommand, err: unknown): number {
  io.err(`steadywork: ${(err as Error).message}\nUsage: ${command.usage}\n`);
  return EXIT_USAGE;
}

/** The demo standards: assets/standards of the repository or of the installed app. */
export function demoStandardsDir(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [
    path.resolve(here, '..', '..', 'assets', 'standards'),
    path.resolve(here, '..', '..', '..', 'assets', 'standards'),
    path.resolve(process.cwd(), 'assets', 'standards'),
  ];
  return candidates.find((c) => existsSync(c)) ?? null;
}

export const simulateCommand: Subcommand = {
  summary: 'Simulate stations working through days of the demo standards, and publish their journals to a shared folder.',
  usage: 'steadywork simulate --share DIR [--stations N=5] [--days D=14] [--seed S=1] [--start YYYY-MM-DD] [--fast [--events N=20000]] [--standards DIR] [--quiet]',
  async run(args, io) {
    let opts;
    try {
      const { values } = parse(args, {
        share: { type: 'string' }, stations: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, start: { type: 'string' },
        fast: { type: 'boolean' }, events: { type: 'string' }, standards: { type: 'string' }, quiet: { type: 'boolean' },
      }, { min: 0, max: 0 });
      if (!values.share) throw new UsageError('--share DIR is required');
      if (values.start !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.start)) throw new UsageError('--start must be a date like 2026-11-02');
      if (values.events !== undefined && !values.fast) throw new UsageError('--events is for --fast');
      const standardsDir = values.standards ?? demoStandardsDir();
      if (!standardsDir || !existsSync(standardsDir)) throw new UsageError(`the standards folder ${values.standards ?? 'assets/standards'} is not there (use --standards DIR)`);
      opts = {
        share: values.share,
        standardsDir,
        stations: intOption(values.stations, 'stations', 5, 1, 10_000),
        days: intOption(values.days, 'days', 14, 1, 3660),
        seed: intOption(values.seed, 'seed', 1, 0, 2 ** 32 - 1),
        ...(values.start ? { startDate: values.start } : {}),
        fast: values.fast === true,
        ...(values.events ? { eventsPerStation: intOption(values.events, 'events', 20_000, 1, 100_000_000) } : {}),
        quiet: values.quiet === true,
      };
    } catch (err) {
      if (err instanceof UsageError) return usageFailure(io, simulateCommand, err);
      throw err;
    }
    const bar = sink(io, opts.quiet);
    const result = await simulate({
      ...opts,
      onProgress: (p) => bar.update('stations simulated', p.station, p.stations, p.day !== undefined && p.days ? `(day ${p.day + 1} of ${p.days})` : undefined),
    });
    bar.done();
    io.out(`Simulated ${result.stations.length} station${result.stations.length === 1 ? '' : 's'}${opts.fast ? '' : `, ${result.from} to ${result.to}`}: ${result.events.toLocaleString('en-US')} events published to ${result.share}.\n`);
    for (const s of result.stations) io.out(`  ${printable(`${s.name} (${s.stationId})`)}: ${s.events.toLocaleString('en-US')} events${s.runs ? `, ${s.runs} runs` : ''}, ${s.segments} segments\n`);
    io.out(`Standards published: ${result.standards.join(', ')}\nNext: steadywork verify ${result.share}\n`);
    return EXIT_OK;
  },
};

export const verifyCommand: Subcommand = {
  summary: 'Verify a shared folder: every station\'s journal complete and untouched (exit 0), or integrity problems (exit 1).',
  usage: 'steadywork verify DIR [--json] [--db FILE] [--workers N] [--quiet]',
  async run(args, io) {
    let values;
    let dir: string;
    try {
      const parsed = parse(args, { json: { type: 'boolean' }, db: { type: 'string' }, workers: { type: 'string' }, quiet: { type: 'boolean' } }, { min: 1, max: 1 });
      values = parsed.values;
      dir = parsed.positionals[0] as string;
    } catch (err) {
      if (err instanceof UsageError) return usageFailure(io, verifyCommand, err);
      throw err;
    }
    let known: KnownLedger | undefined;
    if (values.db) {
      if (!existsSync(values.db)) {
        io.err(`steadywork verify: there is no database ${values.db}.\n`);
        return EXIT_USAGE;
      }
      try {
        const ledger = await openLedger(values.db);
        try {
          known = await readKnown(ledger.conn);
        } finally {
          ledger.close();
        }
      } catch (err) {
        io.err(`steadywork verify: ${(err as Error).message}\n`);
        return EXIT_USAGE;
      }
    }
    const bar = sink(io, values.quiet);
    try {
      const report = await verifyShare(dir, {
        ...(known ? { known } : {}),
        ...(values.workers !== undefined ? { workers: intOption(values.workers, 'workers', 0, 0, 64) } : {}),
        onProgress: ledgerProgress(bar),
      });
      bar.done();
      io.out(values.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : verifyText(report));
      return report.ok ? EXIT_OK : EXIT_FAILURE;
    } catch (err) {
      bar.done();
      if (err instanceof UsageError) return usageFailure(io, verifyCommand, err);
      if (err instanceof ShareUnreadableError) {
        io.err(`steadywork verify: ${err.message}\n`);
        return EXIT_USAGE;
      }
      throw err;
    }
  },
};

export const importCommand: Subcommand = {
  summary: 'Verify a shared folder and import its verified events into a DuckDB ledger (idempotent; same exit codes as verify).',
  usage: 'steadywork import DIR --db FILE [--json] [--workers N] [--quiet]',
  async run(args, io) {
    let values;
    let dir: string;
    try {
      const parsed = parse(args, { db: { type: 'string' }, json: { type: 'boolean' }, workers: { type: 'string' }, quiet: { type: 'boolean' } }, { min: 1, max: 1 });
      values = parsed.values;
      dir = parsed.positionals[0] as string;
      if (!values.db) throw new UsageError('--db FILE is required');
    } catch (err) {
      if (err instanceof UsageError) return usageFailure(io, importCommand, err);
      throw err;
    }
    const db = values.db as string;
    const bar = sink(io, values.quiet);
    try {
      const result = await importShare(dir, db, {
        toolVersion: APP_VERSION,
        ...(values.workers !== undefined ? { workers: intOption(values.workers, 'workers', 0, 0, 64) } : {}),
        onProgress: ledgerProgress(bar),
      });
      bar.done();
      if (values.json) {
        io.out(`${JSON.stringify({
          ...reportJson(result.report),
          db: path.resolve(db),
          importId: result.importId,
          eventsAdded: result.eventsAdded,
          standardsAdded: result.standardsAdded,
          imported: result.stations,
        }, null, 2)}\n`);
      } else {
        io.out(importText(result, db));
      }
      return result.report.ok ? EXIT_OK : EXIT_FAILURE;
    } catch (err) {
      bar.done();
      if (err instanceof UsageError) return usageFailure(io, importCommand, err);
      if (err instanceof ShareUnreadableError || err instanceof LedgerOpenError) {
        io.err(`steadywork import: ${err.message}\n`);
        return EXIT_USAGE;
      }
      throw err;
    }
  },
};
