import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkShareFolder, readShareFile, ShareReadError, withShareDeadline } from '../files/share-read';
import { isStandardFileName, loadStandardsFromDir, StandardRegistry, type LoadedStandard } from '../standards';
import { SHARE_STANDARDS_DIR, STATIONS_DIR } from '../sync/layout';
import type { KnownLedger } from './known';
import { withCopyDir } from './copy-folder';
import { runStationChecks, type StartedWorkers } from './pool';
import { shareReadProblem, type LedgerProblem } from './problems';
import { quickLooks, usableMemory, type QuickLookTask } from './remembered';
import type { EventCheckSettings } from './event-checks';
import { settle, type StationCheck, type StationCheckTask } from './station-check';

export interface LedgerProgress {
  /** 'verify': stations checked (done/total in bytes); 'import': events written; 'done'. */
  phase: 'scan' | 'verify' | 'import' | 'done';
  done: number;
  total: number;
  unit: 'stations' | 'bytes' | 'events';
  station?: string;
}

export interface VerifyShareOptions {
  known?: KnownLedger;
  /**
   * Read and verify every segment again, also those the ledger remembers as verified (`known` segments), and compare
   * them with what was remembered (HISTORY_REWRITTEN). Default: only what is new (docs/ledger.md §3b).
   */
  full?: boolean;
  /** "Now" for the far-future clock check; default Date.now(). */
  nowMs?: number;
  /** Time may go back this much between consecutive events before it is reported (default 5 minutes). */
  clockBackwardsMs?: number;
  /** Events dated more than this after now are reported (default 1 day). */
  clockFutureMs?: number;
  /** Most problems listed per station (default 1000). */
  maxProblemsPerStation?: number;
  /** Worker threads for verification (default: one per core, at most 8; 0 = none). */
  workers?: number;
  workerScript?: string;
  /** Workers started beforehand (startCheckWorkers): used first. Their owner closes those not used. */
  startedWorkers?: StartedWorkers | null;
  onProgress?: (p: LedgerProgress) => void;
  /** Told about each station as soon as it is checked (the importer writes it to the database meanwhile). */
  onStation?: (check: StationCheck) => void;
  /** Told about the share's valid standards before the stations are checked. */
  onStandards?: (standards: LoadedStandard[]) => void;
  /**
   * A station whose worker reads nothing from the share for this long is reported NOT_ANSWERING and the others go on
   * (default SHARE_READ_DEADLINE_MS, 30 s). Also the deadline of each standard's read.
   */
  deadlineMs?: number;
  /** Stops the verification (app closing, SIGTERM): the workers are ended at once and the call rejects. */
  signal?: AbortSignal;
  /**
   * Where the private copies of the verified segments go (a folder of this process, mode 0700): by default a new
   * folder in the system's temporary folder, removed afterwards. See StationCheckTask.copyDir.
   */
  copyDir?: string;
  /** A folder in memory for the copies of stations that fit there (copy-folder.ts; given by withCopyDir). */
  memoryCopyDir?: string;
  /** Tests only: reading this segment of any station stalls (a share that stops answering). */
  stall?: { station?: string; name: string; ms: number };
  /** The PostgreSQL import: each station check also writes its events' COPY rows (StationCheckTask.pgRows). */
  pgRows?: { supplier: string; importId: number };
  /** Tests only: the quick look at this station stalls (a share that stops answering while nothing is new). */
  lookStall?: { station: string; ms: number };
}

export interface ShareReport {
  share: string;
  checkedAt: string;
  /** No errors (warnings allowed). */
  ok: boolean;
  errors: number;
  warnings: number;
  /** Events (lines) found in all stations' segments. */
  events: number;
  bytes: number;
  stations: StationCheck[];
  standards: Array<{ hash: string; id: string; version: number; file: string }>;
  /** Every problem: the share's own (standards), then each station's. */
  problems: LedgerProblem[];
}

/** The shared folder cannot be read at all (missing, not a folder, no stations folder): exit code 2 in the CLI. */
export class ShareUnreadableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShareUnreadableError';
  }
}

export const DEFAULT_CLOCK_BACKWARDS_MS = 5 * 60 * 1000;
export const DEFAULT_CLOCK_FUTURE_MS = 24 * 60 * 60 * 1000;

