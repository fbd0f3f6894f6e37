import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SHARE_READ_DEADLINE_MS } from '../files/share-read';
import { findWorkerScriptFor } from '../files/worker-script';
import { shareReadProblem } from './problems';
import { checkStation, settle, type StationCheck, type StationCheckTask } from './station-check';

/**
 * Runs station checks in worker threads (one station per worker at a time; in this thread only when asked with
 * `workers: 0` or when no worker can start), each watched by a deadline (see runStationChecks). Either way `onDone` is called as each station finishes, in completion order,
 * so that the importer can write one station to the database while the next ones are still being verified.
 */
export interface PoolOptions {
  /** Worker threads; 0 = in this thread. Default: the number of cores (at most 8), 0 on a single core. */
  workers?: number;
  /** The worker script, a .cjs file (default: see findWorkerScript). */
  workerScript?: string;
  onDone?: (check: StationCheck) => void;
  /** A worker that reads nothing from the share for this long is left behind: NOT_ANSWERING (default 30 s). */
  deadlineMs?: number;
  /** Ends every worker at once and rejects (app closing, SIGTERM). */
  signal?: AbortSignal;
  /** Workers already started (startCheckWorkers): taken before any new one is started. */
  started?: StartedWorkers | null;
}

type WorkerMessage = { ready?: true; id: number; progress?: number; result?: StationCheck; error?: string };

/** A worker thread of the pool, with what it said before the pool listened (its 'ready', or an error). */
interface PoolWorker {
  worker: Worker;
  ready: boolean;
  failure: Error | null;
  onMessage: ((msg: WorkerMessage) => void) | null;
  onError: ((err: Error) => void) | null;
}

function startWorker(script: { file: string; eval: boolean }): PoolWorker {
  const w = new Worker(script.file, { workerData: { steadyworkLedgerWorker: true }, eval: script.eval });
  const pw: PoolWorker = { worker: w, ready: false, failure: null, onMessage: null, onError: null };
  w.on('message', (msg: WorkerMessage) => {
    if (pw.onMessage) pw.onMessage(msg);
    else if (msg.ready) pw.ready = true;
  });
  w.on('error', (err) => {
    if (pw.onError) pw.onError(err);
    else pw.failure ??= err;
  });
  return pw;
}

/**
 * Worker threads started before their stations are known: loading a worker takes about 0.1 s, which an import spends
 * opening its ledger instead of waiting (importShare, for a new ledger, where every station is verified in full).
 * runStationChecks takes them first; `close` ends those it did not take.
 */
export class StartedWorkers {
  private readonly idle: PoolWorker[];

  constructor(count: number, script: { file: string; eval: boolean }) {
    this.idle = [];
    try {
      for (let k = 0; k < count; k++) this.idle.push(startWorker(script));
    } catch (err) {
      this.close();
      throw err;
    }
  }

  take(): PoolWorker | undefined {
    return this.idle.shift();
  }

  close(): void {
    for (const pw of this.idle.splice(0)) {
      pw.worker.unref();
      void pw.worker.terminate().catch(() => undefined);
    }
  }
}

/** Start `count` verification workers now (null when no worker script is found: runStationChecks then decides). */
export function startCheckWorkers(count: number, workerScript?: string): StartedWorkers | null {
  const script = workerScript ? { file: workerScript, eval: false } : findWorkerScript();
  if (!script || count <= 0) return null;
  try {
    return new StartedWorkers(count, script);
  } catch {
    // A worker that cannot even be made (a bad path): runStationChecks meets it again and checks in this thread.
    return null;
  }
}

/**
 * One per core, at most 8, and at least one even on a single core: the share is read with synchronous calls in the
 * workers, so that a hanging share holds a worker (given up after the deadline), never this thread or Node's
 * file-I/O threads (0 workers, in this thread, is for tests and the fallback only).
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * How to start a worker: the bundled worker next to the running bundle (dist/ledger/worker.cjs), or, in development
 * (tests, tsx), the TypeScript source loaded through tsx's require hook. Null when neither is available.
 */
export function findWorkerScript(): { file: string; eval: boolean } | null {
  return findWorkerScriptFor('ledger/worker.cjs', typeof __dirname === 'string' ? __dirname : process.cwd(), 'worker.ts');
}

/** After this many stations whose share stopped answering, the remaining ones are not tried (each would wait as long). */
export const MAX_HUNG_STATIONS = 3;

/** The check of a station whose share did not answer in time: reported NOT_ANSWERING, nothing of it imported. */
export function unansweredCheck(task: StationCheckTask, why: string): StationCheck {
  const check: StationCheck = {
    station: task.station, name: null, publicKey: task.known?.publicKey ?? null, keyId: task.known?.keyId ?? null, trusted: false, rejected: true,
    files: [], records: 0, seals: 0, head: null, verifiedThrough: null, firstErrorSeq: 0, importedThrough: task.known?.headSeq ?? 0, importable: null,
    problems: [{ station: task.station, ...shareReadProblem({ code: 'NOT_ANSWERING', found: why }, `stations/${task.station}`, 'an answer from the shared folder', 'nothing new of this station was imported this time') }],
    ignored: [], duplicates: [], bytes: 0, attachments: [], verification: { mode: task.full ? 'full' : 'incremental', reason: null, read: [] },
  };
  settle(check);
  return check;
}

/**
 * A station checked again in this thread after its worker failed: in fresh private folders, since the worker may have
 * made some of its copies already (they are created, never replaced) or may still be ending. A station folder's name
 * never starts with "." (verify-share.ts), so these cannot meet a station's own folder.
 */
