/**
 * Procurement's side of the station app: import a shared folder (or a folder unpacked from a bundle) into the
 * ledger (<dataDir>/ledger.duckdb) in the background, tell its progress and result, compute the scorecard and
 * write exports. One import at a time; scorecard and exports wait until no import is running (one writer on the
 * DuckDB file). Plain Node; the channels (station-app.ts) check the supervisor session before calling this.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { ImportProblem, ImportProgress, ImportSummary, LedgerChoice, ProcurementStatus, ReportFormat, ScorecardView, SupplierComparisonView } from '../../contract';
import { importShare, LedgerOpenError, openLedger, ShareUnreadableError, type ImportResult, type LedgerProgress } from '../ledger';
import { importShareToPg, PgLedgerError, redactPgUrl } from '../ledger-pg';
import { resolveSupplier } from '../ledger/supplier';
import { changeSettings, type SettingsStore } from '../settings/store';
import { enrolmentCall } from './enrolment';
import { checkPgLedger, pgChoice, pgFailure, withKeptPassword, withPassword, withPgClient } from './ledger-choice';
import { computeScorecard, writeReport, writeReportPg } from '../reports';
import { duckdbEngine, openExistingLedger, ReportInputError, type ScorecardEngine } from '../reports/compute';
import { postgresEngine, scorecardOnPg } from '../reports/compute-pg';
import { compareSuppliers, listSuppliers } from '../reports/suppliers';
import { APP_VERSION } from '../../shell/version';
import { fail, ok, type ErrorInfo, type Result } from '../../contract/result';
import { isFileWriteFailure } from '../files/atomic-write';
import type { Logger } from '../log/logger';

/** At most this many problems are sent to the screen (all of them are in the ledger and the exports). */
export const MAX_IMPORT_PROBLEMS = 500;

export const LEDGER_FILE = 'ledger.duckdb';

export interface ProcurementOptions {
  dataDir: string;
  toolVersion?: string;
  /** For tests: the importer and the reports (default: the real ones). */
  importShare?: typeof importShare;
  importShareToPg?: typeof importShareToPg;
  computeScorecard?: typeof computeScorecard;
  /** Where the chosen PostgreSQL ledger's address is kept (procurementPg); without it, only the DuckDB file. */
  settings?: SettingsStore;
  writeReport?: typeof writeReport;
  /** The app's log: each import's outcome, its errors (the first MAX_LOGGED_PROBLEMS), and an import that failed. */
  logger?: Logger;
}

/** At most this many problems of one import are written to the log (all of them are in the ledger). */
export const MAX_LOGGED_PROBLEMS = 50;

type State =
  | { state: 'idle' }
  | { state: 'running'; importId: number; source: string; progress?: ImportProgress; done: Promise<void>; abort: AbortController }
  | { state: 'done'; importId: number; source: string; result: ImportSummary }
  | { state: 'failed'; importId: number; source: string; error: ErrorInfo };

export class Procurement {
  readonly dbPath: string;
  private current: State = { state: 'idle' };
  /** One opening of the ledger at a time: scorecard, exports and enrolment each open the DuckDB file, which one process can hold once. */
  private ledgerTurn: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private readonly importer: typeof importShare;
  private readonly scorecardOf: typeof computeScorecard;
  private readonly report: typeof writeReport;

  constructor(private readonly opts: ProcurementOptions) {
    this.dbPath = path.join(opts.dataDir, LEDGER_FILE);
    this.importer = opts.importShare ?? importShare;
    this.scorecardOf = opts.computeScorecard ?? computeScorecard;
    this.report = opts.writeReport ?? writeReport;
  }

  exportDefaults(): Record<ReportFormat, string> {
    const dir = path.join(this.opts.dataDir, 'exports');
    return { csv: path.join(dir, 'scorecard-csv'), xlsx: path.join(dir, 'scorecard.xlsx'), html: path.join(dir, 'scorecard.html'), parquet: path.join(dir, 'ledger-parquet') };
  }

  /** The PostgreSQL ledger's address when one is chosen (with its password: never for the screen or a log). */
  private pgUrl(): string | null {
    return this.opts.settings?.read().procurementPg ?? null;
  }

