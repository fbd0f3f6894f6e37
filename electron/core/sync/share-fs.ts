import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { fsyncDir } from '../journal/fsutil';

/**
 * The file operations sync performs on the shared folder, behind a small interface so that tests can make
 * the share fail exactly where they want (read-only, full, removed in the middle of a write, not answering).
 * Everything else (the station's own journal) uses node:fs directly.
 */
export interface ShareFileHandle {
  write(data: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface ShareStat {
  isDirectory(): boolean;
  isFile(): boolean;
  size: number;
}

export interface ShareFs {
  stat(p: string): Promise<ShareStat>;
  mkdir(p: string): Promise<void>;
  readdir(p: string): Promise<string[]>;
  readFile(p: string): Promise<Buffer>;
  /** Create a new file exclusively ('wx'). */
  create(p: string): Promise<ShareFileHandle>;
  /** Hard link (fails with EEXIST when `to` exists): how a finished file gets its final name without replacing one. */
  link(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(p: string): Promise<void>;
  fsyncDir(p: string): Promise<void>;
}

export const nodeShareFs: ShareFs = {
  stat: (p) => stat(p),
  mkdir: async (p) => {
    await mkdir(p, { recursive: true });
  },
  readdir: (p) => readdir(p),
  readFile: (p) => readFile(p),
  create: (p) => open(p, 'wx', 0o644),
  link: (from, to) => link(from, to),
  rename: (from, to) => rename(from, to),
  unlink: (p) => unlink(p),
  fsyncDir: (p) => fsyncDir(p),
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

export function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

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