function inThisThread(task: StationCheckTask): StationCheckTask {
  const { memoryCopyDir, ...rest } = task;
  return {
    ...rest,
    copyDir: path.join(task.copyDir, '.in-this-thread'),
    ...(memoryCopyDir !== undefined ? { memoryCopyDir: path.join(memoryCopyDir, '.in-this-thread') } : {}),
  };
}

export async function runStationChecks(tasks: StationCheckTask[], opts: PoolOptions = {}): Promise<StationCheck[]> {
  opts.signal?.throwIfAborted();
  const results: Array<StationCheck | undefined> = tasks.map(() => undefined);
  const wanted = Math.min(opts.workers ?? defaultWorkers(), tasks.length);
  const script = wanted > 0 ? (opts.workerScript ? { file: opts.workerScript, eval: false } : findWorkerScript()) : null;
  const deadlineMs = opts.deadlineMs ?? SHARE_READ_DEADLINE_MS;
  let next = 0;
  const inProcess = async (): Promise<void> => {
    while (next < tasks.length) {
      opts.signal?.throwIfAborted();
      const i = next++;
      results[i] = await checkStation(tasks[i] as StationCheckTask);
      opts.onDone?.(results[i] as StationCheck);
    }
  };
  if (!script || wanted <= 0) {
    await inProcess();
    return results as StationCheck[];
  }

  const workers = new Set<Worker>();
  let watchdog: ReturnType<typeof setInterval> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      let hung = 0;
      /** What each worker is doing: the task's index and when it last read something from the share. */
      const busy = new Map<Worker, { id: number; since: number }>();
      const finish = (i: number, check: StationCheck): void => {
        results[i] = check;
        opts.onDone?.(check);
      };
      const maybeDone = (): void => {
        if (!failed && busy.size === 0 && next >= tasks.length) resolve();
      };
      const startOn = (w: Worker): void => {
        if (failed || next >= tasks.length) return;
        const i = next++;
        busy.set(w, { id: i, since: Date.now() });
        w.postMessage({ id: i, task: tasks[i] });
      };
      const spawn = (): void => {
        const pw = opts.started?.take() ?? startWorker(script);
        const w = pw.worker;
        workers.add(w);
        pw.onMessage = (msg) => {
          if (msg.ready) {
            startOn(w);
            maybeDone();
            return;
          }
          const b = busy.get(w);
          if (!b || b.id !== msg.id) return; // a late answer of a station already given up
          if (msg.progress !== undefined) {
            b.since = Date.now();
            return;
          }
          busy.delete(w);
          if (msg.error !== undefined || !msg.result) {
            failed = true;
            reject(new Error(`Checking station ${tasks[msg.id]?.station ?? '?'} failed: ${msg.error ?? 'no result'}`));
            return;
          }
          finish(msg.id, msg.result);
          startOn(w);
          maybeDone();
        };
        pw.onError = (err) => {
          if (failed) return;
          failed = true;
          reject(err);
        };
        // A worker started before (startCheckWorkers) may have said it is ready, or failed, already.
        if (pw.failure) pw.onError(pw.failure);
        else if (pw.ready) pw.onMessage({ ready: true, id: -1 });
      };
      for (let k = 0; k < wanted; k++) spawn();
      // The deadline: a worker that has read nothing for deadlineMs is left behind (ended, never awaited: it may be
      // blocked in a read of a hanging share); its station is reported NOT_ANSWERING and a new worker takes over.
      watchdog = setInterval(() => {
        const now = Date.now();
        for (const [w, b] of [...busy]) {
          if (now - b.since <= deadlineMs) continue;
          busy.delete(w);
          workers.delete(w);
          w.removeAllListeners('message');
          w.on('error', () => undefined);
          w.unref();
          void w.terminate().catch(() => undefined);
          hung++;
          finish(b.id, unansweredCheck(tasks[b.id] as StationCheckTask, `nothing read for ${Math.round(deadlineMs / 1000)} s`));
          if (hung >= MAX_HUNG_STATIONS) {
            // The share has stopped answering: the stations not started yet are told so at once.
            while (next < tasks.length) {
              const i = next++;
              finish(i, unansweredCheck(tasks[i] as StationCheckTask, `the shared folder stopped answering (${hung} stations without an answer)`));
            }
          } else {
            spawn();
          }
        }
        maybeDone();
      }, Math.max(10, Math.min(1000, Math.floor(deadlineMs / 4))));
      watchdog.unref?.();
      onAbort = () => {
        if (failed) return;
        failed = true;
        reject(opts.signal?.reason ?? new Error('aborted'));
      };
      opts.signal?.addEventListener('abort', onAbort);
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    if (process.env.STEADYWORK_DEBUG_WORKERS) process.stderr.write(`steadywork: ledger workers failed, continuing in one thread: ${String(err)}\n`);
    // A worker that cannot start (e.g. no worker script in this packaging) must not stop the import: finish here.
    for (const w of workers) void w.terminate().catch(() => undefined);
    workers.clear();
    const missing = tasks.map((_, i) => i).filter((i) => results[i] === undefined);
    for (const i of missing) {
      results[i] = await checkStation(inThisThread(tasks[i] as StationCheckTask));
      opts.onDone?.(results[i] as StationCheck);
    }
    if (results.some((r) => r === undefined)) throw err;
  } finally {
    if (watchdog) clearInterval(watchdog);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    // Never awaited: a worker blocked in a read of a hanging share would hold the caller until the read returns.
    for (const w of workers) {
      w.unref();
      void w.terminate().catch(() => undefined);
    }
  }
  return results as StationCheck[];
}