  /** The ledger chosen, as the screen may see it (the address without its password). */
  ledger(): LedgerChoice {
    const url = this.pgUrl();
    return url ? pgChoice(url) : { kind: 'duckdb', path: this.dbPath };
  }

  /**
   * Choose the ledger. A PostgreSQL address is checked first (connect, rights, schema brought up to date) and kept only
   * when it works; the DuckDB file is never touched by that choice.
   */
  async setLedger(kind: 'duckdb' | 'postgres', url?: string, password?: string): Promise<Result<LedgerChoice>> {
    if (this.current.state === 'running') return fail('IMPORT_RUNNING', 'An import is running. Wait until it has finished.');
    const settings = this.opts.settings;
    if (!settings) return fail('LEDGER_CHOICE_UNAVAILABLE', 'This program keeps no settings: only the ledger in its data folder can be used.');
    if (kind === 'postgres') {
      if (!url) return fail('PG_ADDRESS_INVALID', 'Give the PostgreSQL address: postgres://USER:PASSWORD@HOST:PORT/DATABASE.');
      const full = password !== undefined ? withPassword(url, password) : withKeptPassword(url, this.pgUrl() ?? undefined);
      const checked = await this.inTurn(() => checkPgLedger(full));
      if (!checked.ok) return checked;
      const saved = changeSettings(settings, (s) => ok({ next: { ...s, procurementPg: full }, value: undefined }));
      if (!saved.ok) return saved;
      return ok(pgChoice(full));
    }
    const saved = changeSettings(settings, (s) => {
      const { procurementPg: _gone, ...rest } = s;
      return ok({ next: rest, value: undefined });
    });
    if (!saved.ok) return saved;
    return ok({ kind: 'duckdb', path: this.dbPath });
  }

  /**
   * The DuckDB import of a share under its supplier, as `steadywork import` does: the one typed, else the share's
   * supplier.json (written by its stations at set-up), else DEFAULT_SUPPLIER (the PostgreSQL import resolves its own).
   */
  private async importDuckDb(folder: string, supplier: string | undefined, opts: Parameters<typeof importShare>[2]): Promise<ImportResult> {
    const named = await resolveSupplier(folder, supplier);
    return this.importer(folder, this.dbPath, { ...opts, ...(named !== null ? { supplier: named } : {}) });
  }

  /** Starts an import and answers at once; the folder is checked first, so a wrong path is told straight away. */
  async start(source: string, supplier?: string, full = false): Promise<Result<{ importId: number }>> {
    if (this.current.state === 'running') return fail('IMPORT_RUNNING', 'An import is running. Wait until it has finished.');
    const folder = path.resolve(source);
    const checked = await checkFolder(folder);
    if (!checked.ok) return checked;
    const pgUrl = this.pgUrl();
    const importId = this.nextId++;
    const abort = new AbortController();
    const running: Extract<State, { state: 'running' }> = { state: 'running', importId, source: folder, done: Promise.resolve(), abort };
    running.done = (async () => {
      try {
        const common = {
          ...(this.opts.toolVersion ? { toolVersion: this.opts.toolVersion } : {}),
          ...(supplier !== undefined ? { supplier } : {}),
          onProgress: (p: LedgerProgress) => {
            running.progress = { phase: p.phase, done: p.done, total: p.total, ...(p.station ? { station: p.station } : {}) };
          },
        };
        const result = await this.inTurn(() => (pgUrl
          // Both ledgers verify only what is new since the last import, unless asked to check every file again.
          ? (this.opts.importShareToPg ?? importShareToPg)(folder, pgUrl, { ...common, ...(full ? { full: true } : {}) })
          : this.importDuckDb(folder, supplier, { ...common, signal: abort.signal, ...(full ? { full: true } : {}) })));
        this.current = { state: 'done', importId, source: folder, result: summarize(result) };
        this.logImport(folder, result);
      } catch (err) {
        const error = pgUrl && !(err instanceof ShareUnreadableError) ? pgFailure(err, pgUrl, 'import') : importError(folder, err);
        this.current = { state: 'failed', importId, source: folder, error };
        this.opts.logger?.error(`Import of ${folder} failed (${error.code}): ${error.message}`);
      }
    })();
    this.current = running;
    return ok({ importId });
  }

