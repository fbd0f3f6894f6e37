import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../time/clock';
import { Journal } from './journal';
import { FileKeyStore } from './keys';
import { RECOVERY_TYPE, SEGMENTS_DIR } from './format';
import { verifyJournalDir } from './verify';
import { TempDirs } from './test-support';

/**
 * Really kill a process with SIGKILL while it appends, many times, and check after each kill that everything it had
 * acknowledged is there, that the journal verifies, and that a torn tail is quarantined with a recovery record.
 * Some iterations also cut the last line at a random byte after the kill, so torn tails are certain.
 */

const KILLS = Number(process.env.CRASH_KILLS ?? 48);
/**
 * Each kill starts a node process and verifies the journal after it: about 1 s on a quiet 2-core machine (the whole
 * test 30-55 s), 3-4 s when the machine is busy (load 13: over the former 120 s). Real kills and real fdatasync are
 * the point of this test, so it keeps them all and gets a timeout that fits a busy machine.
 */
const CRASH_TEST_TIMEOUT_MS = 360_000;
const SEGMENT_MAX = 25;
const tmp = new TempDirs();
let childCommand: { cmd: string; args: string[] };

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

beforeAll(async () => {
  const out = await tmp.make('sw-crash-bin-');
  const entry = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
  try {
    // Bundled once: a plain `node file.cjs` starts in ~100 ms, `node --import tsx` in ~600 ms.
    const { build } = await import('esbuild');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: join(out, 'crash-child.cjs'), logLevel: 'silent' });
    childCommand = { cmd: process.execPath, args: [join(out, 'crash-child.cjs')] };
  } catch {
    childCommand = { cmd: process.execPath, args: ['--import', 'tsx', entry] };
  }
});
afterAll(() => tmp.cleanup());

interface ChildRun {
  acknowledged: Map<number, string>;
  exitSignal: NodeJS.Signals | null;
  stderr: string;
  targeted: boolean;
}

/** Start the child, wait until its journal is open, let it append for a while, then SIGKILL it. */
function runAndKill(dir: string, keyFile: string, seed: number, random: () => number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(childCommand.cmd, [...childCommand.args, dir, keyFile, String(seed), String(SEGMENT_MAX)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged = new Map<number, string>();
    let buffer = '';
    let stderr = '';
    let armed = false; // after the random delay; in targeted runs, wait for the next large write to start
    const targeted = random() < 0.5;
    const kill = () => child.kill('SIGKILL');
    const timeout = setTimeout(() => {
      kill();
      reject(new Error(`child did not start: ${stderr}`));
    }, 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const [word, a, b] = line.split(' ');
        if (word === 'ready') {
          clearTimeout(timeout);
          const delay = 5 + random() * 145;
          setTimeout(() => {
            if (targeted) armed = true;
            else kill();
          }, delay);
          if (targeted) setTimeout(kill, delay + 400); // no large write came: kill anyway
        } else if (word === 'ok') {
          acknowledged.set(Number(a), b as string);
        } else if (word === 'W' && armed) {
          // The child is about to write() a large line: kill it now, while the kernel copies the bytes.
          armed = false;
          kill();
        }
      }
    });
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timeout);
      resolve({ acknowledged, exitSignal: signal, stderr, targeted });
    });
  });
}

async function activeSegment(dir: string): Promise<string> {
  const names = (await readdir(join(dir, SEGMENTS_DIR))).filter((n) => /^segment-\d{12}\.jsonl$/.test(n)).sort();
  return join(dir, SEGMENTS_DIR, names[names.length - 1] as string);
}

/** Is the last line of the file cut (no "\n") or not JSON? Returns where the last line starts. */
async function inspectTail(file: string): Promise<{ torn: boolean; size: number; lastLineStart: number; lastSeq: number | null }> {
  const bytes = await readFile(file);
  if (bytes.length === 0) return { torn: false, size: 0, lastLineStart: 0, lastSeq: null };
  const terminated = bytes[bytes.length - 1] === 10;
  const end = terminated ? bytes.length - 1 : bytes.length;
  const lastLineStart = bytes.lastIndexOf(10, end - 1) + 1;
  let lastSeq: number | null = null;
  let torn = !terminated;
  try {
    lastSeq = (JSON.parse(bytes.subarray(lastLineStart, end).toString('utf8')) as { seq: number }).seq;
  } catch {
    torn = true;
  }
  return { torn, size: bytes.length, lastLineStart, lastSeq };
}

