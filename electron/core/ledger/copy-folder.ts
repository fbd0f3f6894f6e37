import { statfsSync } from 'node:fs';
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { freemem } from 'node:os';
import path from 'node:path';

/**
 * Where the private copies of the verified segments go (station-check.ts: each segment is read once from the share,
 * copied as it is verified, and everything after uses the copy). Writing ~450 bytes per event to a disk file system
 * costs the kernel about a second of CPU per million events (ext4, measured in docs/ledger.md); a memory file system
 * (Linux's /dev/shm, a tmpfs) about a third of that, and no disk. So a station's copies go to memory when it has
 * room to spare, to disk otherwise — both folders private to this process (mkdtemp, 0700) and removed afterwards.
 */
export interface CopyFolders {
  /** On disk: beside the ledger (import) or in the system's temporary folder (verify). Always there. */
  copyDir: string;
  /** In memory (a tmpfs), when the machine has one large enough; else absent. */
  memoryCopyDir?: string;
}

/** Linux's memory-backed shared folder. */
export const MEMORY_FOLDER = '/dev/shm';
const TMPFS_MAGIC = 0x01021994;
/** A memory folder smaller than this is not used (e.g. a container's 64 MiB /dev/shm, which the browser needs). */
export const MIN_MEMORY_FOLDER_BYTES = 1024 ** 3;
/** Memory left free for everything else after a station's copies are counted. */
export const MIN_FREE_MEMORY_BYTES = 1024 ** 3;

export interface FolderSpace {
  /** Bytes of the file system. */
  size: number;
  /** Bytes free for this process. */
  free: number;
  /** Whether it is a memory file system (tmpfs). */
  memory: boolean;
}

export function folderSpace(dir: string): FolderSpace | null {
  try {
    const s = statfsSync(dir);
    return { size: s.blocks * s.bsize, free: s.bavail * s.bsize, memory: s.type === TMPFS_MAGIC };
  } catch {
    return null;
  }
}

/**
 * The folder for a station's copies of `bytes` bytes of segments: the memory folder when, with those copies (counted
 * twice: the PostgreSQL import's rows and the attachments go beside them), at least half of it stays free and at
 * least MIN_FREE_MEMORY_BYTES of the machine's memory; else the disk folder.
 */
export function copyFolderFor(folders: CopyFolders, bytes: number,
  space: (dir: string) => FolderSpace | null = folderSpace, freeMemory: () => number = freemem): string {
  const memory = folders.memoryCopyDir;
  if (memory === undefined) return folders.copyDir;
  const s = space(memory);
  const need = 2 * bytes;
  if (s && s.memory && s.free - need >= s.size / 2 && freeMemory() - need >= MIN_FREE_MEMORY_BYTES) return memory;
  return folders.copyDir;
}

/** The memory folder's private folders are named with the process that made them: `.steadywork-verified-<pid>-XXXXXX`. */
const MEMORY_PREFIX = '.steadywork-verified-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the memory folder's private folders left by processes of this user that are gone (killed, crashed: their
 * `finally` never ran), so that copies do not hold memory until the next restart. A folder of a live process, of
 * another user, or that is not a plain folder is left alone.
 */
export async function removeLeftCopies(memoryBase: string): Promise<string[]> {
  const removed: string[] = [];
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  for (const name of await readdir(memoryBase).catch(() => [] as string[])) {
    const m = name.startsWith(MEMORY_PREFIX) ? /^(\d+)-/.exec(name.slice(MEMORY_PREFIX.length)) : null;
    const pid = m ? Number(m[1]) : NaN;
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    const dir = path.join(memoryBase, name);
    const st = await lstat(dir).catch(() => null);
    if (!st || !st.isDirectory() || st.uid !== uid) continue;
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    removed.push(dir);
  }
  return removed;
}

/**
 * Private folders (0700, made by mkdtemp) for the verified copies: `dir` when given (kept; then no memory folder),
 * else a new one in `base`, and one in the memory folder when there is a large enough tmpfs; both removed after `fn`
 * (and the memory folder's left by processes that are gone, before: removeLeftCopies).
 */
export async function withCopyDir<T>(dir: string | undefined, base: string, fn: (folders: CopyFolders) => Promise<T>,
  memoryBase: string | null = MEMORY_FOLDER): Promise<T> {
  if (dir) return fn({ copyDir: dir });
  const made: string[] = [];
  try {
    const copyDir = await mkdtemp(path.join(base, '.steadywork-verified-'));
    made.push(copyDir);
    const space = memoryBase !== null && process.platform === 'linux' ? folderSpace(memoryBase) : null;
    const usable = memoryBase !== null && space !== null && space.memory && space.size >= MIN_MEMORY_FOLDER_BYTES;
    if (usable) await removeLeftCopies(memoryBase);
    const memoryCopyDir = usable ? await mkdtemp(path.join(memoryBase, `${MEMORY_PREFIX}${process.pid}-`)).catch(() => undefined) : undefined;
    if (memoryCopyDir) made.push(memoryCopyDir);
    return await fn(memoryCopyDir ? { copyDir, memoryCopyDir } : { copyDir });
  } finally {
    for (const d of made) await rm(d, { recursive: true, force: true }).catch(() => undefined);
  }
}
