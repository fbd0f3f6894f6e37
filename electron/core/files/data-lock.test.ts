import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../../../test/support/temp-dir';
import { actor, closeStations, env, open } from '../composition/station-test-support';
import { acquireDataLock, DATA_LOCK_FILE, DataFolderLockedError } from './data-lock';

const CHILD = fileURLToPath(new URL('./data-lock-child.ts', import.meta.url));

/** A second real process on the folder: answers its first line ("locked <pid>" / "refused …") and the process. */
function child(dir: string): Promise<{ line: string; proc: ChildProcess; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ line: out.slice(0, nl), proc, exited });
    });
    proc.once('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`child exited ${code} without answering: ${err}`));
    });
  });
}

describe('the data folder lock (one process per station data folder)', () => {
  it('a second real process refuses while the station runs, with a message naming the holder; after close it may start', async () => {
    const e = await env();
    try {
      const s = await open(e);
      expect((await s.value<{ runId: string }>('runs.start', { standardId: 'station-start-check', actor })).runId).toBeTruthy();
      const second = await child(e.dataDir);
      expect(second.line).toMatch(/^refused DATA_FOLDER_IN_USE /);
      expect(second.line).toContain(`process ${process.pid}`);
      expect(second.line).toContain(e.dataDir);
      expect(await second.exited).toBe(3);
      // The journal was not touched by the second process: still one writer's lines, and the station goes on.
      await s.app.close();
      const after = await child(e.dataDir);
      expect(after.line).toBe(`locked ${after.proc.pid}`);
      after.proc.stdin?.end();
      expect(await after.exited).toBe(0);
    } finally {
      await closeStations();
    }
  }, 60_000);

  it('the station refuses to open while another real process holds the folder, and takes over once that process is killed', async () => {
    const e = await env();
    try {
      const holder = await child(e.dataDir);
      expect(holder.line).toBe(`locked ${holder.proc.pid}`);
      const refused = await open(e).then(() => null, (err: unknown) => err);
      expect(refused).toBeInstanceOf(DataFolderLockedError);
      expect((refused as Error).message).toContain(`process ${holder.proc.pid}`);
      holder.proc.kill('SIGKILL'); // a crash: the lock file stays behind, its process is gone
      await holder.exited;
      expect(JSON.parse(await readFile(join(e.dataDir, DATA_LOCK_FILE), 'utf8'))).toMatchObject({ pid: holder.proc.pid });
      const s = await open(e);
      expect(s.app.stationId).toBeTruthy();
      expect(JSON.parse(await readFile(join(e.dataDir, DATA_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await closeStations();
    }
  }, 60_000);

  it('a half-written lock file of a live writer is not taken over; one from another computer never is', async () => {
    await withTempDir('sw-lock-', async (dir) => {
      await writeFile(join(dir, DATA_LOCK_FILE), '');
      await expect(acquireDataLock(dir)).rejects.toBeInstanceOf(DataFolderLockedError);
      await writeFile(join(dir, DATA_LOCK_FILE), JSON.stringify({ pid: 1, host: 'another-pc', bootId: null, startedAt: 'x', what: 'y' }));
      await expect(acquireDataLock(dir, { isAlive: () => false })).rejects.toThrow(/process 1 on another-pc/);
    });
  });
});
