import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importShare } from './import';
import { importOpts, liveShare, stationCheck } from './test-support';
import { copyFolderFor, folderSpace, MEMORY_FOLDER, MIN_MEMORY_FOLDER_BYTES, removeLeftCopies, withCopyDir, type FolderSpace } from './copy-folder';

/** Where the private copies of verified segments go: memory while it has room to spare, disk otherwise (copy-folder.ts). */

const GiB = 1024 ** 3;
const folders = { copyDir: '/disk/copies', memoryCopyDir: '/dev/shm/copies' };
const tmpfs = (size: number, free: number): (() => FolderSpace) => () => ({ size, free, memory: true });

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sw-copy-folder-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the folder of a station\'s copies', () => {
  it('is the memory folder while, with the copies counted twice, half of it and 1 GiB of the machine\'s memory stay free', () => {
    expect(copyFolderFor(folders, 100 * 1024 ** 2, tmpfs(8 * GiB, 8 * GiB), () => 16 * GiB)).toBe('/dev/shm/copies');
    // 8 GiB tmpfs with 4.3 GiB free: 200 MiB of copies (400 MiB counted) would leave less than half free; with 4 GiB + 400 MiB, exactly half.
    expect(copyFolderFor(folders, 200 * 1024 ** 2, tmpfs(8 * GiB, 4.3 * GiB), () => 16 * GiB)).toBe('/disk/copies');
    expect(copyFolderFor(folders, 200 * 1024 ** 2, tmpfs(8 * GiB, 4 * GiB + 400 * 1024 ** 2), () => 16 * GiB)).toBe('/dev/shm/copies');
    // The machine's memory is short, whatever the tmpfs says.
    expect(copyFolderFor(folders, 100 * 1024 ** 2, tmpfs(8 * GiB, 8 * GiB), () => 1.1 * GiB)).toBe('/disk/copies');
  });

  it('is the disk folder when there is no memory folder, it cannot be read, or it is not a memory file system', () => {
    expect(copyFolderFor({ copyDir: '/disk/copies' }, 10, tmpfs(8 * GiB, 8 * GiB), () => 16 * GiB)).toBe('/disk/copies');
    expect(copyFolderFor(folders, 10, () => null, () => 16 * GiB)).toBe('/disk/copies');
    expect(copyFolderFor(folders, 10, () => ({ size: 8 * GiB, free: 8 * GiB, memory: false }), () => 16 * GiB)).toBe('/disk/copies');
  });
});

describe('withCopyDir', () => {
  it('makes a private disk folder in the base, and a private memory folder when the machine has a large enough tmpfs; removes both after', async () => {
    const space = folderSpace(MEMORY_FOLDER);
    const memoryUsable = process.platform === 'linux' && space !== null && space.memory && space.size >= MIN_MEMORY_FOLDER_BYTES;
    let seen: { copyDir: string; memoryCopyDir?: string } | null = null;
    await withCopyDir(undefined, root, async (f) => {
      seen = f;
      for (const d of [f.copyDir, f.memoryCopyDir].filter((x) => x !== undefined)) {
        expect(statSync(d).mode & 0o777).toBe(0o700);
        await writeFile(path.join(d, 'segment-000000000001.jsonl'), 'x');
      }
    });
    const got = seen as unknown as { copyDir: string; memoryCopyDir?: string };
    expect(path.dirname(got.copyDir)).toBe(root);
    expect(got.memoryCopyDir !== undefined).toBe(memoryUsable);
    if (got.memoryCopyDir) expect(path.dirname(got.memoryCopyDir)).toBe(MEMORY_FOLDER);
    expect(existsSync(got.copyDir)).toBe(false);
    if (got.memoryCopyDir) expect(existsSync(got.memoryCopyDir)).toBe(false);
  });

  it('removes its folders when the work fails, and keeps a folder it was given (without a memory folder)', async () => {
    let made: string[] = [];
    await expect(withCopyDir(undefined, root, async (f) => {
      made = [f.copyDir, f.memoryCopyDir].filter((x) => x !== undefined);
      throw new Error('import failed');
    })).rejects.toThrow('import failed');
    expect(made.length).toBeGreaterThan(0);
    for (const d of made) expect(existsSync(d)).toBe(false);
    const given = path.join(root, 'given');
    await withCopyDir(given, root, async (f) => {
      expect(f).toEqual({ copyDir: given });
    });
  });

  it('uses no memory folder where there is none (another system, or none given)', async () => {
    await withCopyDir(undefined, root, async (f) => {
      expect(f.memoryCopyDir).toBeUndefined();
    }, null);
    await withCopyDir(undefined, root, async (f) => {
      expect(f.memoryCopyDir).toBeUndefined();
    }, path.join(root, 'no-such-folder'));
  });
});

describe('copies left by a process that is gone', () => {
  it('are removed (only plain folders of this user, named with a process that no longer runs)', async () => {
    const base = path.join(root, 'shm');
    await mkdir(base);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number; // a process that has ended
    const name = (pid: number, rest: string) => path.join(base, `.steadywork-verified-${pid}-${rest}`);
    await mkdir(name(dead, 'aaaaaa'));
    await writeFile(path.join(name(dead, 'aaaaaa'), 'segment-000000000001.jsonl'), 'x');
    await mkdir(name(process.pid, 'bbbbbb'));
    await mkdir(name(1, 'cccccc'));
    await symlink(root, name(dead, 'link'));
    await mkdir(path.join(base, 'not-ours'));
    expect(await removeLeftCopies(base)).toEqual([name(dead, 'aaaaaa')]);
    for (const kept of [name(process.pid, 'bbbbbb'), name(1, 'cccccc'), name(dead, 'link'), path.join(base, 'not-ours')]) expect(existsSync(kept), kept).toBe(true);
  });
});

describe('an import', () => {
  it('copies each station\'s segments into the memory folder when it has room, and imports them from there', async () => {
    const space = folderSpace(MEMORY_FOLDER);
    const memoryUsable = process.platform === 'linux' && space !== null && space.memory && space.size >= MIN_MEMORY_FOLDER_BYTES;
    const live = await liveShare(path.join(root, 'live'), { 'st-a': 8, 'st-b': 5 });
    try {
      await withCopyDir(undefined, root, async (f) => {
        const r = await importShare(live.share, path.join(root, 'ledger.duckdb'), { ...importOpts, ...f });
        expect(r.report.problems).toEqual([]);
        expect(r.eventsAdded).toBeGreaterThan(13);
        const copies = ['st-a', 'st-b'].flatMap((id) => stationCheck(r, id).files.map((x) => x.copy as string));
        expect(copies.length).toBeGreaterThan(1);
        for (const c of copies) expect(path.dirname(path.dirname(c))).toBe(memoryUsable ? f.memoryCopyDir : f.copyDir);
      });
    } finally {
      await live.close();
    }
  });
});

