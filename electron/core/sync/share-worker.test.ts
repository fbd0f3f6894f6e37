/**
 * Fault test (issue 11 item 3): the station's share I/O never makes the journal wait. FIFOs on the share, read the way
 * a dead network drive answers (the thread blocks in the kernel), more of them at once than Node has file-I/O
 * threads, while ticks are recorded: every tick's append + fdatasync stays fast, sync and the folder check answer
 * NOT_ANSWERING, and close() is quick. A first test shows that the same FIFOs read on Node's own file-I/O threads do
 * hold an fdatasync (what the worker is there to prevent), so the second one can fail.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FolderCheck, RunView, SyncStatus } from '../../contract';
import { MemoryKeyStore } from '../journal';
import { memorySettingsStore } from '../settings';
import { ManualClock } from '../time/clock';
import { memoryLogger } from '../log/logger';
import { workerScriptFromSource } from '../files/worker-script';
import { createStationApp } from '../composition/station-app';
import { channelCaller, setUpStation, TEST_APP_DEFAULTS, TEST_SUPERVISOR } from '../composition/test-support';
import { withTempDir } from '../../../test/support/temp-dir';
import { findShareWorkerScript, ShareWorker, workerShareFs } from './share-worker';

const LIBUV_THREADS = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
const FIFOS = LIBUV_THREADS + 2;

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** Opens the other end of each FIFO, so that a reader blocked on it returns (no reader: nothing to release). */
function release(fifos: string[]): void {
  for (const f of fifos) {
    try {
      closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is reading it now.
    }
  }
}

async function fdatasyncMs(file: string): Promise<number> {
  const fh = await open(file, 'a');
  try {
    const t = performance.now();
    await fh.write('{"tick":1}\n');
    await fh.datasync();
    return performance.now() - t;
  } finally {
    await fh.close();
  }
}

