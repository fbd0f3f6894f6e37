import { mkdtemp, open, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../time/clock';
import { Journal, type JournalOptions } from './journal';
import { MemoryKeyStore } from './keys';
import { SEGMENTS_DIR } from './format';
import type { JournalRecord } from './record';

/** Helpers shared by the journal's tests (not part of the public API). */

export const T0 = Date.parse('2026-11-27T08:05:00+05:30');

export class TempDirs {
  private readonly dirs: string[] = [];
  async make(prefix = 'sw-journal-'): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), prefix));
    this.dirs.push(d);
    return d;
  }
  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  }
}

export interface TestJournalSetup {
  dir: string;
  keyStore: MemoryKeyStore;
  clock: ManualClock;
  open(extra?: Partial<JournalOptions>): Promise<Journal>;
}

export function setup(dir: string, extra: Partial<JournalOptions> = {}): TestJournalSetup {
  const keyStore = new MemoryKeyStore();
  const clock = new ManualClock(T0, 'Asia/Kolkata');
  return {
    dir,
    keyStore,
    clock,
    open: (more = {}) => Journal.open({ dir, stationId: 'station-a', clock, keyStore, ...extra, ...more }),
  };
}

export const segPath = (dir: string, firstSeq: number): string => join(dir, SEGMENTS_DIR, `segment-${String(firstSeq).padStart(12, '0')}.jsonl`);

/** Lines of a file without their "\n" (the last piece is kept if the file does not end with "\n"). */
export async function fileLines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export const tick = (i: number, extra: Record<string, unknown> = {}) => ({ actor: 'artisan-7', type: 'step.done', step: `step-${i}`, value: { i }, ...extra });

/** The prototype of node's FileHandle (not exported by node:fs/promises), to spy on write/datasync. */
export async function fileHandleProto(dir: string): Promise<{ write: (...a: unknown[]) => Promise<unknown>; datasync: () => Promise<void> }> {
  const fh = await open(join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(fh) as { write: (...a: unknown[]) => Promise<unknown>; datasync: () => Promise<void> };
  await fh.close();
  await unlink(join(dir, 'probe'));
  return proto;
}

/** Every record an async iterable yields, in order. */
export async function collect(it: AsyncIterable<JournalRecord>): Promise<JournalRecord[]> {
  const out: JournalRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}