  /** The import's outcome in the log: one line, then each error and warning (the first MAX_LOGGED_PROBLEMS). */
  private logImport(folder: string, r: ImportResult): void {
    const log = this.opts.logger;
    if (!log) return;
    const { errors, warnings } = r.report;
    const line = `Import ${r.importId} of ${folder}: ${r.eventsAdded} events added from ${r.stations.length} stations; ${errors} errors, ${warnings} warnings.`;
    if (errors + warnings === 0) {
      log.info(line);
      return;
    }
    if (errors > 0) log.error(line);
    else log.warn(line);
    const problems = [...r.report.problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    for (const p of problems.slice(0, MAX_LOGGED_PROBLEMS)) {
      log.warn(`Import ${r.importId}: ${p.severity} ${p.code} at ${p.file}${p.line ? ` line ${p.line}` : ''} (station ${p.station}): ${p.message}`);
    }
    if (problems.length > MAX_LOGGED_PROBLEMS) log.warn(`Import ${r.importId}: ${problems.length - MAX_LOGGED_PROBLEMS} more problems, in the ledger (table import_problems).`);
  }

  async status(): Promise<ProcurementStatus> {
    const c = this.current;
    // A PostgreSQL ledger was checked and brought up to date when it was chosen: it exists.
    const base = { ledgerExists: this.pgUrl() !== null || (await exists(this.dbPath)), exportDefaults: this.exportDefaults(), ledger: this.ledger() };
    switch (c.state) {
      case 'idle':
        return { state: 'idle', ...base };
      case 'running':
        return { state: 'running', importId: c.importId, source: c.source, ...(c.progress ? { progress: { ...c.progress } } : {}), ...base };
      case 'done':
        return { state: 'done', importId: c.importId, source: c.source, result: c.result, ...base };
      case 'failed':
        return { state: 'failed', importId: c.importId, source: c.source, error: c.error, ...base };
    }
  }

  async scorecard(range: { from?: string | undefined; to?: string | undefined; supplier?: string | undefined }): Promise<Result<ScorecardView>> {
    const ready = await this.ledgerReady();
    if (!ready.ok) return ready;
    if (range.from && range.to && range.from > range.to) return fail('BAD_PERIOD', `The period starts (${range.from}) after it ends (${range.to}).`);
    const pgUrl = this.pgUrl();
    try {
      const { runs, deviations, integrity: _integrity, ...card } = await this.inTurn(() => (pgUrl
        ? withPgClient(pgUrl, 'compute the scorecard', (client) => scorecardOnPg(client, dropUndefined(range)))
        : this.scorecardOf(this.dbPath, dropUndefined(range))));
      return ok({ ...card, runRows: runs.length, deviationRows: deviations.length });
    } catch (err) {
      if (pgUrl && err instanceof PgLedgerError) return fail(err.code, err.message);
      return fail('SCORECARD_FAILED', `The scorecard could not be made: ${messageOf(err)}`);
    }
  }

  /** Suppliers side by side over one period (reports/suppliers.ts), on the ledger chosen; `supplier` keeps one. */
  async suppliers(args: { from?: string | undefined; to?: string | undefined; supplier?: string | undefined }): Promise<Result<SupplierComparisonView>> {
    const ready = await this.ledgerReady();
    if (!ready.ok) return ready;
    if (args.from && args.to && args.from > args.to) return fail('BAD_PERIOD', `The period starts (${args.from}) after it ends (${args.to}).`);
    const pgUrl = this.pgUrl();
    const compare = async (engine: ScorecardEngine): Promise<SupplierComparisonView> => {
      const allSuppliers = await listSuppliers(engine);
      const cmp = await compareSuppliers(engine, { ...dropUndefined({ from: args.from, to: args.to }), ...(args.supplier !== undefined ? { suppliers: [args.supplier] } : {}) });
      return { ...cmp, allSuppliers };
    };
    try {
      return ok(await this.inTurn(async () => {
        if (pgUrl) return withPgClient(pgUrl, 'compare the suppliers', (client: pg.Client) => compare(postgresEngine(client)));
        const ledger = await openExistingLedger(this.dbPath);
        try {
          return await compare(duckdbEngine(ledger.conn));
        } finally {
          ledger.close();
        }
      }));
    } catch (err) {
      if (pgUrl && err instanceof PgLedgerError) return fail(err.code, err.message);
      if (err instanceof ReportInputError && /has no supplier/.test(err.message)) return fail('NO_SUCH_SUPPLIER', err.message);
      return fail('SCORECARD_FAILED', `The suppliers could not be compared: ${messageOf(err)}`);
    }
  }

  async export(args: { format: ReportFormat; out: string; from?: string | undefined; to?: string | undefined; supplier?: string | undefined }): Promise<Result<{ files: string[] }>> {
    const ready = await this.ledgerReady();
    if (!ready.ok) return ready;
    const out = path.resolve(args.out);
    const pgUrl = this.pgUrl();
    const format = args.format;
    try {
      const range = dropUndefined({ from: args.from, to: args.to, supplier: args.supplier });
      const written = await this.inTurn(async () => (pgUrl
        ? withPgClient(pgUrl, format === 'parquet' ? 'write the Parquet files' : 'compute the scorecard',
          // A file that cannot be written is told as such, not as a PostgreSQL failure (withPgClient keeps an error without a code).
          (client) => writeReportPg(client, { format, out, ...range, ledger: redactPgUrl(pgUrl), generatorVersion: this.opts.toolVersion ?? APP_VERSION })
            .catch((err: unknown) => { throw isFileWriteFailure(err) ? new ExportFileFailure(err) : err; }))
        : this.report(this.dbPath, { format, out, ...range, ...dropUndefined({ generatorVersion: this.opts.toolVersion }) })));
      return ok({ files: [...written.files] });
    } catch (caught) {
      if (pgUrl && caught instanceof PgLedgerError) return fail(caught.code, caught.message);
      const err = caught instanceof ExportFileFailure ? caught.failure : caught;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EXPORT_LINK') return fail('EXPORT_LINK', messageOf(err));
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return fail('EXPORT_NOT_WRITABLE', `Steadywork may not write to ${out} (${code}).`);
      if (code === 'ENOENT' || code === 'ENOTDIR') return fail('EXPORT_NO_FOLDER', `The folder for ${out} cannot be made or found (${code}).`);
      if (code === 'ENOSPC') return fail('EXPORT_DISK_FULL', `The disk is full: ${out} was not written.`);
      return fail('EXPORT_FAILED', `The export to ${out} did not work: ${messageOf(err)}`);
    }
  }

  /**
   * The enrolment list and its changes (./enrolment.ts), on the ledger, when no import runs: every station with its
   * status; enrol one; export or import the list.
   */
  /** The enrolment of the PostgreSQL ledger, when it is the one chosen (else null: the DuckDB one, `enrolment`). */
  async enrolmentPg<T>(work: (client: pg.Client) => Promise<Result<T>>): Promise<Result<T> | null> {
    const pgUrl = this.pgUrl();
    if (!pgUrl) return null;
    if (this.current.state === 'running') return fail('IMPORT_RUNNING', 'An import is running. Wait until it has finished.');
    try {
      return await this.inTurn(() => withPgClient(pgUrl, 'read the enrolment', work));
    } catch (err) {
      if (err instanceof PgLedgerError) return fail(err.code, err.message);
      throw err;
    }
  }

  async enrolment<T>(work: (conn: Parameters<Parameters<typeof enrolmentCall>[1]>[0]) => Promise<Result<T>>, opts: { createLedger?: boolean } = {}): Promise<Result<T>> {
    // A second procurement computer may take the list before its first import: then the ledger is created.
    const ready = opts.createLedger && this.current.state !== 'running' ? ok(undefined) : await this.ledgerReady();
    if (!ready.ok) return ready;
    return this.inTurn(() => enrolmentCall(() => openLedger(this.dbPath), work));
  }

  /** Run `work` when no other ledger work of this service runs (its result or error is passed on). */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.ledgerTurn.then(work, work);
    this.ledgerTurn = run.catch(() => undefined);
    return run;
  }