const isIgnoredName = (n: string) => n.startsWith('.') || n.startsWith('~');

export interface Inspection {
  report: ShareReport;
  /** The share's valid standards (not in conflict with the ledger). */
  standards: LoadedStandard[];
  /** Content hashes events may refer to: the share's valid standards and the ledger's. */
  knownStandards: Set<string>;
  /** Problems of the share itself (its standards). */
  shareProblems: LedgerProblem[];
  /** The private folder holding the verified copies (each CheckedFile.copy is in it). */
  copyDir: string;
}

/**
 * The share's standards folder, entry by entry without following anything: links, FIFOs, sockets and devices named
 * like standards are reported (warnings: events that use a standard that is not there are errors of their own) and
 * not read. False when there is no standards folder to read.
 */
async function hostileStandards(stdDir: string, rel: (file: string) => string, problems: LedgerProblem[]): Promise<boolean> {
  try {
    await checkShareFolder(stdDir);
  } catch (err) {
    if (err instanceof ShareReadError && err.code === 'MISSING') return false;
    if (err instanceof ShareReadError) {
      problems.push({ station: '', ...shareReadProblem(err, rel(stdDir), 'the standards folder itself (a folder, not a link)', 'no standard of the shared folder is used'), severity: 'warning' });
    }
    return false;
  }
  for (const d of await withShareDeadline(stdDir, readdir(stdDir, { withFileTypes: true })).catch(() => [])) {
    if (!isStandardFileName(d.name) || d.isFile() || d.isDirectory()) continue;
    const what = d.isSymbolicLink() ? { code: 'LINK', found: 'a symbolic link' } : { code: 'NOT_A_FILE', found: d.isFIFO() ? 'a FIFO (named pipe)' : d.isSocket() ? 'a socket' : 'a device' };
    problems.push({ station: '', ...shareReadProblem(what, rel(path.join(stdDir, d.name)), 'a standard: a regular file', 'it is not used as a standard'), severity: 'warning' });
  }
  return true;
}

/**
 * The share's station folders. Throws ShareUnreadableError when the folder is missing, is not a folder, or has no
 * readable "stations" folder (before anything is written anywhere).
 */
export async function listStationFolders(shareDir: string): Promise<{ share: string; folders: string[] }> {
  const share = path.resolve(shareDir);
  try {
    const st = await withShareDeadline(share, stat(share));
    if (!st.isDirectory()) throw new ShareUnreadableError(`${share} is not a folder.`);
  } catch (err) {
    if (err instanceof ShareUnreadableError) throw err;
    if (err instanceof ShareReadError) throw new ShareUnreadableError(`The folder ${share} does not answer (${err.found}). Check the network connection to it, then try again.`, { cause: err });
    const code = (err as NodeJS.ErrnoException).code;
    throw new ShareUnreadableError(code === 'ENOENT' ? `There is no folder ${share}.` : `The folder ${share} cannot be read (${code ?? String(err)}).`, { cause: err });
  }
  try {
    const entries = await withShareDeadline(share, readdir(path.join(share, STATIONS_DIR), { withFileTypes: true }));
    return { share, folders: entries.filter((e) => e.isDirectory() && !isIgnoredName(e.name)).map((e) => e.name).sort() };
  } catch (err) {
    if (err instanceof ShareReadError) throw new ShareUnreadableError(`The folder ${share} does not answer (${err.found}). Check the network connection to it, then try again.`, { cause: err });
    const code = (err as NodeJS.ErrnoException).code;
    throw new ShareUnreadableError(code === 'ENOENT'
      ? `${share} is not a Steadywork shared folder: it has no "${STATIONS_DIR}" folder.`
      : `The stations folder of ${share} cannot be read (${code ?? String(err)}).`, { cause: err });
  }
}

/**
 * Check the share: its standards, and each station folder (identity, files, the journal verifier, and the events' own
 * checks — clock, standards — made from the records as they are verified: event-checks.ts). `countRuns`: count the
 * runs in the new verified events (steadywork verify).
 */
