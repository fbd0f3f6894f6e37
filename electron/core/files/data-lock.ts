/**
 * One process per data folder. Two processes writing one station's journal would interleave their lines (seq 1, 2, 1,
 * 2, 3, 3): the journal would be damaged for good. The station takes this lock before it opens anything in the data
 * folder, and a second process refuses to start with a message that says which process holds it.
 *
 * The lock is a file, `<dataDir>/steadywork.lock`, created exclusively ('wx': never over an existing one) and holding
 * who took it: process id, computer, boot id (Linux), time. It is removed on close. A lock left by a process that is
 * gone (a crash, a power cut: another boot, or no such process on this computer) is stale and taken over; the
 * take-over itself is serialised by an atomic mkdir, so two processes starting at once after a crash cannot both win.
 * The data folder is local to the station (never the shared folder, where no locks are used: docs/share.md).
 */
import { readFileSync } from 'node:fs';
import { mkdir, open, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { errnoOf, fsyncDir } from './atomic-write';

export const DATA_LOCK_FILE = 'steadywork.lock';

export interface DataLockOwner {
  pid: number;
  host: string;
  /** Linux's boot id: a lock from an earlier boot is stale whatever its pid. */
  bootId: string | null;
  startedAt: string;
  /** What took it (e.g. "station", "harness"), for the message. */
  what: string;
}

export class DataFolderLockedError extends Error {
  readonly code = 'DATA_FOLDER_IN_USE';
  constructor(readonly dataDir: string, readonly owner: DataLockOwner | null, readonly lockFile: string) {
    super(
      `The data folder ${dataDir} is in use by another Steadywork process` +
        (owner ? ` (process ${owner.pid} on ${owner.host}, ${owner.what}, since ${owner.startedAt})` : '') +
        '. Only one program may write a station\'s journal at a time, so this one did not start. ' +
        'Close the other Steadywork window or harness first' +
        (owner ? '' : ` (if none is running, the lock file ${lockFile} could not be read: check its permissions)`) +
        ', or start this one with another data folder.',
    );
    this.name = 'DataFolderLockedError';
  }
}

export interface DataLock {
  readonly file: string;
  release(): Promise<void>;
}

export interface DataLockOptions {
  what?: string;
  /** For tests: whether a process id is alive on this computer (default: process.kill(pid, 0)). */
  isAlive?: (pid: number) => boolean;
}

let cachedBootId: string | null | undefined;
function bootId(): string | null {
  if (cachedBootId !== undefined) return cachedBootId;
  try {
    cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    cachedBootId = null;
  }
  return cachedBootId;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoOf(err) === 'EPERM'; // exists, owned by someone else
  }
}

function parseOwner(text: string): DataLockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<DataLockOwner>;
    if (typeof o.pid !== 'number' || typeof o.host !== 'string') return null;
    return { pid: o.pid, host: o.host, bootId: typeof o.bootId === 'string' ? o.bootId : null, startedAt: String(o.startedAt ?? '?'), what: String(o.what ?? 'Steadywork') };
  } catch {
    return null;
  }
}

/** A lock whose owner is certainly gone: same computer, and another boot or no such process. */
function isStale(owner: DataLockOwner, isAlive: (pid: number) => boolean): boolean {
  if (owner.host !== os.hostname()) return false; // another computer (a data folder on a network drive): never guess
  const boot = bootId();
  if (boot && owner.bootId && owner.bootId !== boot) return true;
  return !isAlive(owner.pid);
}

async function createLock(file: string, owner: DataLockOwner): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx', 0o644);
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') return false;
    throw err;
  }
  try {
    await fh.writeFile(JSON.stringify(owner) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsyncDir(path.dirname(file)).catch(() => undefined);
  return true;
}

/** Take the data folder's lock (creating the folder if needed), or throw DataFolderLockedError. */
export async function acquireDataLock(dataDir: string, opts: DataLockOptions = {}): Promise<DataLock> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, DATA_LOCK_FILE);
  const isAlive = opts.isAlive ?? processAlive;
  const owner: DataLockOwner = { pid: process.pid, host: os.hostname(), bootId: bootId(), startedAt: new Date().toISOString(), what: opts.what ?? 'Steadywork' };
  const lock: DataLock = {
    file,
    release: async () => {
      // Only our own lock is removed.
      const now = await readFile(file, 'utf8').then(parseOwner, () => null);
      if (now && now.pid === owner.pid && now.host === owner.host && now.startedAt === owner.startedAt) await unlink(file).catch(() => undefined);
    },
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createLock(file, owner)) return lock;
    const text = await readFile(file, 'utf8').catch((err: unknown) => (errnoOf(err) === 'ENOENT' ? null : ''));
    if (text === null) continue; // released meanwhile: try again
    const found = parseOwner(text);
    if (!found) {
      // Unreadable or half-written: a process that died while writing it leaves an empty file; give a live writer time.
      const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age < 10_000) throw new DataFolderLockedError(dir, null, file);
    } else if (!isStale(found, isAlive)) {
      throw new DataFolderLockedError(dir, found, file);
    }
    // Stale: take it over, one process at a time.
    const takeover = `${file}.takeover`;
    try {
      await mkdir(takeover);
    } catch (err) {
      if (errnoOf(err) !== 'EEXIST') throw err;
      const age = await stat(takeover).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 10_000) await rmdir(takeover).catch(() => undefined);
      throw new DataFolderLockedError(dir, found, file);
    }
    try {
      const again = await readFile(file, 'utf8').catch(() => null);
      if (again === text) await unlink(file).catch(() => undefined);
      if (await createLock(file, owner)) return lock;
    } finally {
      await rmdir(takeover).catch(() => undefined);
    }
  }
  const last = await readFile(file, 'utf8').then(parseOwner, () => null);
  throw new DataFolderLockedError(dir, last, file);
}
