/**
 * The one way Steadywork writes a whole file so that readers (and a power cut) see either nothing or every byte:
 * write a temporary file in the same folder, flush it, give it its final name (link() for a create-only write,
 * rename() to replace), flush the folder. Used for journal files, station keys, the share and the standards folders.
 */
import { randomBytes } from 'node:crypto';
import { close as closeCb, createWriteStream, fsync as fsyncCb } from 'node:fs';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** An open temporary file: the part of node's FileHandle the writer uses. */
export interface WriteHandle {
  write(data: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file operations the writer needs, injectable so tests can make a folder fail exactly where they want. */
export interface WriteFs {
  stat(p: string): Promise<{ size: number }>;
  readFile(p: string): Promise<Buffer>;
  /** Create a new file exclusively ('wx') with this mode. */
  create(p: string, mode?: number): Promise<WriteHandle>;
  /** Hard link: fails with EEXIST when `to` exists, so a finished file gets its final name without replacing one. */
  link(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(p: string): Promise<void>;
  fsyncDir(p: string): Promise<void>;
}

/**
 * Flush a directory entry (after a create or rename) so the name survives a power cut.
 * Windows cannot open a directory for flushing; there NTFS journals metadata itself, so this is a no-op.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fh;
  try {
    fh = await open(dir, 'r');
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES') return;
    throw err;
  }
  try {
    await fh.sync();
  } catch (err) {
    // Some file systems (network shares, FUSE) refuse fsync on directories: nothing more can be done there.
    const code = errnoOf(err);
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EBADF') throw err;
  } finally {
    await fh.close();
  }
}

/**
 * Create `dir` (and any missing parents) so that the new folders survive a power cut: each folder created is flushed
 * into its parent (a new name in a folder is only durable once that folder is flushed). Answers the folders created,
 * outermost first. `flushDir` is injectable so tests can count the flushes.
 */
export async function mkdirDurable(dir: string, opts: { mode?: number; flushDir?: (p: string) => Promise<void>; flush?: boolean } = {}): Promise<string[]> {
  const target = path.resolve(dir);
  const first = await mkdir(target, { recursive: true, ...(opts.mode !== undefined ? { mode: opts.mode } : {}) });
  if (first === undefined) return [];
  const created: string[] = [];
  for (let d = target; ; d = path.dirname(d)) {
    created.unshift(d);
    if (d === path.resolve(first) || path.dirname(d) === d) break;
  }
  if (opts.flush !== false) {
    const flushDir = opts.flushDir ?? fsyncDir;
    // Innermost first is not needed for correctness; each parent gets the new name it holds.
    for (const d of created) await flushDir(path.dirname(d));
  }
  return created;
}

export const nodeWriteFs: WriteFs = {
  stat: (p) => stat(p),
  readFile: (p) => readFile(p),
  create: (p, mode = 0o644) => open(p, 'wx', mode),
  link: (from, to) => link(from, to),
  rename: (from, to) => rename(from, to),
  unlink: (p) => unlink(p),
  fsyncDir: (p) => fsyncDir(p),
};

export interface AtomicWriteOptions {
  fs?: WriteFs;
  /** Mode of a created file (before umask): 0o644 by default, 0o600 for keys. */
  mode?: number;
  /** The random part of the temporary name (tests fix it). */
  random?: () => string;
  /** false skips the flushes (tests only: the name change stays atomic, a power cut may lose it). Default true. */
  flush?: boolean;
}

export function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Codes of a file that could not be written (never a database's: PostgreSQL's codes are SQLSTATEs or socket errors). */
const FILE_FAILURES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ENOSPC', 'EEXIST', 'ELOOP', 'EXPORT_LINK']);

/** True when `err` is about writing a file (an export's), not about the database it was read from. */
export function isFileWriteFailure(err: unknown): boolean {
  const code = errnoOf(err);
  return code !== undefined && FILE_FAILURES.has(code);
}

/** `.<name>.tmp-<random>` beside the final file: hidden, and recognised (and ignored) by every reader of a shared folder. */
export function temporaryNameFor(finalName: string, random: string): string {
  return `.${finalName}.tmp-${random}`;
}

/** True for our own temporary files (left behind if a write was interrupted): safe for the folder's owner to delete. */
export function isOwnTemporaryName(name: string): boolean {
  return name.startsWith('.') && /\.tmp-[0-9a-f]+$/.test(name);
}

const randomHex = (): string => randomBytes(6).toString('hex');

/** link() errors that mean "this file system has no hard links" (SMB, FAT, some cloud folders), not "the name is taken". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EXDEV', 'EMLINK']);

/** Write `data` to a new temporary file beside `file`, flushed and closed; on any failure nothing is left. */
async function writeTemporary(file: string, data: Buffer, opts: AtomicWriteOptions): Promise<string> {
  const fs = opts.fs ?? nodeWriteFs;
  const tmp = path.join(path.dirname(file), temporaryNameFor(path.basename(file), (opts.random ?? randomHex)()));
  const fh = await fs.create(tmp, opts.mode ?? 0o644);
  try {
    let off = 0;
    while (off < data.length) {
      const { bytesWritten } = await fh.write(data, off, data.length - off);
      if (bytesWritten <= 0) throw Object.assign(new Error(`no bytes written to ${tmp} (disk full?)`), { code: 'ENOSPC' });
      off += bytesWritten;
    }
    if (opts.flush !== false) await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  try {
    await fh.close();
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  return tmp;
}

const asBuffer = (data: string | Buffer): Buffer => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

/**
 * Create `file` with exactly `data`, never replacing an existing file: 'created', or 'exists' when the name was taken
 * (before or meanwhile; the caller decides whether what is there is acceptable). The temporary file is always removed.
 */
export async function writeFileCreateOnly(file: string, data: string | Buffer, opts: AtomicWriteOptions = {}): Promise<'created' | 'exists'> {
  const fs = opts.fs ?? nodeWriteFs;
  let tmp = await writeTemporary(file, asBuffer(data), opts);
  try {
    let outcome: 'created' | 'exists' = 'created';
    try {
      await fs.link(tmp, file);
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'EEXIST') outcome = 'exists';
      else if (code !== undefined && NO_HARD_LINKS.has(code)) {
        // No hard links here: rename, after checking that the name is still free.
        if (await existsAt(fs, file)) outcome = 'exists';
        else {
          await fs.rename(tmp, file);
          tmp = '';
        }
      } else throw err;
    }
    if (tmp) await fs.unlink(tmp).catch(() => undefined);
    tmp = '';
    if (outcome === 'created' && opts.flush !== false) await fs.fsyncDir(path.dirname(file));
    return outcome;
  } finally {
    if (tmp) await fs.unlink(tmp).catch(() => undefined);
  }
}

/** Replace `file` (or create it) with exactly `data`, atomically: a reader sees the old bytes or the new ones. */
export async function writeFileReplacing(file: string, data: string | Buffer, opts: AtomicWriteOptions = {}): Promise<void> {
  const fs = opts.fs ?? nodeWriteFs;
  const tmp = await writeTemporary(file, asBuffer(data), opts);
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  if (opts.flush !== false) await fs.fsyncDir(path.dirname(file));
}

/**
 * Replace `file` (or create it) with what `write` writes to a stream, atomically as writeFileReplacing does (a new
 * temporary file with an unpredictable name, created exclusively, flushed, renamed, the folder flushed): for outputs
 * too large to build in memory first (the Excel export of a large ledger). `write` must end the stream and resolve
 * once it has finished. Node's file system only (no injected WriteFs).
 */
export async function writeStreamReplacing(file: string, write: (out: NodeJS.WritableStream) => Promise<void>, opts: Omit<AtomicWriteOptions, 'fs'> = {}): Promise<void> {
  const tmp = path.join(path.dirname(file), temporaryNameFor(path.basename(file), (opts.random ?? randomHex)()));
  // Created exclusively (O_EXCL: never an existing file, never through a link); the descriptor stays open for the flush.
  const stream = createWriteStream(tmp, { flags: 'wx', mode: opts.mode ?? 0o644, autoClose: false });
  let fd: number | null = null;
  let created = false;
  try {
    fd = await new Promise<number>((resolve, reject) => stream.once('open', resolve).once('error', reject));
    created = true;
    await write(stream);
    if (!stream.writableFinished) await new Promise<void>((resolve, reject) => stream.once('finish', resolve).once('error', reject));
    const open = fd;
    if (opts.flush !== false) await new Promise<void>((resolve, reject) => fsyncCb(open, (err) => (err ? reject(err) : resolve())));
    fd = null;
    await new Promise<void>((resolve, reject) => closeCb(open, (err) => (err ? reject(err) : resolve())));
    await rename(tmp, file);
  } catch (err) {
    const open = fd;
    if (open !== null) await new Promise<void>((resolve) => closeCb(open, () => resolve()));
    // Only a file this call created is removed (the exclusive create failing means it is not ours).
    if (created) await unlink(tmp).catch(() => undefined);
    throw err;
  }
  if (opts.flush !== false) await fsyncDir(path.dirname(file));
}

/** Whether `file` exists (any error but ENOENT is thrown: an unreadable folder is not an empty one). */
export async function existsAt(fs: Pick<WriteFs, 'stat'>, file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return false;
    throw err;
  }
}