describe('crash: SIGKILL while appending', () => {
  it(`keeps every acknowledged record through ${KILLS} kills, and quarantines torn tails`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const random = rng(seed);
    const stats = { kills: 0, tornByKill: 0, tornByTruncation: 0, recoveries: 0, acknowledged: 0, targeted: 0 };
    let dir = '';
    let keyFile = '';
    const started = Date.now();
    for (let k = 0; k < KILLS; k++) {
      if (k % 12 === 0) {
        // A fresh journal now and then keeps the files small, so each check stays fast.
        if (dir) await rm(join(dir, '..'), { recursive: true, force: true });
        const root = await tmp.make('sw-crash-');
        dir = join(root, 'journal');
        keyFile = join(root, 'keys', 'station.key');
      }
      const run = await runAndKill(dir, keyFile, seed + k, random);
      expect(run.exitSignal, run.stderr).toBe('SIGKILL');
      stats.kills++;
      if (run.targeted) stats.targeted++;
      stats.acknowledged += run.acknowledged.size;

      const seg = await activeSegment(dir);
      const tail = await inspectTail(seg);
      const lost = new Set<number>();
      let torn = false;
      if (process.env.CRASH_DEBUG) console.log(`iteration ${k}: torn=${tail.torn}`);
      if (tail.torn) {
        stats.tornByKill++;
        torn = true;
      } else if (tail.size > 0 && random() < 0.4) {
        // Cut the last (complete) line at a random byte inside it: as if its write had been torn.
        const cut = tail.lastLineStart + 1 + Math.floor(random() * (tail.size - 1 - tail.lastLineStart - 1));
        await truncate(seg, cut);
        stats.tornByTruncation++;
        torn = true;
        if (tail.lastSeq !== null) lost.add(tail.lastSeq); // that record is now gone by our hand, not the journal's
      }

      const j = await Journal.open({ dir, stationId: 'crash-station', clock: systemClock('UTC'), keyStore: new FileKeyStore(keyFile), segmentMaxRecords: SEGMENT_MAX });
      try {
        if (torn) {
          expect(j.recovery, `iteration ${k}: torn tail not recovered`).not.toBeNull();
          const rec = j.recovery!;
          stats.recoveries++;
          expect(rec.record.type).toBe(RECOVERY_TYPE);
          expect((await stat(join(dir, rec.quarantinedTo))).size).toBe(rec.bytes);
        } else {
          expect(j.recovery, `iteration ${k}: unexpected recovery`).toBeNull();
        }
        // Every acknowledged record is there, with the id the child was given.
        const seqs = [...run.acknowledged.keys()].filter((s) => !lost.has(s));
        if (seqs.length > 0) {
          const from = Math.min(...seqs);
          const found = new Map<number, string>();
          for await (const r of j.readSince(from - 1)) found.set(r.seq, r.id);
          for (const s of seqs) expect(found.get(s), `iteration ${k}: acknowledged seq ${s} missing`).toBe(run.acknowledged.get(s));
        }
      } finally {
        await j.close();
      }
      const report = await verifyJournalDir(dir);
      expect(report.problems, `iteration ${k}`).toEqual([]);
    }
    console.log(
      `crash test (seed ${seed}): ${stats.kills} kills (${stats.targeted} aimed at a large write), ${stats.tornByKill} tails torn by the kill, ` +
        `${stats.tornByTruncation} torn by truncation, ${stats.recoveries} recoveries, ${stats.acknowledged} acknowledged appends checked, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(stats.kills).toBeGreaterThanOrEqual(40);
    expect(stats.tornByTruncation).toBeGreaterThan(0);
    expect(stats.recoveries).toBe(stats.tornByKill + stats.tornByTruncation);
  }, CRASH_TEST_TIMEOUT_MS);
});
