/**
 * The station's file operations on the shared folder, synchronous, as the share worker thread runs them
 * (share-worker-thread.ts): a share that hangs blocks that thread, never Node's own file-I/O threads, where the
 * journal's fdatasync runs. Reads go through the share reader (files/share-read.ts: no links, only regular files,
 * never waiting on a FIFO, capped before reading). Results and errors are plain data, to cross the thread boundary.
 */
import { type Stats, closeSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { readShareFileSync, ShareReadError, type ShareReadCode } from '../files/share-read';
import { errnoOf } from '../files/atomic-write';
import { lookStationsSync, type StationLookRequest } from './share-look';

export type ShareOp =
  | { op: 'stat'; p: string }
  | { op: 'lstat'; p: string }
  | { op: 'mkdir'; p: string }
  | { op: 'readdir'; p: string }
  | { op: 'read'; p: string; max: number }
  | { op: 'create'; p: string; mode: number }
  | { op: 'write'; fd: number; data: Uint8Array }
  | { op: 'sync'; fd: number }
  | { op: 'close'; fd: number }
  | { op: 'link'; from: string; to: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'unlink'; p: string }
  | { op: 'fsyncDir'; p: string }
  /** The ledger's quick look at station folders (share-look.ts): a few lstat calls and a listing each, nothing read. */
  | { op: 'look'; p: string; stations: StationLookRequest[] };

/** What stat and lstat answer. */
export type ShareStatData = { isDirectory: boolean; isFile: boolean; isSymbolicLink: boolean; size: number };

/** An error, as plain data: its errno code, or the share reader's refusal. */
export type ShareOpError = { message: string; errno?: string; shareRead?: { code: ShareReadCode; file: string; found: string; errno?: string } };

const statData = (st: Stats): ShareStatData => ({
  isDirectory: st.isDirectory(),
  isFile: st.isFile(),
  isSymbolicLink: st.isSymbolicLink(),
  size: Number(st.size),
});

/** Runs one operation (in the share worker thread). Throws what the file system threw. */
export function runShareOp(req: ShareOp): unknown {
  switch (req.op) {
    case 'stat':
      return statData(statSync(req.p));
    case 'lstat':
      return statData(lstatSync(req.p));
    case 'mkdir':
      mkdirSync(req.p, { recursive: true });
      return null;
    case 'readdir':
      return readdirSync(req.p);
    case 'read':
      return readShareFileSync(req.p, req.max);
    case 'create':
      return openSync(req.p, 'wx', req.mode);
    case 'write':
      return writeSync(req.fd, req.data, 0, req.data.length);
    case 'sync':
      fsyncSync(req.fd);
      return null;
    case 'close':
      closeSync(req.fd);
      return null;
    case 'link':
      linkSync(req.from, req.to);
      return null;
    case 'rename':
      renameSync(req.from, req.to);
      return null;
    case 'unlink':
      unlinkSync(req.p);
      return null;
    case 'fsyncDir':
      fsyncDirSync(req.p);
      return null;
    case 'look':
      return lookStationsSync(req.stations, toShareOpError);
  }
}

/** The folder flush of files/atomic-write.ts (fsyncDir), synchronous. */
function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES') return;
    throw err;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    const code = errnoOf(err);
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EBADF') throw err;
  } finally {
    closeSync(fd);
  }
}

export function toShareOpError(err: unknown): ShareOpError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ShareReadError) {
    const errno = errnoOf(err.cause);
    return { message, shareRead: { code: err.code, file: err.file, found: err.found, ...(errno ? { errno } : {}) } };
  }
  const errno = errnoOf(err);
  return { message, ...(errno ? { errno } : {}) };
}

/** The error again, in the calling thread: a ShareReadError, or an Error with its errno `code` (what errnoOf reads). */
export function fromShareOpError(e: ShareOpError): Error {
  if (e.shareRead) {
    const s = e.shareRead;
    const cause = s.errno ? Object.assign(new Error(`${s.file}: ${s.errno}`), { code: s.errno }) : undefined;
    return new ShareReadError(s.code, s.file, s.found, cause ? { cause } : undefined);
  }
  return Object.assign(new Error(e.message), e.errno ? { code: e.errno } : {});
}