export async function inspectShare(shareDir: string, opts: VerifyShareOptions & { copyDir: string; countRuns?: boolean }): Promise<Inspection> {
  const { share, folders } = await listStationFolders(shareDir);
  const copyDir = opts.copyDir;
  opts.onProgress?.({ phase: 'scan', done: 0, total: folders.length, unit: 'stations' });

  // Standards: the share's, checked like a station loads them; a version that changed is refused.
  const shareProblems: LedgerProblem[] = [];
  const rel = (file: string) => path.relative(share, file).split(path.sep).join('/');
  const registry = new StandardRegistry();
  for (const [hash, s] of opts.known?.standards ?? []) registry.rememberKnownHash({ id: s.id, version: s.version, hash });
  const stdDir = path.join(share, SHARE_STANDARDS_DIR);
  const hasStandards = await hostileStandards(stdDir, rel, shareProblems);
  if (hasStandards) {
    const deadlineMs = opts.deadlineMs;
    const res = await loadStandardsFromDir(stdDir, { read: (file, max) => readShareFile(file, max, deadlineMs !== undefined ? { deadlineMs } : {}) });
    const loaded = res.standards;
    const refused = new Set(shareProblems.map((p) => p.file));
    for (const e of res.errors) {
      if (refused.has(rel(e.file))) continue; // a link, FIFO, … reported above
      shareProblems.push({ station: '', file: rel(e.file), line: 0, code: 'STANDARD_INVALID', severity: 'warning', expected: e.expected, found: e.found,
        message: `${rel(e.file)} is not a valid standard: ${e.message}. Events that use it cannot be matched to a checklist until it is fixed.` });
    }
    for (const e of registry.add(loaded)) {
      shareProblems.push({ station: '', file: rel(e.file), line: 0, code: 'STANDARD_CONFLICT', severity: 'error', expected: e.expected, found: e.found,
        message: `${rel(e.file)}: ${e.message}. A published version never changes: ask the standard's owner why it was changed, and to publish changes as a new version.` });
    }
  }
  const accepted = registry.all();
  opts.onStandards?.(accepted);
  const knownHashes = new Set<string>([...(opts.known?.standards.keys() ?? []), ...accepted.map((s) => s.hash)]);
  // A hash refused as a conflict is not "known", even if the ledger has another content for the same version.

  const nowMs = opts.nowMs ?? Date.now();
  const events: EventCheckSettings = {
    knownStandards: [...knownHashes],
    nowMs,
    clockBackwardsMs: opts.clockBackwardsMs ?? DEFAULT_CLOCK_BACKWARDS_MS,
    clockFutureMs: opts.clockFutureMs ?? DEFAULT_CLOCK_FUTURE_MS,
    ...(opts.countRuns ? { countRuns: true } : {}),
  };
  const tasks: StationCheckTask[] = folders.map((station) => ({
    share,
    station,
    known: opts.known?.stations.get(station) ?? null,
    maxProblems: opts.maxProblemsPerStation ?? 1000,
    ...(opts.full ? { full: true } : {}),
    events,
    copyDir,
    ...(opts.memoryCopyDir !== undefined ? { memoryCopyDir: opts.memoryCopyDir } : {}),
    ...(opts.stall ? { stall: opts.stall } : {}),
    ...(opts.pgRows ? { pgRows: opts.pgRows } : {}),
  }));

  // Incremental: a station exactly as remembered is answered by a quick look here (no segment read, no worker);
  // the others (something new, something changed, nothing remembered, --full) by the full station check in a worker.
  let doneStations = 0;
  const lookAt: QuickLookTask[] = [];
  for (const task of opts.full || opts.stall ? [] : tasks) {
    const memory = usableMemory(task.known);
    if (memory.ok && task.known) lookAt.push({ station: task.station, known: task.known, remembered: memory.segments });
  }
  opts.signal?.throwIfAborted();
  const { checks: quick } = await quickLooks(share, lookAt, { deadlineMs: opts.deadlineMs, stall: opts.lookStall });
  for (const task of tasks) {
    const check = quick.get(task.station);
    if (!check) continue;
    doneStations++;
    opts.onProgress?.({ phase: 'verify', done: doneStations, total: folders.length, unit: 'stations', station: task.station });
    opts.onStation?.(check);
  }
  const checked = await runStationChecks(tasks.filter((t) => !quick.has(t.station)), {
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(opts.workerScript ? { workerScript: opts.workerScript } : {}),
    ...(opts.startedWorkers ? { started: opts.startedWorkers } : {}),
    ...(opts.deadlineMs !== undefined ? { deadlineMs: opts.deadlineMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onDone: (check) => {
      doneStations++;
      opts.onProgress?.({ phase: 'verify', done: doneStations, total: folders.length, unit: 'stations', station: check.station });
      opts.onStation?.(check);
    },
  });
  const byStation = new Map(checked.map((c) => [c.station, c]));
  const stations = tasks.map((t) => (quick.get(t.station) ?? byStation.get(t.station)) as StationCheck);

  const report = summarize({
    share,
    checkedAt: new Date(nowMs).toISOString(),
    ok: true,
    errors: 0,
    warnings: 0,
    events: 0,
    bytes: 0,
    stations,
    standards: accepted.map((s) => ({ hash: s.hash, id: s.ref.id, version: s.ref.version, file: rel(s.file) })),
    problems: [],
  }, shareProblems);
  return { report, standards: accepted, knownStandards: knownHashes, shareProblems, copyDir };
}

/** Recount the report from its stations (after later checks added problems). */
export function summarize(report: ShareReport, shareProblems: LedgerProblem[], extra: LedgerProblem[] = []): ShareReport {
  const problems = [...shareProblems, ...report.stations.flatMap((s) => s.problems), ...extra];
  const errors = problems.filter((p) => p.severity === 'error').length;
  return {
    ...report,
    ok: errors === 0,
    errors,
    warnings: problems.length - errors,
    events: report.stations.reduce((n, s) => n + s.records, 0),
    bytes: report.stations.reduce((n, s) => n + s.bytes, 0),
    problems,
  };
}

/** Add problems found by later checks to their stations, and work out again what each station may import. */
export function addStationProblems(stations: StationCheck[], problems: LedgerProblem[]): Set<string> {
  const byStation = new Map(stations.map((s) => [s.station, s]));
  const touched = new Set<string>();
  for (const p of problems) {
    const s = byStation.get(p.station);
    if (!s) continue;
    s.problems.push(p);
    touched.add(p.station);
  }
  for (const id of touched) {
    const s = byStation.get(id) as StationCheck;
    s.problems.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line));
    settle(s);
  }
  return touched;
}

