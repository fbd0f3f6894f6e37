import { existsSync } from 'node:fs';
import path from 'node:path';
import { importShare as importShareIntoLedger, LedgerOpenError, openLedger, readKnown, ShareUnreadableError, verifyShare, type ImportResult, type KnownLedger, type LedgerProgress } from '../../core/ledger';
import { resolveSupplier, SupplierError } from '../../core/ledger/supplier';
import { importShareToPg, PgLedgerError } from '../../core/ledger-pg';
import { simulate as simulateStations } from '../../core/sim/simulate';
import { APP_VERSION } from '../../shell/version';
import { intOption, parse, usageFailure, UsageError } from '../args';
import type { CliIo } from '../subcommand';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { progressSink, type ProgressSink } from '../progress';
import { importText, reportJson, verifyText } from './report-text';
import { printable } from '../printable';
import { importOptions, importUsage, simulateOptions, simulateUsage, verifyOptions, verifyUsage } from './options';

/** The implementations of simulate, verify and import (their help and options: ./specs). */

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

export async function simulate(args: string[], io: CliIo): Promise<number> {
  let opts;
  let json: boolean;
  try {
    const { values } = parse(args, simulateOptions, { min: 0, max: 0 });
    json = values.json === true;
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
    if (err instanceof UsageError) return usageFailure(io, 'simulate', simulateUsage, err);
    throw err;
  }
  const bar = sink(io, opts.quiet);
  const result = await simulateStations({
    ...opts,
    onProgress: (p) => bar.update('stations simulated', p.station, p.stations, p.day !== undefined && p.days ? `(day ${p.day + 1} of ${p.days})` : undefined),
  });
  bar.done();
  if (json) {
    io.out(`${JSON.stringify({ ok: true, share: path.resolve(result.share), from: opts.fast ? null : result.from, to: opts.fast ? null : result.to, events: result.events, standards: result.standards, stations: result.stations }, null, 2)}\n`);
    return EXIT_OK;
  }
  io.out(`Simulated ${result.stations.length} station${result.stations.length === 1 ? '' : 's'}${opts.fast ? '' : `, ${result.from} to ${result.to}`}: ${result.events.toLocaleString('en-US')} events published to ${result.share}.\n`);
  for (const s of result.stations) io.out(`  ${printable(`${s.name} (${s.stationId})`)}: ${s.events.toLocaleString('en-US')} events${s.runs ? `, ${s.runs} runs` : ''}, ${s.segments} segments\n`);
  io.out(`Standards published: ${result.standards.join(', ')}\nNext: steadywork verify ${result.share}\n`);
  return EXIT_OK;
}

export async function verify(args: string[], io: CliIo): Promise<number> {
  let values;
  let dir: string;
  try {
    const parsed = parse(args, verifyOptions, { min: 1, max: 1 });
    values = parsed.values;
    dir = parsed.positionals[0] as string;
  } catch (err) {
    if (err instanceof UsageError) return usageFailure(io, 'verify', verifyUsage, err);
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
      ...(values.full ? { full: true } : {}),
      ...(values.workers !== undefined ? { workers: intOption(values.workers, 'workers', 0, 0, 64) } : {}),
      onProgress: ledgerProgress(bar),
    });
    bar.done();
    io.out(values.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : verifyText(report));
    return report.ok ? EXIT_OK : EXIT_FAILURE;
  } catch (err) {
    bar.done();
    if (err instanceof UsageError) return usageFailure(io, 'verify', verifyUsage, err);
    if (err instanceof ShareUnreadableError) {
      io.err(`steadywork verify: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

export async function importShare(args: string[], io: CliIo): Promise<number> {
  let values;
  let dir: string;
  try {
    const parsed = parse(args, importOptions, { min: 1, max: 1 });
    values = parsed.values;
    dir = parsed.positionals[0] as string;
    if (!values.db && !values.pg) throw new UsageError('--db FILE or --pg URL is required');
    if (values.db && values.pg) throw new UsageError('give either --db FILE or --pg URL, not both');
  } catch (err) {
    if (err instanceof UsageError) return usageFailure(io, 'import', importUsage, err);
    throw err;
  }
  const bar = sink(io, values.quiet);
  const common = {
    toolVersion: APP_VERSION,
    ...(values.workers !== undefined ? { workers: intOption(values.workers, 'workers', 0, 0, 64) } : {}),
    onProgress: ledgerProgress(bar),
  };
  try {
    let result: Omit<ImportResult, 'enrolment'>;
    let target: string;
    let extra: Record<string, unknown>;
    if (values.pg) {
      const r = await importShareToPg(dir, values.pg, { ...common, ...(values.supplier !== undefined ? { supplier: values.supplier } : {}), ...(values.full ? { full: true } : {}) });
      result = r;
      target = `${r.ledger} (supplier ${r.supplier})`;
      extra = { pg: r.ledger, supplier: r.supplier };
    } else {
      const db = values.db as string;
      const supplier = await resolveSupplier(dir, values.supplier);
      result = await importShareIntoLedger(dir, db, { ...common, ...(supplier !== null ? { supplier } : {}), ...(values.full ? { full: true } : {}) });
      target = db;
      extra = { db: path.resolve(db) };
    }
    bar.done();
    if (values.json) {
      io.out(`${JSON.stringify({
        ...reportJson(result.report),
        ...extra,
        importId: result.importId,
        eventsAdded: result.eventsAdded,
        standardsAdded: result.standardsAdded,
        imported: result.stations,
      }, null, 2)}\n`);
    } else {
      io.out(importText(result, target));
    }
    return result.report.ok ? EXIT_OK : EXIT_FAILURE;
  } catch (err) {
    bar.done();
    if (err instanceof UsageError) return usageFailure(io, 'import', importUsage, err);
    if (err instanceof ShareUnreadableError || err instanceof LedgerOpenError || err instanceof PgLedgerError || err instanceof SupplierError) {
      io.err(`steadywork import: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
