/**
 * The one way Steadywork reads a file on the shared folder, which is hostile ground (docs/share.md §3, "What readers
 * accept"): written by the supplier, the party procurement judges, and by anyone on its network.
 *
 * - **Only regular files.** A file is opened with O_NOFOLLOW | O_NONBLOCK and the open handle is checked (fstat):
 *   a symbolic link (inside or outside the share) is refused by the open itself (ELOOP), a FIFO, socket or device
 *   by the check — and O_NONBLOCK means opening a FIFO never waits for a writer. What is read is what that handle
 *   holds: a path swapped for another file after the open changes nothing. (Windows has no O_NOFOLLOW: there an
 *   lstat before the open refuses links; the handle is still checked.)
 * - **Sizes capped before reading**: the size the handle reports must be within the caller's cap, and reading stops
 *   at that size (a file growing while read is read up to what it was).
 * - **Folders on the way** (`checkShareFolder`) must be real folders, not links.
 * - **Deadlines**: the synchronous readers run in worker threads (ledger/pool.ts), watched by the thread that started
 *   them, so a share that hangs holds that worker, never Node's own file-I/O threads (the journal's `fdatasync` runs
 *   there). The asynchronous reader (`readShareFile`) gives up after its deadline.
 *
 * Every refusal is a ShareReadError whose `code` says why, in one word; callers turn it into their own problem codes
 * (ledger/problems.ts: NOT_A_FILE, LINK, TOO_LARGE, NOT_ANSWERING).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { errnoOf } from './atomic-write';

/** Why a file of the share was not read. */
export type ShareReadCode =
  /** A symbolic link (refused wherever it points). */
  | 'LINK'
  /** A FIFO, socket, device or folder where a file is expected. */
  | 'NOT_A_FILE'
  /** Larger than the cap for that kind of file. */
  | 'TOO_LARGE'
  /** No answer within the deadline. */
  | 'NOT_ANSWERING'
  /** Not there. */
  | 'MISSING'
  /** Any other error (its errno is in `found`). */
  | 'UNREADABLE';

export class ShareReadError extends Error {
  constructor(readonly code: ShareReadCode, readonly file: string, readonly found: string, options?: { cause?: unknown }) {
    super(`${file}: ${found}`, options);
    this.name = 'ShareReadError';
  }
}

/** Caps: station.json (its identity) and small notes. Standards: DEFAULT_MAX_STANDARD_BYTES; lines: MAX_LINE_BYTES. */
export const MAX_IDENTITY_BYTES = 64 * 1024;
/**
 * A segment holds at most DEFAULT_SEGMENT_MAX_RECORDS (10 000) lines: a few MB in practice. 1 GiB leaves room for
 * events with large notes and refuses a sparse or endless file before anything of it is read.
 */
export const MAX_SEGMENT_BYTES = 1024 * 1024 * 1024;
/**
 * An attachment of an event (a spoken note, issue 13): the station stores at most MAX_SPOKEN_NOTE_BYTES (700 KiB,
 * contract/limits.ts); 1 MiB refuses anything larger before it is read.
 */
export const MAX_ATTACHMENT_BYTES = 1024 * 1024;
/** Default deadline of one read of the share (and of one station's check without progress). */
export const SHARE_READ_DEADLINE_MS = 30_000;