  /** Waits for a running import (tests, shutdown). */
  async idle(): Promise<void> {
    if (this.current.state === 'running') await this.current.done;
  }

  /**
   * Shutdown: stops a running import (its workers are ended, its statement interrupted, its transaction rolled back)
   * and waits for it at most `waitMs`, whatever the share does.
   */
  async close(waitMs = 3000): Promise<void> {
    const c = this.current;
    if (c.state !== 'running') return;
    c.abort.abort(new Error('Steadywork is closing: the import was stopped; nothing of it was kept.'));
    let t: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([c.done, new Promise<void>((r) => { t = setTimeout(r, waitMs); t.unref?.(); })]);
    if (t) clearTimeout(t);
  }

  private async ledgerReady(): Promise<Result<void>> {
    if (this.current.state === 'running') return fail('IMPORT_RUNNING', 'An import is running. Wait until it has finished.');
    if (this.pgUrl() === null && !(await exists(this.dbPath))) return fail('NO_LEDGER', 'Nothing has been imported yet. Import a shared folder first.');
    return ok(undefined);
  }
}

/** A file of an export that could not be written, carried through withPgClient without being taken for PostgreSQL's. */
class ExportFileFailure extends Error {
  constructor(readonly failure: unknown) {
    super(messageOf(failure));
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The folder must exist and be a folder; the importer checks the rest (its "stations" folder). */
async function checkFolder(folder: string): Promise<Result<void>> {
  try {
    const st = await stat(folder);
    if (!st.isDirectory()) return fail('SHARE_NOT_FOLDER', `${folder} is a file, not a folder.`);
    return ok(undefined);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('SHARE_NOT_FOUND', `There is no folder ${folder}.`);
    return fail('SHARE_UNREADABLE', `The folder ${folder} cannot be read (${code ?? messageOf(err)}).`);
  }
}

function importError(folder: string, err: unknown): ErrorInfo {
  if (err instanceof ShareUnreadableError) {
    const notShare = /not a Steadywork shared folder/.test(err.message);
    const missing = /^There is no folder/.test(err.message);
    return { code: notShare ? 'SHARE_NOT_STEADYWORK' : missing ? 'SHARE_NOT_FOUND' : 'SHARE_UNREADABLE', message: err.message.includes(folder) ? err.message : `${folder}: ${err.message}` };
  }
  if (err instanceof LedgerOpenError) return { code: 'LEDGER_UNAVAILABLE', message: err.message };
  return { code: 'IMPORT_FAILED', message: `The import of ${folder} stopped: ${messageOf(err)}` };
}

/** The JSON-safe part of an import result, for the screen. */
export function summarize(r: ImportResult): ImportSummary {
  const names = new Map(r.stations.map((s) => [s.station, s.name]));
  // Errors first, then warnings; in the order the verifier found them within each.
  const sorted = [...r.report.problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const problems: ImportProblem[] = sorted.slice(0, MAX_IMPORT_PROBLEMS).map((p) => ({
    station: p.station,
    stationName: names.get(p.station) ?? null,
    file: p.file,
    line: p.line,
    code: p.code,
    severity: p.severity,
    expected: p.expected,
    found: p.found,
    message: p.message,
  }));
  return {
    importId: r.importId,
    share: r.report.share,
    checkedAt: r.report.checkedAt,
    finishedAt: new Date().toISOString(),
    ok: r.report.ok,
    errors: r.report.errors,
    warnings: r.report.warnings,
    events: r.report.events,
    eventsAdded: r.eventsAdded,
    standardsAdded: r.standardsAdded,
    stations: r.stations.map((s) => ({ station: s.station, name: s.name, status: s.status, added: s.added, headSeq: s.headSeq, errors: s.errors, warnings: s.warnings })),
    problems,
    problemsLeftOut: Math.max(0, sorted.length - MAX_IMPORT_PROBLEMS),
    fullCheck: r.report.stations.some((s) => s.verification.reason === 'asked'),
    notReadAgain: r.report.stations.filter((s) => s.verification.mode === 'incremental').length,
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function dropUndefined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
