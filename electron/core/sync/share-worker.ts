/**
 * The station's share I/O off Node's file-I/O threads (issue 11 item 3): sync (publishing segments and the identity,
 * pulling and pushing standards) and the shared-folder check run their file operations in a worker thread of their
 * own, with synchronous calls (share-ops.ts), so that a share that hangs (a dead network drive) blocks that worker
 * and never the libuv threads where the journal's fdatasync runs.
 *
 * A bounded pool: one worker does one operation at a time; an operation without an answer by its deadline is
 * reported NOT_ANSWERING and its worker is left behind (ended, never awaited: it may be blocked in the kernel); the
 * next operation starts a new worker. While `maxHung` workers are left behind and still blocked, every operation is
 * answered NOT_ANSWERING at once, so a share that hangs holds at most 1 + maxHung threads however often it is asked.
 *
 * Where no worker script can be found, stationShareFs/stationFolderCheckFs fall back to the asynchronous node
 * operations (nodeShareFs, nodeFolderCheckFs).
 */
import { Worker } from 'node:worker_threads';
import { MAX_SEGMENT_BYTES, SHARE_READ_DEADLINE_MS, ShareReadError } from '../files/share-read';
import { findWorkerScriptFor, type WorkerScript } from '../files/worker-script';
import type { FolderCheckFs } from './folder-check';
import { fromShareOpError, type ShareOp, type ShareOpError, type ShareStatData } from './share-ops';
import type { ShareFileHandle, ShareFs } from './share-fs';

export interface ShareWorkerOptions {
  /** An operation without an answer for this long is NOT_ANSWERING (default 30 s, SHARE_READ_DEADLINE_MS). */
  deadlineMs?: number;
  /** Workers left behind (blocked) at most; beyond, operations answer NOT_ANSWERING at once (default 2). */
  maxHung?: number;
  /** For tests: data for a test's own worker script. */
  workerData?: Record<string, unknown>;
  /** Told when an operation is given up (for the log). */
  onHung?: (what: string) => void;
}

type Pending = { id: number; what: string; resolve: (v: unknown) => void; reject: (e: Error) => void; timer?: ReturnType<typeof setTimeout> };

/** The worker script of the share worker, or null when there is none in this packaging. */
export function findShareWorkerScript(): WorkerScript | null {
  return findWorkerScriptFor('sync/share-worker.cjs', typeof __dirname === 'string' ? __dirname : process.cwd(), 'share-worker-thread.ts');
}

export class ShareWorker {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  /** Workers left behind that have not ended yet. */
  private hung = new Set<Worker>();
  private chain: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;
  private readonly deadlineMs: number;
  private readonly maxHung: number;

  constructor(private readonly script: WorkerScript, private readonly opts: ShareWorkerOptions = {}) {
    this.deadlineMs = opts.deadlineMs ?? SHARE_READ_DEADLINE_MS;
    this.maxHung = opts.maxHung ?? 2;
  }

  /** Threads this pool holds now (the live worker and those left behind): for tests and diagnostics. */
  get threads(): number {
    return this.hung.size + (this.worker ? 1 : 0);
  }

  /**
   * Runs `req` in the worker, one operation at a time; rejects with what the file system threw, or NOT_ANSWERING.
   * `deadlineMs`: this operation's deadline, instead of the pool's.
   */
  call<T>(req: ShareOp, deadlineMs?: number): Promise<T> {
    const run = this.chain.then(() => this.run<T>(req, deadlineMs ?? this.deadlineMs));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Ends every worker without waiting for them (a worker blocked on the share ends when its call returns). */
  close(): void {
    this.closed = true;
    for (const w of [this.worker, ...this.hung]) {
      if (!w) continue;
      w.unref();
      void w.terminate().catch(() => undefined);
    }
    this.worker = null;
    this.ready = null;
  }

  private async run<T>(req: ShareOp, deadlineMs: number): Promise<T> {
    const what = 'p' in req ? req.p : 'from' in req ? req.from : `file handle ${req.fd}`;
    if (this.closed) throw new ShareReadError('NOT_ANSWERING', what, 'the station is closing');
    if (this.hung.size >= this.maxHung) {
      throw new ShareReadError('NOT_ANSWERING', what, `the shared folder still does not answer (${this.hung.size} earlier operations have not returned)`);
    }
    const worker = await this.start();
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      const pending: Pending = { id, what, resolve: resolve as (v: unknown) => void, reject };
      pending.timer = setTimeout(() => {
        this.abandon(worker);
        reject(new ShareReadError('NOT_ANSWERING', what, `no answer within ${Math.round(deadlineMs / 1000)} s`));
        this.opts.onHung?.(what);
      }, deadlineMs);
      pending.timer.unref?.();
      this.current = pending;
      worker.ref(); // an operation in flight keeps the process alive; an idle worker does not
      worker.postMessage({ id, req });
    });
  }

  private current: Pending | null = null;

  /** The live worker, started if needed; its deadline starts only once it is ready (loading can be slow). */
  private start(): Promise<Worker> {
    if (this.ready) return this.ready;
    const w = new Worker(this.script.file, { eval: this.script.eval, workerData: { steadyworkShareWorker: true, ...this.opts.workerData } });
    w.unref(); // an idle share worker never keeps the process alive
    this.worker = w;
    this.ready = new Promise<Worker>((resolve, reject) => {
      w.on('message', (msg: { ready?: true; id?: number; value?: unknown; error?: ShareOpError }) => {
        if (msg.ready) {
          resolve(w);
          return;
        }
        const p = this.current;
        if (!p || p.id !== msg.id || this.worker !== w) return; // a late answer of an operation given up
        this.current = null;
        if (p.timer) clearTimeout(p.timer);
        w.unref();
        if (msg.error) p.reject(fromShareOpError(msg.error));
        else p.resolve(msg.value);
      });
      w.on('error', (err) => {
        if (this.worker === w) {
          this.worker = null;
          this.ready = null;
          const p = this.current;
          this.current = null;
          if (p?.timer) clearTimeout(p.timer);
          p?.reject(err);
        }
        reject(err);
      });
      w.on('exit', () => {
        this.hung.delete(w);
        if (this.worker === w) {
          this.worker = null;
          this.ready = null;
        }
      });
    });
    return this.ready;
  }

  private abandon(w: Worker): void {
    this.current = null;
    if (this.worker === w) {
      this.worker = null;
      this.ready = null;
    }
    this.hung.add(w);
    w.unref();
    void w.terminate().catch(() => undefined);
  }
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