const WINDOWS = process.platform === 'win32';
/** O_RDONLY | O_NOFOLLOW | O_NONBLOCK where the platform has them. */
export const SHARE_OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** What the handle says about the file, to refuse anything but a regular file. */
export function describeNotFile(st: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory' | 'isSymbolicLink'>): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function openError(file: string, err: unknown): ShareReadError {
  if (err instanceof ShareReadError) return err;
  const code = errnoOf(err);
  // O_NOFOLLOW on a link: ELOOP (Linux, macOS), EMLINK (FreeBSD), EFTYPE (some BSDs).
  if (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE') return new ShareReadError('LINK', file, 'a symbolic link', { cause: err });
  // A socket cannot be opened (ENXIO); a FIFO without writer with O_WRONLY would be ENXIO too.
  if (code === 'ENXIO' || code === 'EOPNOTSUPP' || code === 'ENODEV') return new ShareReadError('NOT_A_FILE', file, 'a socket or device', { cause: err });
  if (code === 'EISDIR') return new ShareReadError('NOT_A_FILE', file, 'a folder', { cause: err });
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ShareReadError('MISSING', file, code, { cause: err });
  return new ShareReadError('UNREADABLE', file, code ?? (err instanceof Error ? err.message : String(err)), { cause: err });
}

function checkStat(file: string, st: Stats, maxBytes: number): void {
  if (!st.isFile()) throw new ShareReadError('NOT_A_FILE', file, describeNotFile(st));
  if (st.size > maxBytes) throw new ShareReadError('TOO_LARGE', file, `${st.size} bytes (at most ${maxBytes})`);
}

/** An open regular file of the share: its descriptor and what its handle said (size, identity). */
export interface ShareFile {
  fd: number;
  size: number;
  stat: Stats;
}

/** Open a file of the share for reading (synchronous: for worker threads). Refuses links, non-files, files over maxBytes. */
export function openShareFileSync(file: string, maxBytes: number): ShareFile {
  let fd: number;
  try {
    if (WINDOWS && lstatSync(file).isSymbolicLink()) throw new ShareReadError('LINK', file, 'a symbolic link');
    fd = openSync(file, SHARE_OPEN_FLAGS);
  } catch (err) {
    throw openError(file, err);
  }
  try {
    const st = fstatSync(fd);
    checkStat(file, st, maxBytes);
    return { fd, size: st.size, stat: st };
  } catch (err) {
    closeSync(fd);
    throw openError(file, err);
  }
}

/** Read `n` bytes at `pos` (fewer at the end of the file). A non-blocking descriptor that has nothing yet is retried briefly. */
export function readAtSync(fd: number, buf: Buffer, n: number, pos: number): number {
  let got = 0;
  while (got < n) {
    let r: number;
    try {
      r = readSync(fd, buf, got, n - got, pos + got);
    } catch (err) {
      if (errnoOf(err) === 'EAGAIN') continue; // a regular file never says this; kept for odd network file systems
      throw err;
    }
    if (r === 0) break;
    got += r;
  }
  return got;
}

/**
 * The whole file (at most maxBytes), read once through one handle (synchronous: for worker threads). With `limit`,
 * only its first `limit` bytes.
 */
export function readShareFileSync(file: string, maxBytes: number, limit = Infinity): Buffer {
  const f = openShareFileSync(file, maxBytes);
  try {
    const want = Math.min(f.size, limit);
    const buf = Buffer.allocUnsafe(want);
    const n = readAtSync(f.fd, buf, want, 0);
    return buf.subarray(0, n);
  } catch (err) {
    throw openError(file, err);
  } finally {
    closeSync(f.fd);
  }
}

/** A folder of the share that must be a real folder (not a link to one). Throws ShareReadError. */
export function checkShareFolderSync(dir: string): void {
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch (err) {
    throw openError(dir, err);
  }
  if (st.isSymbolicLink()) throw new ShareReadError('LINK', dir, 'a symbolic link');
  if (!st.isDirectory()) throw new ShareReadError('NOT_A_FILE', dir, describeNotFile(st));
}

/** The same check, asynchronous. */
export async function checkShareFolder(dir: string): Promise<void> {
  let st: Stats;
  try {
    st = await lstat(dir);
  } catch (err) {
    throw openError(dir, err);
  }
  if (st.isSymbolicLink()) throw new ShareReadError('LINK', dir, 'a symbolic link');
  if (!st.isDirectory()) throw new ShareReadError('NOT_A_FILE', dir, 'not a folder');
}

/**
 * `work` (an operation on the share: a stat, a listing), or a ShareReadError NOT_ANSWERING after `deadlineMs`. The
 * operation left behind is never awaited.
 */
export async function withShareDeadline<T>(what: string, work: Promise<T>, deadlineMs = SHARE_READ_DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ShareReadError('NOT_ANSWERING', what, `no answer within ${Math.round(deadlineMs / 1000)} s`)), deadlineMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    if (timer) clearTimeout(timer);
    work.catch(() => undefined);
  }
}

/**
 * The whole file (at most maxBytes), asynchronously, for the few small files read outside the ledger's workers
 * (standards, station.json in the folder check). The same checks as readShareFileSync; the open never waits for a
 * FIFO's writer (O_NONBLOCK). If the share does not answer within `deadlineMs` the promise rejects with
 * NOT_ANSWERING; the operation left behind is never awaited (its handle is closed when it returns).
 */
export async function readShareFile(file: string, maxBytes: number, opts: { deadlineMs?: number } = {}): Promise<Buffer> {
  const deadlineMs = opts.deadlineMs ?? SHARE_READ_DEADLINE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ShareReadError('NOT_ANSWERING', file, `no answer within ${Math.round(deadlineMs / 1000)} s`)), deadlineMs);
    timer.unref?.();
  });
  const work = (async () => {
    if (WINDOWS && (await lstat(file).catch(() => null))?.isSymbolicLink()) throw new ShareReadError('LINK', file, 'a symbolic link');
    const fh = await open(file, SHARE_OPEN_FLAGS).catch((err: unknown) => {
      throw openError(file, err);
    });
    try {
      const st = await fh.stat();
      checkStat(file, st, maxBytes);
      const buf = Buffer.allocUnsafe(st.size);
      let got = 0;
      while (got < st.size) {
        const { bytesRead } = await fh.read(buf, got, st.size - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    } catch (err) {
      throw openError(file, err);
    } finally {
      await fh.close().catch(() => undefined);
    }
  })();
  try {
    return await Promise.race([work, late]);
  } finally {
    if (timer) clearTimeout(timer);
    work.catch(() => undefined);
  }
}
