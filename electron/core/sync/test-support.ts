import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryKeyStore } from '../journal';
import { StationService } from '../runs/station-service';
import type { RunView } from '../runs';
import { ManualClock } from '../time/clock';
import type { Result } from '../../contract/result';
import { nodeShareFs, type ShareFileHandle, type ShareFs } from './share-fs';

/** Helpers for the sync and ledger tests (not part of the public API). */

export const STANDARDS = path.resolve(__dirname, '../../../assets/standards');
/** Monday 2026-11-23, 08:05 in Kolkata: the demo standards are in force and due. */
export const MONDAY_0805 = Date.parse('2026-11-23T08:05:00+05:30');
/** "Now" for verification in tests: after every simulated event, so that no clock warning is expected. */
export const TEST_NOW = Date.parse('2026-12-01T12:00:00Z');

export class TempDirs {
  private readonly dirs: string[] = [];
  async make(prefix = 'sw-sync-'): Promise<string> {
    const d = await mkdtemp(path.join(tmpdir(), prefix));
    this.dirs.push(d);
    return d;
  }
  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  }
}

export interface TestStation {
  svc: StationService;
  clock: ManualClock;
  keyStore: MemoryKeyStore;
  stationId: string;
  dir: string;
  /** Start and finish one run of a standard (every step done, measurements in limits). */
  run(standardId?: string, actor?: string): Promise<RunView>;
}

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export async function openTestStation(dir: string, opts: { clockMs?: number; segmentMaxRecords?: number } = {}): Promise<TestStation> {
  const clock = new ManualClock(opts.clockMs ?? MONDAY_0805, 'Asia/Kolkata');
  const keyStore = new MemoryKeyStore();
  const stationId = randomUUID();
  const svc = await StationService.open({
    journalDir: path.join(dir, 'journal'), stationId, clock, keyStore, standardsDirs: [STANDARDS],
    ...(opts.segmentMaxRecords ? { segmentMaxRecords: opts.segmentMaxRecords } : {}),
  });
  const run = async (standardId = 'station-start-check', actor = 'asha-devi'): Promise<RunView> => {
    let view = must(await svc.startRun({ standardId, actor }));
    const doc = must(svc.standardByHash(view.standard.hash));
    for (const s of doc.steps) {
      clock.advance(20_000);
      const a = { runId: view.runId, actor, stepId: s.id };
      if (s.kind === 'tick') view = must(await svc.tick(a));
      else if (s.kind === 'choice') view = must(await svc.choose({ ...a, option: (s.options.find((o) => o.acceptable) ?? s.options[0])!.value }));
      else if (s.kind === 'measurement') view = must(await svc.measure({ ...a, value: ((s.limits.min ?? 0) + (s.limits.max ?? 0)) / 2 }));
      else view = must(await svc.skip(a));
    }
    clock.advance(20_000);
    return must(await svc.complete({ runId: view.runId, actor }));
  };
  return { svc, clock, keyStore, stationId, dir, run };
}

/** Every file under a folder, relative, with "/". */
export async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, base)));
    else out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

export type FsOp = 'stat' | 'mkdir' | 'readdir' | 'readFile' | 'create' | 'write' | 'sync' | 'close' | 'link' | 'rename' | 'unlink' | 'fsyncDir';

/**
 * A ShareFs that asks `hook` before every operation: the hook may throw (an errno error), wait, or do something to
 * the folder (remove it) before the real operation runs. `calls` counts operations.
 */
export function faultyFs(hook: (op: FsOp, p: string) => void | Promise<void>): ShareFs & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const at = async (op: FsOp, p: string) => {
    calls[op] = (calls[op] ?? 0) + 1;
    await hook(op, p);
  };
  return {
    calls,
    stat: async (p) => (await at('stat', p), nodeShareFs.stat(p)),
    mkdir: async (p) => (await at('mkdir', p), nodeShareFs.mkdir(p)),
    readdir: async (p) => (await at('readdir', p), nodeShareFs.readdir(p)),
    readFile: async (p) => (await at('readFile', p), nodeShareFs.readFile(p)),
    create: async (p) => {
      await at('create', p);
      const fh = await nodeShareFs.create(p);
      const wrapped: ShareFileHandle = {
        write: async (data, offset, length) => (await at('write', p), fh.write(data, offset, length)),
        sync: async () => (await at('sync', p), fh.sync()),
        close: async () => (await at('close', p), fh.close()),
      };
      return wrapped;
    },
    link: async (a, b) => (await at('link', b), nodeShareFs.link(a, b)),
    rename: async (a, b) => (await at('rename', b), nodeShareFs.rename(a, b)),
    unlink: async (p) => (await at('unlink', p), nodeShareFs.unlink(p)),
    fsyncDir: async (p) => (await at('fsyncDir', p), nodeShareFs.fsyncDir(p)),
  };
}

export function errnoError(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}
