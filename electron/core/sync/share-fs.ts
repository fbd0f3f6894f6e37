import { mkdir, readdir, stat } from 'node:fs/promises';
import { errnoOf, nodeWriteFs, type WriteFs, type WriteHandle } from '../files/atomic-write';

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
}

export const nodeShareFs: ShareFs = {
  ...nodeWriteFs,
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

/** Turn a file-system error met on the share into a ShareError with a reason in plain words. */
export function shareErrorFrom(err: unknown, share: string): ShareError {
  if (err instanceof ShareError) return err;
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
