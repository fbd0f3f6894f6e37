import { mkdir, readdir, stat } from 'node:fs/promises';
import { errnoOf, nodeWriteFs, type WriteFs, type WriteHandle } from '../files/atomic-write';
import { MAX_SEGMENT_BYTES, readShareFile, ShareReadError } from '../files/share-read';

/**
 * The file operations sync performs on the shared folder, behind a small interface so that tests can make
 * the share fail exactly where they want (read-only, full, removed in the middle of a write, not answering).
 * Everything else (the station's own journal) uses node:fs directly.
 */
export type ShareFileHandle = WriteHandle;

export interface ShareStat {
  isDirectory(): boolean;
  isFile(): boolean;
  size: number;
}

/** The writer's operations (create, link, rename, unlink, fsyncDir: see ../files/atomic-write) plus listing and folders. */
export interface ShareFs extends WriteFs {
  stat(p: string): Promise<ShareStat>;
  mkdir(p: string): Promise<void>;
  readdir(p: string): Promise<string[]>;
  /**
   * Read a whole file of at most `maxBytes` (more: a ShareReadError TOO_LARGE, before reading it). The node version is
   * the share reader (../files/share-read.ts): no links, only regular files, never blocking on a FIFO, with a deadline.
   * Optional for test doubles: readShareCapped falls back to readFile and checks the size afterwards.
   */
  readCapped?(p: string, maxBytes: number): Promise<Buffer>;
}

/**
 * Every read of the share by sync goes through the share reader: `readFile` (capped at the largest file a share
 * holds, a segment) and `readCapped` (the caller's cap: a standard, a note).
 */
export const nodeShareFs: ShareFs = {
  ...nodeWriteFs,
  readFile: (p) => readShareFile(p, MAX_SEGMENT_BYTES).catch(errnoForMissing),
  readCapped: (p, maxBytes) => readShareFile(p, maxBytes).catch(errnoForMissing),
  stat: (p) => stat(p),
  mkdir: async (p) => {
    await mkdir(p, { recursive: true });
  },
  readdir: (p) => readdir(p),
};

export type ShareErrorCode =
  | 'SHARE_MISSING'
  | 'SHARE_READ_ONLY'
  | 'SHARE_FULL'
  | 'SHARE_NOT_ANSWERING'
  | 'SHARE_CONFLICT'
  | 'SHARE_ERROR'
  | 'JOURNAL_DAMAGED';

/** Why a sync could not complete, in words a supervisor can act on (`reason`), with a stable code. */
export class ShareError extends Error {
  constructor(readonly code: ShareErrorCode, readonly reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'ShareError';
  }
}

export { errnoOf };

/** A missing file keeps its own error (ENOENT, ENOTDIR), which callers expect from readFile. */
function errnoForMissing(err: unknown): never {
  if (err instanceof ShareReadError && err.code === 'MISSING' && err.cause) throw err.cause;
  throw err;
}

/** A file of the share of at most `maxBytes`, through fs.readCapped when it has one. */
export async function readShareCapped(fs: ShareFs, p: string, maxBytes: number): Promise<Buffer> {
  if (fs.readCapped) return fs.readCapped(p, maxBytes);
  const bytes = await fs.readFile(p);
  if (bytes.length > maxBytes) throw new ShareReadError('TOO_LARGE', p, `${bytes.length} bytes (at most ${maxBytes})`);
  return bytes;
}

/** A file of the share refused by the share reader (a link, a FIFO, …): not an error of the share as a whole. */
export function refusedByReader(err: unknown): err is ShareReadError {
  return err instanceof ShareReadError && (err.code === 'LINK' || err.code === 'NOT_A_FILE' || err.code === 'TOO_LARGE');
}

/** Turn a file-system error met on the share into a ShareError with a reason in plain words. */
export function shareErrorFrom(err: unknown, share: string): ShareError {
  if (err instanceof ShareError) return err;
  if (err instanceof ShareReadError) {
    if (err.code === 'NOT_ANSWERING') return new ShareError('SHARE_NOT_ANSWERING', `The shared folder ${share} does not answer (${err.found}): the network or the server has a problem.`, { cause: err });
    if (err.code === 'MISSING') return new ShareError('SHARE_MISSING', `The shared folder ${share} is not there (or was removed while saving). Check that the network drive is connected.`, { cause: err });
    if (err.code !== 'UNREADABLE') {
      return new ShareError('SHARE_ERROR', `${err.file} on the shared folder is ${err.found}, not a file Steadywork wrote; it was not read. Ask whoever runs the shared folder to remove it.`, { cause: err });
    }
  }
  const code = errnoOf(err);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new ShareError('SHARE_MISSING', `The shared folder ${share} is not there (or was removed while saving). Check that the network drive is connected.`, { cause: err });
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return new ShareError('SHARE_READ_ONLY', `This station may not write to the shared folder ${share} (it is read-only for this computer). Ask the person who manages the computers to allow writing.`, { cause: err });
    case 'ENOSPC':
    case 'EDQUOT':
      return new ShareError('SHARE_FULL', `The shared folder ${share} is full. Ask the person who manages it to make room.`, { cause: err });
    case 'ETIMEDOUT':
    case 'EHOSTDOWN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
    case 'ECONNRESET':
    case 'ECONNREFUSED':
    case 'EIO':
    case 'ESTALE':
    case 'EBUSY':
      return new ShareError('SHARE_NOT_ANSWERING', `The shared folder ${share} does not answer (${code}): the network or the server has a problem.`, { cause: err });
    default:
      return new ShareError('SHARE_ERROR', `The shared folder ${share} cannot be used: ${err instanceof Error ? err.message : String(err)}.`, { cause: err });
  }
}
