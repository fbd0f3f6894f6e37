/** The check of a folder before it becomes the shared folder: real missing/file/link cases, and injected failures. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkShareFolder, nodeFolderCheckFs, type FolderCheckFs } from './folder-check';
import { TempDirs } from './test-support';

const station = { stationId: '0b7d3f5e-4c1a-4e2b-9f7d-2a6c8e1b3d5f', publicKey: 'OUR-KEY' };
const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

/** Root with the right to mount (a container may be root without it): the real read-only and full cases run. */
function canMount(): boolean {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sw-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const errno = (code: string) => Object.assign(new Error(`${code}: refused`), { code });

describe('checkShareFolder', () => {
  it('an empty folder this computer can write: ok, no stations, no standards, and the probe file is gone', async () => {
    const share = await tmp.make('sw-check-');
    expect(await checkShareFolder(share, { station })).toEqual({ ok: true, path: share, problems: [], stations: 0, standards: 0, usedByOtherStation: false, supplier: { state: 'none' } });
    expect(await readdir(share)).toEqual([]);
  });

  it('counts the stations and the published standards a share holds; this station with its own key is fine', async () => {
    const share = await tmp.make('sw-check-');
    for (const id of ['a1', 'b2', station.stationId]) await mkdir(path.join(share, 'stations', id), { recursive: true });
    await writeFile(path.join(share, 'stations', station.stationId, 'station.json'), JSON.stringify({ stationId: station.stationId, publicKey: 'OUR-KEY' }));
    await mkdir(path.join(share, 'standards', 'retired'), { recursive: true });
    await writeFile(path.join(share, 'standards', 'a.json'), '{}');
    await writeFile(path.join(share, 'standards', 'b.v2.json'), '{}');
    await writeFile(path.join(share, 'standards', 'notes.txt'), '');
    expect(await checkShareFolder(share, { station })).toEqual({ ok: true, path: share, problems: [], stations: 3, standards: 2, usedByOtherStation: false, supplier: { state: 'none' } });
  });

  it('says which supplier the folder belongs to (its supplier.json), and refuses a link named so without following it', async () => {
    const share = await tmp.make('sw-check-');
    await writeFile(path.join(share, 'supplier.json'), '{"supplier":"Acme Cartons"}\n');
    expect((await checkShareFolder(share, { station })).supplier).toEqual({ state: 'named', file: path.join(share, 'supplier.json'), name: 'Acme Cartons' });
    const linked = await tmp.make('sw-check-');
    await symlink(path.join(share, 'supplier.json'), path.join(linked, 'supplier.json'));
    const check = await checkShareFolder(linked, { station });
    expect(check.ok).toBe(true);
    expect(check.supplier?.state).toBe('refused');
  });

  it('another station already publishes under this id (another key): refused, and says what to do', async () => {
    const share = await tmp.make('sw-check-');
    await mkdir(path.join(share, 'stations', station.stationId), { recursive: true });
    await writeFile(path.join(share, 'stations', station.stationId, 'station.json'), JSON.stringify({ stationId: station.stationId, publicKey: 'THEIR-KEY' }));
    const r = await checkShareFolder(share, { station });
    expect(r).toMatchObject({ ok: false, usedByOtherStation: true, stations: 1 });
    expect(r.problems).toEqual([{ code: 'USED_BY_OTHER_STATION', folder: path.join(share, 'stations', station.stationId), message: expect.stringContaining(path.join(share, 'stations', station.stationId)) }]);
    expect(r.problems[0]?.message).toMatch(/another key.*Choose another shared folder/);
  });

  it('a folder that is not there, a file, a link: each named, with what was expected and what to do', async () => {
    const root = await tmp.make('sw-check-');
    const missing = await checkShareFolder(path.join(root, 'nope'), { station });
    expect(missing).toEqual({ ok: false, path: path.join(root, 'nope'), problems: [{ code: 'MISSING', folder: path.join(root, 'nope'), found: 'ENOENT', message: expect.stringMatching(/nope is not there\. Expected an existing folder/) }], stations: 0, standards: 0, usedByOtherStation: false });
    await writeFile(path.join(root, 'a-file'), 'x');
    expect((await checkShareFolder(path.join(root, 'a-file'), { station })).problems).toEqual([{ code: 'NOT_A_FOLDER', folder: path.join(root, 'a-file'), message: expect.stringMatching(/a-file is a file, not a folder\. Expected a folder/) }]);
    await mkdir(path.join(root, 'real'));
    await symlink(path.join(root, 'real'), path.join(root, 'link'));
    expect((await checkShareFolder(path.join(root, 'link'), { station })).problems).toEqual([{ code: 'LINK', folder: path.join(root, 'link'), message: expect.stringContaining('choose the folder the link points to') }]);
    expect(await readdir(path.join(root, 'real'))).toEqual([]);
  });

  it('a read-only folder and a full one (the file operations refuse for real): refused, nothing left behind', async () => {
    const share = await tmp.make('sw-check-');
    const readOnly: FolderCheckFs = { ...nodeFolderCheckFs, create: async () => Promise.reject(errno('EROFS')) };
    expect((await checkShareFolder(share, { station, fs: readOnly })).problems).toEqual([
      { code: 'NOT_WRITABLE', folder: share, found: 'EROFS', message: expect.stringMatching(/cannot create files in .* \(EROFS\)\. Expected a folder .* may write to/) },
    ]);
    const denied: FolderCheckFs = { ...nodeFolderCheckFs, create: async () => Promise.reject(errno('EACCES')) };
    expect((await checkShareFolder(share, { station, fs: denied })).problems[0]?.code).toBe('NOT_WRITABLE');
    // Full: the probe is created, writing it fails; it is removed all the same.
    const full: FolderCheckFs = {
      ...nodeFolderCheckFs,
      create: async (p) => {
        const handle = await nodeFolderCheckFs.create(p);
        return { ...handle, write: async () => Promise.reject(errno('ENOSPC')), sync: () => handle.sync(), close: () => handle.close() };
      },
    };
    expect((await checkShareFolder(share, { station, fs: full })).problems).toEqual([{ code: 'FULL', folder: share, found: 'ENOSPC', message: expect.stringContaining('is full (ENOSPC)') }]);
    expect(await readdir(share)).toEqual([]);
  });

  it.skipIf(!canMount())('as root, for real: a read-only bind mount (EROFS) and a full 64 KiB tmpfs (ENOSPC) are refused, nothing left behind', async () => {
    const root = await tmp.make('sw-check-');
    const ro = path.join(root, 'ro');
    const full = path.join(root, 'full');
    await mkdir(ro);
    await mkdir(full);
    await writeFile(path.join(ro, 'kept.txt'), 'x');
    const mounts: string[] = [];
    try {
      // Mode bits do not stop root: a read-only mount does.
      execFileSync('mount', ['--bind', ro, ro]);
      mounts.push(ro);
      execFileSync('mount', ['-o', 'remount,bind,ro', ro]);
      expect((await checkShareFolder(ro, { station })).problems).toEqual([{ code: 'NOT_WRITABLE', folder: ro, found: 'EROFS', message: expect.stringContaining(`cannot create files in ${ro} (EROFS)`) }]);
      expect(await readdir(ro)).toEqual(['kept.txt']);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full]);
      mounts.push(full);
      // Filled to the last byte: a new file can still be created (an inode), not written.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${path.join(full, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
      } catch {
        // dd ends with "No space left on device": the disk is full, as wanted.
      }
      expect((await checkShareFolder(full, { station })).problems).toEqual([{ code: 'FULL', folder: full, found: 'ENOSPC', message: expect.stringContaining(`${full} is full (ENOSPC)`) }]);
      expect(await readdir(full)).toEqual(['filler']);
    } finally {
      for (const m of mounts.reverse()) execFileSync('umount', [m]);
    }
  });

  it('a share that does not answer: NOT_ANSWERING at the deadline, never waiting for it', async () => {
    const share = await tmp.make('sw-check-');
    const hangs: FolderCheckFs = { ...nodeFolderCheckFs, lstat: () => new Promise(() => {}) };
    const started = Date.now();
    const r = await checkShareFolder(share, { station, fs: hangs, timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'NOT_ANSWERING', message: expect.stringContaining(`${share} did not answer within`) }] });
  });

  it('a share that still hangs: later checks answer at once and start no new file operation (one thread held at most)', async () => {
    const share = await tmp.make('sw-check-');
    let calls = 0;
    const hangs: FolderCheckFs = { ...nodeFolderCheckFs, lstat: () => { calls++; return new Promise(() => {}); } };
    expect((await checkShareFolder(share, { station, fs: hangs, timeoutMs: 100 })).problems[0]?.code).toBe('NOT_ANSWERING');
    const t = performance.now();
    for (let k = 0; k < 5; k++) expect((await checkShareFolder(share, { station, fs: hangs, timeoutMs: 100 })).problems[0]?.code).toBe('NOT_ANSWERING');
    expect(performance.now() - t).toBeLessThan(100);
    expect(calls).toBe(1);
  });

  it('a FIFO, or a link to /dev/zero, where this station\'s station.json would go: answered at once, never read', async () => {
    for (const make of ['fifo', 'zero'] as const) {
      const share = await tmp.make('sw-check-');
      const dir = path.join(share, 'stations', station.stationId);
      await mkdir(dir, { recursive: true });
      if (make === 'fifo') execFileSync('mkfifo', [path.join(dir, 'station.json')]);
      else await symlink('/dev/zero', path.join(dir, 'station.json'));
      const t = performance.now();
      const r = await checkShareFolder(share, { station, timeoutMs: 3000 });
      expect(performance.now() - t).toBeLessThan(2000);
      expect(r.usedByOtherStation).toBe(true);
      expect(r.problems.map((p) => p.code)).toEqual(['USED_BY_OTHER_STATION']);
    }
  });

  it('an unexpected error is a problem with its code, never a throw', async () => {
    const share = await tmp.make('sw-check-');
    const odd: FolderCheckFs = { ...nodeFolderCheckFs, lstat: async () => Promise.reject(errno('EIO')) };
    expect((await checkShareFolder(share, { station, fs: odd })).problems).toEqual([{ code: 'UNREADABLE', folder: share, found: 'EIO', message: expect.stringContaining('could not be checked (EIO)') }]);
  });
});
