/**
 * The check of a folder before it becomes the station's shared folder (sync.checkFolder, and settings.update with
 * a new sharePath; docs/share.md "Choosing the shared folder"). The share is hostile ground and may not answer:
 * the whole check has a deadline, and a file operation that hangs is left behind, never awaited past it.
 *
 * It looks, in this order: the folder exists, is a folder (lstat: not a file, not a link to somewhere else), is
 * writable (a create-only probe file with an unpredictable name, removed at once), whether a folder named by this
 * station's id already holds another station's station.json (another key), and how many stations and published
 * standards the share holds, and the supplier its supplier.json names. It never writes anything else and never touches published segments.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, unlink } from 'node:fs/promises';
import { MAX_IDENTITY_BYTES, readShareFile, ShareReadError } from '../files/share-read';
import path from 'node:path';
import type { FolderCheck, FolderProblem, FolderProblemCode } from '../../contract';
import { SHARE_STATION_FILE, SHARE_STATION_ID_RE, shareStandardsDir, stationShareDir, stationsDir } from './layout';
import { errnoOf, type ShareFileHandle } from './share-fs';
import { readShareSupplier } from './share-supplier';

/** The file operations the check performs, behind an interface so tests can make the folder fail for real. */
export interface FolderCheckFs {
  lstat(p: string): Promise<{ isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }>;
  readdir(p: string): Promise<string[]>;
  readFile(p: string): Promise<Buffer>;
  /** Create a new file exclusively ('wx'). */
  create(p: string): Promise<ShareFileHandle>;
  unlink(p: string): Promise<void>;
}

export const nodeFolderCheckFs: FolderCheckFs = {
  lstat: (p) => lstat(p),
  readdir: (p) => readdir(p),
  // station.json on the share: the share reader (no links, no FIFO, 64 KiB at most, never waits for a writer).
  readFile: (p) => readShareFile(p, MAX_IDENTITY_BYTES),
  create: (p) => open(p, 'wx', 0o600),
  unlink: (p) => unlink(p),
};

export const FOLDER_CHECK_TIMEOUT_MS = 5000;

export type FolderCheckOptions = {
  /** This station: its id names its folder on the share, its public key tells its station.json from another's. */
  station: { stationId: string; publicKey: string };
  fs?: FolderCheckFs;
  timeoutMs?: number;
};

class Stop extends Error {
  constructor(readonly code: FolderProblemCode, message: string, readonly folder: string, readonly found?: string) {
    super(message);
  }
  problem(): FolderProblem {
    return { code: this.code, message: this.message, folder: this.folder, ...(this.found ? { found: this.found } : {}) };
  }
}

/**
 * Checks whose file operations did not return by their deadline, per file-system object: while one is still
 * hanging, a new check answers NOT_ANSWERING at once instead of starting more operations, so a share that hangs holds
 * at most one of Node's file-I/O threads however often the screen asks (the journal's fdatasync needs the others).
 */
const stillHanging = new WeakMap<FolderCheckFs, Promise<unknown>>();