describe.skipIf(process.platform === 'win32')('share I/O in its own worker: the journal never waits behind the share', () => {
  it('control: FIFOs read on Node’s own file-I/O threads hold a journal fdatasync while they hang', async () => {
    await withTempDir('sw-share-libuv-', async (dir) => {
      const fifos = Array.from({ length: FIFOS }, (_, k) => path.join(dir, `hang-${k}.json`));
      for (const f of fifos) mkfifo(f);
      // A plain asynchronous open of a FIFO (no O_NONBLOCK) waits for a writer on one of libuv's threads.
      const readers = fifos.map((f) => open(f, 'r').then((fh) => fh.close(), () => undefined));
      try {
        await new Promise((r) => setTimeout(r, 200));
        const sync = fdatasyncMs(path.join(dir, 'journal.jsonl'));
        const within = await Promise.race([sync.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 1500))]);
        expect(within, 'with every libuv thread blocked on a FIFO, fdatasync waits').toBe(false);
      } finally {
        // libuv runs 4 opens at a time: release again until every queued open has had its writer.
        let pending = readers.length;
        for (const r of readers) void r.then(() => pending--);
        while (pending > 0) {
          release(fifos);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    });
  });

  it('a worker call that hangs answers NOT_ANSWERING by its deadline; the pool holds at most maxHung blocked threads', async () => {
    await withTempDir('sw-share-pool-', async (dir) => {
      const markers = path.join(dir, 'markers');
      await mkdir(markers);
      const fifos = Array.from({ length: 4 }, (_, k) => path.join(dir, `hang-${k}.json`));
      for (const f of fifos) mkfifo(f);
      const script = workerScriptFromSource(path.join(__dirname, 'share-worker-hang.fixture.ts'));
      if (!script) throw new Error('tsx is needed to run the test worker');
      const w = new ShareWorker(script, { deadlineMs: 1000, maxHung: 2, workerData: { steadyworkShareWorker: false, markers } });
      const fs = workerShareFs(w);
      try {
        // The worker still answers ordinary calls.
        expect(await fs.readdir(dir)).toContain('markers');
        for (const f of fifos.slice(0, 2)) {
          const t = performance.now();
          await expect(fs.readFile(f)).rejects.toMatchObject({ code: 'NOT_ANSWERING' });
          expect(performance.now() - t).toBeLessThan(5000);
        }
        // Two threads are blocked: the next call is refused at once, without a third thread.
        const t = performance.now();
        await expect(fs.stat(dir)).rejects.toMatchObject({ code: 'NOT_ANSWERING' });
        expect(performance.now() - t).toBeLessThan(200);
        expect(w.threads).toBe(2);
        expect(await readdir(markers)).toHaveLength(2);
        // The share answers again: the blocked threads end, the pool works again.
        release(fifos);
        for (let i = 0; i < 100 && w.threads > 0; i++) await new Promise((r) => setTimeout(r, 50));
        expect(w.threads).toBe(0);
        expect((await fs.stat(dir)).isDirectory()).toBe(true);
      } finally {
        release(fifos);
        w.close();
      }
    });
  });

  it('sync and folder checks on a hanging share: each tick appended and flushed in < 1 s, close() in < 3 s', async () => {
    await withTempDir('sw-share-hang-', async (root) => {
      const share = path.join(root, 'share');
      const markers = path.join(root, 'markers');
      await mkdir(path.join(share, 'standards'), { recursive: true });
      await mkdir(markers);
      const script = workerScriptFromSource(path.join(__dirname, 'share-worker-hang.fixture.ts'));
      if (!script) throw new Error('tsx is needed to run the test worker');
      expect(findShareWorkerScript(), 'the real share worker is found from the sources too').not.toBeNull();
      const logger = memoryLogger();
      const app = await createStationApp({
        ...TEST_APP_DEFAULTS,
        dataDir: path.join(root, 'data'),
        clock: new ManualClock(Date.parse('2026-11-23T08:05:00+05:30'), 'Asia/Kolkata'),
        keyStore: new MemoryKeyStore(),
        settings: memorySettingsStore(),
        syncIntervalMs: 0,
        logger,
        shareWorker: { script, deadlineMs: 1000, maxHung: 3, workerData: { steadyworkShareWorker: false, markers } },
      });
      const fifos = [path.join(share, 'stations', app.stationId, 'station.json'), ...Array.from({ length: FIFOS }, (_, k) => path.join(share, 'standards', `hang-${k}.v1.json`))];
      let closed = false;
      try {
        const { value } = channelCaller(app);
        await setUpStation(value);
        const { session } = await value<{ session: string }>('supervisor.unlock', { pin: TEST_SUPERVISOR.pin });
        await value('settings.update', { session, settings: { sharePath: share } });
        expect(await value<SyncStatus>('sync.now', {})).toMatchObject({ state: 'up_to_date' });
        // Then the share goes bad: this station's station.json and several standards are FIFOs that never answer.
        await rm(fifos[0] as string, { force: true });
        for (const f of fifos) mkfifo(f);
        const actor = 'asha-devi';
        const run = await value<RunView>('runs.start', { standardId: 'station-start-check', actor });

        const tickMs: number[] = [];
        const answers: Array<Promise<SyncStatus | FolderCheck>> = [];
        const until = Date.now() + 8000;
        let blocked = 0;
        while (Date.now() < until) {
          // Sync and the Settings check keep asking the share (as the timer and a supervisor would).
          answers.push(value<SyncStatus>('sync.now', {}), value<FolderCheck>('sync.checkFolder', { session, path: share }));
          for (let k = 0; k < 5; k++) {
            const t = performance.now();
            await value('runs.tick', { runId: run.runId, actor, stepId: 'clear-table' });
            await value('runs.undo', { runId: run.runId, actor });
            tickMs.push((performance.now() - t) / 2);
          }
          blocked = Math.max(blocked, (await readdir(markers)).length);
          await new Promise((r) => setTimeout(r, 100));
        }
        const worst = Math.max(...tickMs);
        console.info(`share-worker fault test: ${tickMs.length} ticks, worst append+fdatasync ${worst.toFixed(1)} ms, median ${[...tickMs].sort((a, b) => a - b)[Math.floor(tickMs.length / 2)]?.toFixed(1)} ms; ${blocked} threads blocked on FIFOs at once (libuv has ${LIBUV_THREADS})`);
        expect(blocked, 'more share reads hang at once than Node has file-I/O threads').toBeGreaterThan(LIBUV_THREADS);
        expect(worst, 'the slowest tick (append + fdatasync), ms').toBeLessThan(1000);
        const settled = await Promise.all(answers);
        expect(settled.some((a) => 'state' in a && a.state === 'unreachable')).toBe(true);
        const checks = settled.filter((a): a is FolderCheck => 'problems' in a);
        expect(checks.length).toBeGreaterThan(0);
        for (const c of checks) expect(c.problems.map((p) => p.code)).toEqual(['NOT_ANSWERING']);
        // Each operation given up is in the app's log, naming the file that did not answer.
        expect(logger.lines).toContainEqual({ level: 'warn', message: expect.stringMatching(/shared folder does not answer: an operation on .*station\.json was given up/) });
        const t = performance.now();
        await app.close();
        closed = true;
        const closeMs = performance.now() - t;
        console.info(`share-worker fault test: close() took ${closeMs.toFixed(0)} ms with the share still hanging`);
        expect(closeMs, 'close() with the share still hanging, ms').toBeLessThan(3000);
      } finally {
        if (!closed) await app.close().catch(() => undefined);
        // The blocked threads return (and end) once their FIFOs answer; then the folder can go.
        release(fifos);
        await new Promise((r) => setTimeout(r, 300));
        await rm(share, { recursive: true, force: true });
      }
    });
  }, 60_000);
});