/**
 * read_json column types of the fields of a journal line (docs/journal.md §3) that the events table keeps: `v` and
 * `prev` are left out (the verifier has checked them; not reading them saves DuckDB about 8% of the import's work).
 */
export const EVENT_COLUMNS = `{seq: 'BIGINT', id: 'UUID', station: 'VARCHAR', 'at': 'VARCHAR', actor: 'VARCHAR', type: 'VARCHAR', run: 'UUID', ` +
  `standard: 'STRUCT(id VARCHAR, version INTEGER, hash VARCHAR)', step: 'VARCHAR', value: 'JSON', reason: 'VARCHAR', supersedes: 'UUID', data: 'JSON'}`;

/**
 * Verify a shared folder without importing: every station folder's identity, segment files (conflict copies,
 * forks, overlaps), chain, seq, seals and signatures (the journal verifier), the standards events refer to, the
 * clock, and — given what the ledger knows — key changes and history that shrank or was rewritten.
 * Throws ShareUnreadableError when the folder cannot be read at all.
 */
export async function verifyShare(shareDir: string, opts: VerifyShareOptions = {}): Promise<ShareReport> {
  await listStationFolders(shareDir); // an unreadable share is told before anything is made
  return withCopyDir(opts.copyDir, tmpdir(), (folders) => verifyInto(shareDir, { ...opts, ...folders }));
}

async function verifyInto(shareDir: string, opts: VerifyShareOptions & { copyDir: string }): Promise<ShareReport> {
  // Everything, the events' clock and standards and the runs included, is checked as the records are verified: no second read.
  const { report, shareProblems } = await inspectShare(shareDir, { ...opts, countRuns: true });
  const final = summarize(report, shareProblems);
  opts.onProgress?.({ phase: 'done', done: final.stations.length, total: final.stations.length, unit: 'stations' });
  return final;
}