/** Checks `folder` as this station's shared folder; never throws, answers within the deadline. */
export async function checkShareFolder(folder: string, opts: FolderCheckOptions): Promise<FolderCheck> {
  const timeoutMs = opts.timeoutMs ?? FOLDER_CHECK_TIMEOUT_MS;
  const fs = opts.fs ?? nodeFolderCheckFs;
  if (stillHanging.has(fs)) {
    return result(folder, [{
      code: 'NOT_ANSWERING',
      message: `A shared folder checked before still does not answer, so ${folder} was not checked now. Check the network connection, then check again in a moment.`,
      folder,
    }]);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<FolderCheck>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(
          result(folder, [
            {
              code: 'NOT_ANSWERING',
              message: `The folder ${folder} did not answer within ${Math.round(timeoutMs / 1000)} seconds. Expected a folder that answers at once; check the network connection to it, then check again.`,
              folder,
              found: String(Math.round(timeoutMs / 1000)),
            },
          ]),
        ),
      timeoutMs,
    );
    timer.unref?.();
  });
  const work = inspect(folder, fs, opts.station);
  let answered = false;
  try {
    const r = await Promise.race([work.then((x) => { answered = true; return x; }), late]);
    if (!answered) {
      const left = work.catch(() => undefined).finally(() => {
        if (stillHanging.get(fs) === left) stillHanging.delete(fs);
      });
      stillHanging.set(fs, left);
    }
    return r;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function result(folder: string, problems: FolderCheck['problems'], found: Partial<FolderCheck> = {}): FolderCheck {
  return { ok: problems.length === 0, path: folder, problems, stations: 0, standards: 0, usedByOtherStation: false, ...found };
}

async function inspect(folder: string, fs: FolderCheckFs, station: FolderCheckOptions['station']): Promise<FolderCheck> {
  try {
    await isFolder(folder, fs);
    await probeWrite(folder, fs);
  } catch (err) {
    if (err instanceof Stop) return result(folder, [err.problem()]);
    return result(folder, [unreadable(folder, err)]);
  }
  const problems: FolderCheck['problems'] = [];
  let usedByOtherStation: boolean;
  try {
    usedByOtherStation = await otherStationWithThisId(folder, fs, station);
  } catch (err) {
    return result(folder, [unreadable(folder, err)]);
  }
  if (usedByOtherStation) {
    problems.push({
      code: 'USED_BY_OTHER_STATION',
      folder: stationShareDir(folder, station.stationId),
      message: `The folder ${stationShareDir(folder, station.stationId)} belongs to another station with this station's id (its station.json has another key). Expected no folder for this id, or this station's own. Choose another shared folder, or ask whoever runs the share which computer this is.`,
    });
  }
  const stations = (await names(stationsDir(folder), fs)).filter((n) => SHARE_STATION_ID_RE.test(n) && !n.startsWith('.')).length;
  const standards = (await names(shareStandardsDir(folder), fs)).filter((n) => n.toLowerCase().endsWith('.json') && !n.startsWith('.')).length;
  // Its supplier (supplier.json, read as the share reader reads: no link, no FIFO): a second station joining finds it.
  const supplier = await readShareSupplier(folder, { readFile: (p) => fs.readFile(p) }).catch(() => undefined);
  return result(folder, problems, { stations, standards, usedByOtherStation, ...(supplier ? { supplier } : {}) });
}

async function isFolder(folder: string, fs: FolderCheckFs): Promise<void> {
  let st;
  try {
    st = await fs.lstat(folder);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new Stop('MISSING', `The folder ${folder} is not there. Expected an existing folder; check the path and that the network drive is connected, or create the folder first.`, folder, code);
    }
    throw err;
  }
  if (st.isSymbolicLink()) {
    throw new Stop('LINK', `${folder} is a link to another place, not a folder. Expected the folder itself; choose the folder the link points to.`, folder);
  }
  if (!st.isDirectory()) {
    throw new Stop('NOT_A_FOLDER', `${folder} is a file, not a folder. Expected a folder; choose the folder that holds it, or another folder.`, folder);
  }
}

/** A create-only probe file with an unpredictable name, removed at once: the folder takes new files. */
async function probeWrite(folder: string, fs: FolderCheckFs): Promise<void> {
  const probe = path.join(folder, `.steadywork-check-${randomBytes(8).toString('hex')}.tmp`);
  let handle: ShareFileHandle | undefined;
  try {
    handle = await fs.create(probe);
    const data = Buffer.from('steadywork folder check\n');
    await handle.write(data, 0, data.length);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new Stop('NOT_WRITABLE', `This station cannot create files in ${folder} (${code}). Expected a folder this computer's user may write to; ask whoever runs the share for write access, or choose another folder.`, folder, code);
    }
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      throw new Stop('FULL', `The folder ${folder} is full (${code}). Expected room for new files; free some space on the share, or choose another folder.`, folder, code);
    }
    throw err;
  } finally {
    if (handle) await handle.close().catch(() => undefined);
    if (handle) await fs.unlink(probe).catch(() => undefined);
  }
}

async function otherStationWithThisId(folder: string, fs: FolderCheckFs, station: FolderCheckOptions['station']): Promise<boolean> {
  let text: Buffer;
  try {
    text = await fs.readFile(path.join(stationShareDir(folder, station.stationId), SHARE_STATION_FILE));
  } catch (err) {
    // A link, FIFO, device or oversized file where our station.json would go: not ours (never read, never waited on).
    if (err instanceof ShareReadError && (err.code === 'LINK' || err.code === 'NOT_A_FILE' || err.code === 'TOO_LARGE')) return true;
    // No answer (the share worker's deadline): not "nobody claims it", the check cannot tell.
    if (err instanceof ShareReadError && err.code === 'NOT_ANSWERING') throw err;
    return false; // No station.json for this id (or not readable): nobody else claims it.
  }
  try {
    const found = JSON.parse(text.toString('utf8')) as { publicKey?: unknown };
    return found.publicKey !== station.publicKey;
  } catch {
    return true; // Something that is not this station's identity sits where ours would go.
  }
}

async function names(dir: string, fs: FolderCheckFs): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}

function unreadable(folder: string, err: unknown): FolderProblem {
  if (err instanceof ShareReadError && err.code === 'NOT_ANSWERING') {
    return { code: 'NOT_ANSWERING', folder, found: err.found, message: `The folder ${folder} does not answer (${err.file}: ${err.found}). Expected a folder that answers at once; check the network connection to it, then check again.` };
  }
  const why = errnoOf(err) ?? (err instanceof Error ? err.message : String(err));
  return { code: 'UNREADABLE', folder, found: why, message: `The folder ${folder} could not be checked (${why}). Expected a folder this computer can open; check the path and access to it, then check again.` };
}