function statOf(s: ShareStatData) {
  return { size: s.size, isDirectory: () => s.isDirectory, isFile: () => s.isFile, isSymbolicLink: () => s.isSymbolicLink };
}

function handle(w: ShareWorker, fd: number): ShareFileHandle {
  return {
    write: async (data, offset, length) => ({ bytesWritten: await w.call<number>({ op: 'write', fd, data: data.subarray(offset, offset + length) }) }),
    sync: () => w.call<null>({ op: 'sync', fd }).then(() => undefined),
    close: () => w.call<null>({ op: 'close', fd }).then(() => undefined),
  };
}

/**
 * The share worker pools of a station, one for sync and one for the shared-folder check (a check that hangs never
 * holds a sync's operations, nor the other way round), or null where no worker script exists (the node operations
 * are used then). `close()` ends them without waiting.
 */
export function stationShareWorkers(opts: Omit<ShareWorkerOptions, 'script'> & { script?: WorkerScript | null; folderCheckDeadlineMs?: number } = {}): {
  sync: ShareWorker;
  folderCheck: ShareWorker;
  close(): void;
} | null {
  const script = opts.script === undefined ? findShareWorkerScript() : opts.script;
  if (!script) return null;
  const { folderCheckDeadlineMs, script: _script, ...rest } = opts;
  const sync = new ShareWorker(script, rest);
  const folderCheck = new ShareWorker(script, { ...rest, ...(folderCheckDeadlineMs !== undefined ? { deadlineMs: folderCheckDeadlineMs } : {}) });
  return { sync, folderCheck, close: () => { sync.close(); folderCheck.close(); } };
}

/** Sync's file operations on the share (ShareFs), run by `w`. */
export function workerShareFs(w: ShareWorker): ShareFs {
  const done = () => undefined;
  return {
    stat: async (p) => statOf(await w.call<ShareStatData>({ op: 'stat', p })),
    mkdir: (p) => w.call({ op: 'mkdir', p }).then(done),
    readdir: (p) => w.call<string[]>({ op: 'readdir', p }),
    // A missing file keeps its own error (ENOENT), which callers expect from readFile (as nodeShareFs does).
    readFile: (p) => w.call<Uint8Array>({ op: 'read', p, max: MAX_SEGMENT_BYTES }).then(asBuffer, missingAsErrno),
    readCapped: (p, max) => w.call<Uint8Array>({ op: 'read', p, max }).then(asBuffer, missingAsErrno),
    create: async (p, mode = 0o644) => handle(w, await w.call<number>({ op: 'create', p, mode })),
    link: (from, to) => w.call({ op: 'link', from, to }).then(done),
    rename: (from, to) => w.call({ op: 'rename', from, to }).then(done),
    unlink: (p) => w.call({ op: 'unlink', p }).then(done),
    fsyncDir: (p) => w.call({ op: 'fsyncDir', p }).then(done),
  };
}

function missingAsErrno(err: unknown): never {
  if (err instanceof ShareReadError && err.code === 'MISSING' && err.cause) throw err.cause;
  throw err;
}

/** The shared-folder check's file operations (FolderCheckFs), run by `w`; station.json capped as the check caps it. */
export function workerFolderCheckFs(w: ShareWorker, identityMaxBytes: number): FolderCheckFs {
  return {
    lstat: async (p) => statOf(await w.call<ShareStatData>({ op: 'lstat', p })),
    readdir: (p) => w.call<string[]>({ op: 'readdir', p }),
    readFile: (p) => w.call<Uint8Array>({ op: 'read', p, max: identityMaxBytes }).then(asBuffer),
    create: async (p) => handle(w, await w.call<number>({ op: 'create', p, mode: 0o600 })),
    unlink: (p) => w.call({ op: 'unlink', p }).then(() => undefined),
  };
}
