import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

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
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES') return;
    throw err;
  }
  try {
    await fh.sync();
  } catch (err) {
    // Some file systems (network shares, FUSE) refuse fsync on directories: nothing more can be done there.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EBADF') throw err;
  } finally {
    await fh.close();
  }
}

/**
 * Replace `path` atomically: write a temporary file beside it, flush, rename over, flush the folder.
 * `flush: false` skips both flushes (tests only: the rename stays atomic, but a power cut may lose it).
 */
export async function atomicWriteFile(path: string, data: string | Buffer, flush = true): Promise<void> {
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  const fh = await open(tmp, 'wx', 0o644);
  try {
    try {
      await fh.writeFile(data);
      if (flush) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  if (flush) await fsyncDir(dirname(path));
}

/** One line of a file: its bytes WITHOUT the "\n", its 1-based number, byte offset and whether a "\n" ended it. */
export interface Line {
  bytes: Buffer;
  lineNo: number;
  offset: number;
  terminated: boolean;
}

const NL = 0x0a;

/**
 * Stream the lines of a file in batches (one batch per chunk read), splitting on "\n" bytes.
 * The last element may be an unterminated piece (a file that does not end with "\n").
 * An empty file yields nothing. `maxBytes` stops reading at that offset (bytes after it are ignored).
 */
export async function* lineBatches(
  file: string,
  opts: { chunkSize?: number; maxBytes?: number; startOffset?: number; startLineNo?: number } = {},
): AsyncGenerator<Line[]> {
  const chunkSize = opts.chunkSize ?? 4 * 1024 * 1024;
  const fh = await open(file, 'r');
  try {
    let pos = opts.startOffset ?? 0;
    const limit = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    let lineNo = (opts.startLineNo ?? 1) - 1;
    let carry: Buffer | null = null; // bytes of an unfinished line from earlier chunks
    let carryOffset = pos;
    for (;;) {
      const want = Math.min(chunkSize, limit - pos);
      if (want <= 0) break;
      const chunk = Buffer.allocUnsafe(want);
      const { bytesRead } = await fh.read(chunk, 0, want, pos);
      if (bytesRead === 0) break;
      const data: Buffer = chunk.subarray(0, bytesRead);
      const batch: Line[] = [];
      let start = 0;
      let nl = data.indexOf(NL, 0);
      if (carry !== null && nl !== -1) {
        const bytes: Buffer = Buffer.concat([carry, data.subarray(0, nl)]);
        batch.push({ bytes, lineNo: ++lineNo, offset: carryOffset, terminated: true });
        carry = null;
        start = nl + 1;
        nl = data.indexOf(NL, start);
      }
      if (carry === null) {
        while (nl !== -1) {
          batch.push({ bytes: data.subarray(start, nl), lineNo: ++lineNo, offset: pos + start, terminated: true });
          start = nl + 1;
          nl = data.indexOf(NL, start);
        }
        if (start < data.length) {
          carry = Buffer.from(data.subarray(start));
          carryOffset = pos + start;
        }
      } else {
        carry = Buffer.concat([carry, data]);
      }
      pos += bytesRead;
      if (batch.length > 0) yield batch;
    }
    if (carry !== null && carry.length > 0) {
      yield [{ bytes: carry, lineNo: ++lineNo, offset: carryOffset, terminated: false }];
    }
  } finally {
    await fh.close();
  }
}

/**
 * The last line of a file that should end with "\n": its bytes (without the "\n") and offset.
 * Returns null for an empty file; `terminated` false if the file does not end with "\n".
 */
export async function readLastLine(file: string): Promise<{ bytes: Buffer; offset: number; terminated: boolean; size: number } | null> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size === 0) return null;
    const last = Buffer.alloc(1);
    await fh.read(last, 0, 1, size - 1);
    const terminated = last[0] === NL;
    const end = terminated ? size - 1 : size;
    const parts: Buffer[] = [];
    let pos = end;
    const step = 64 * 1024;
    while (pos > 0) {
      const from = Math.max(0, pos - step);
      const buf = Buffer.allocUnsafe(pos - from);
      await fh.read(buf, 0, buf.length, from);
      const nl = buf.lastIndexOf(NL);
      if (nl !== -1) {
        parts.unshift(buf.subarray(nl + 1));
        pos = from + nl + 1;
        break;
      }
      parts.unshift(buf);
      pos = from;
    }
    return { bytes: Buffer.concat(parts), offset: pos, terminated, size };
  } finally {
    await fh.close();
  }
}

/**
 * Synchronous variant of readLastLine for many small files at start-up: one open/fstat/read/close each, without
 * a thread-pool round trip per call. Reads at most `limit` bytes from the end (null bytes if the line is longer).
 */
export function readLastLineSync(file: string, limit = 64 * 1024): { bytes: Buffer; terminated: boolean } | null {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size === 0) return null;
    const n = Math.min(size, limit);
    const buf = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const r = readSync(fd, buf, got, n - got, size - n + got);
      if (r === 0) break;
      got += r;
    }
    const data = buf.subarray(0, got);
    const terminated = data[data.length - 1] === NL;
    const end = terminated ? data.length - 1 : data.length;
    const nl = data.lastIndexOf(NL, end - 1);
    if (nl === -1 && size > n) return { bytes: Buffer.alloc(0), terminated };
    return { bytes: data.subarray(nl + 1, end), terminated };
  } finally {
    closeSync(fd);
  }
}
