import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirDurable, nodeWriteFs, writeFileCreateOnly, writeFileReplacing, type WriteFs } from './atomic-write';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'sw-atomic-'));
  dirs.push(d);
  return d;
}

/** A file system whose `op` fails with `code` (the rest is node's). */
function failing(op: keyof WriteFs, code: string): WriteFs {
  const fail = async (): Promise<never> => {
    throw Object.assign(new Error(`${op} failed`), { code });
  };
  if (op === 'create') return { ...nodeWriteFs, create: fail };
  return { ...nodeWriteFs, [op]: fail };
}

describe('writeFileCreateOnly', () => {
  it('writes exactly the bytes given, under the final name, and leaves no temporary file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.json');
    const bytes = Buffer.from([0x00, 0xff, 0x0a, 0x7b, 0x7d, 0xe2, 0x82, 0xac]);
    expect(await writeFileCreateOnly(file, bytes)).toBe('created');
    expect((await readFile(file)).equals(bytes)).toBe(true);
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('never replaces an existing file: answers "exists" and keeps the old bytes', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.json');
    await writeFile(file, 'old');
    expect(await writeFileCreateOnly(file, 'new')).toBe('exists');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('without hard links (EPERM from link) it renames, and still never replaces an existing file', async () => {
    const dir = await tempDir();
    const fs = failing('link', 'EPERM');
    const file = path.join(dir, 'b.json');
    expect(await writeFileCreateOnly(file, 'first', { fs })).toBe('created');
    expect(await writeFileCreateOnly(file, 'second', { fs })).toBe('exists');
    expect(await readFile(file, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['b.json']);
  });

  it('creates the file with the mode asked for (0600 for keys)', async () => {
    if (process.platform === 'win32') return;
    const dir = await tempDir();
    const file = path.join(dir, 'station.key');
    await writeFileCreateOnly(file, 'secret', { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['sync', 'EIO'],
    ['link', 'ENOSPC'],
  ] as const)('a failed write (%s: %s) rejects and leaves neither the file nor a temporary file', async (op, code) => {
    const dir = await tempDir();
    const fs: WriteFs = op === 'sync'
      ? { ...nodeWriteFs, create: async (p, mode) => {
        const fh = await nodeWriteFs.create(p, mode);
        return { write: (d, o, l) => fh.write(d, o, l), close: () => fh.close(), sync: async () => { throw Object.assign(new Error('sync failed'), { code }); } };
      } }
      : failing(op, code);
    await expect(writeFileCreateOnly(path.join(dir, 'c.json'), 'data', { fs })).rejects.toMatchObject({ code });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a short write that makes no progress is ENOSPC, with no file left', async () => {
    const dir = await tempDir();
    const fs: WriteFs = { ...nodeWriteFs, create: async (p, mode) => {
      const fh = await nodeWriteFs.create(p, mode);
      return { write: async () => ({ bytesWritten: 0 }), close: () => fh.close(), sync: () => fh.sync() };
    } };
    await expect(writeFileCreateOnly(path.join(dir, 'd.json'), 'data', { fs })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('writeFileReplacing', () => {
  it('replaces the bytes of an existing file with exactly the new ones', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'checkpoint.json');
    await writeFile(file, 'a much longer old content');
    await writeFileReplacing(file, 'new\n');
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect(await readdir(dir)).toEqual(['checkpoint.json']);
  });

  it('a failed rename keeps the old file and leaves no temporary file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'station.json');
    await writeFile(file, 'old');
    await expect(writeFileReplacing(file, 'new', { fs: failing('rename', 'EACCES') })).rejects.toMatchObject({ code: 'EACCES' });
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['station.json']);
  });
});

describe('mkdirDurable', () => {
  it('flushes each folder it creates into its parent, and nothing when the folder exists', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'sw-mkdir-'));
    try {
      const flushed: string[] = [];
      const created = await mkdirDurable(path.join(root, 'keys', 'inner'), { mode: 0o700, flushDir: async (p) => void flushed.push(p) });
      expect(created).toEqual([path.join(root, 'keys'), path.join(root, 'keys', 'inner')]);
      expect(flushed).toEqual([root, path.join(root, 'keys')]);
      expect((await stat(path.join(root, 'keys'))).mode & 0o777).toBe(0o700);
      flushed.length = 0;
      expect(await mkdirDurable(path.join(root, 'keys', 'inner'), { flushDir: async (p) => void flushed.push(p) })).toEqual([]);
      expect(flushed).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
