/**
 * The hostile-share suite (issue 11): the shared folder is written by the supplier, the party procurement judges, and
 * by anyone on its network. Real files, really broken: symbolic links (inside and outside the share), FIFOs, sockets,
 * /dev/zero, a 200 MB line, a segment swapped for a forged one after it was verified, a share that stops answering.
 * Each gives its problem code, within a deadline and bounded memory, and the other stations are still imported —
 * with nothing false in the ledger.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, open, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { simulate } from '../sim/simulate';
import { pullStandards } from '../sync/pull-standards';
import { STANDARDS, TEST_NOW, TempDirs } from '../sync/test-support';
import { Procurement } from '../procurement/service';
import { hashBytes } from '../journal';
import { importShare, verifyShare, type ImportOptions, type ImportResult, type LedgerProblem } from '.';

const dirs = new TempDirs();
let root: string;
let original: string;
let truth: Map<string, string>;
let stations: string[];
let A: string;
/** Events per station in the untouched share. */
let perStation: Map<string, number>;

/**
 * One worker: the real mechanism (synchronous share reads in a worker thread, watched by a deadline). The deadline
 * and bounds are generous so that the suite passes on a machine busy with other work (issue 14): a FIFO or /dev/zero
 * read without these defences never ends at all, so any bound tells them apart.
 */
const DEADLINE_MS = 15_000;
const BOUND_MS = 40_000;
vi.setConfig({ testTimeout: 120_000 });
const base: ImportOptions = { nowMs: TEST_NOW, workers: 1, deadlineMs: DEADLINE_MS };
const segDir = (share: string, station: string) => path.join(share, 'stations', station, 'segments');
const rel = (station: string, ...p: string[]) => ['stations', station, ...p].join('/');

async function rows(db: string): Promise<Map<string, string>> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  const out = new Map<string, string>();
  const result = await conn.runAndReadAll(`SELECT station_id, seq, id, at_text, actor, type, run_id, standard_hash, step_id, value, reason, supersedes, data, file, line
    FROM events ORDER BY station_id, seq`);
  for (const r of result.getRowObjectsJson()) out.set(`${String(r.station_id)}:${String(r.seq)}`, JSON.stringify(r));
  conn.closeSync();
  instance.closeSync();
  return out;
}

async function segments(share: string, station: string): Promise<string[]> {
  return (await readdir(segDir(share, station))).filter((n) => /^segment-\d{12}\.jsonl$/.test(n)).sort();
}

let n = 0;
async function fresh(): Promise<string> {
  const d = path.join(root, `share-${++n}`);
  await cp(original, d, { recursive: true });
  return d;
}

/** Import within the deadline; check that nothing false was imported and that every other station is whole. */
async function importChecked(share: string, opts: ImportOptions = {}, boundMs = BOUND_MS): Promise<{ result: ImportResult; imported: Map<string, string>; ms: number }> {
  const db = path.join(root, `db-${++n}.duckdb`);
  const t = performance.now();
  const result = await importShare(share, db, { ...base, ...opts });
  const ms = performance.now() - t;
  expect(ms, 'the import ends within its bound').toBeLessThan(boundMs);
  const imported = await rows(db);
  for (const [key, row] of imported) expect(truth.get(key), `imported ${key}`).toBe(row);
  for (const s of stations.filter((x) => x !== A)) {
    const st = result.stations.find((x) => x.station === s);
    expect(st?.status, `station ${s}`).toBe('imported');
    expect(st?.headSeq).toBe(perStation.get(s));
  }
  return { result, imported, ms };
}

const problemsOf = (r: ImportResult, station: string) => r.report.problems.filter((p) => p.station === station);
const expectProblem = (r: ImportResult, match: Partial<LedgerProblem>) =>
  expect(r.report.problems).toContainEqual(expect.objectContaining(match));

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** A listening Unix socket at `file` (made at a short path, then renamed into place: socket paths are short). */
async function socketAt(file: string): Promise<net.Server> {
  const short = path.join(await mkdtemp(path.join(tmpdir(), 'sws-')), 's');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(short, resolve));
  await rename(short, file);
  return server;
}

beforeAll(async () => {
  root = await dirs.make('sw-hostile-');
  original = path.join(root, 'original');
  await simulate({ share: original, standardsDir: STANDARDS, stations: 3, days: 4, seed: 11, startDate: '2026-11-16', timeZone: 'Asia/Kolkata' });
  stations = (await readdir(path.join(original, 'stations'))).sort();
  A = stations[0] as string;
  const db = path.join(root, 'truth.duckdb');
  const first = await importShare(original, db, { nowMs: TEST_NOW, workers: 0 });
  expect(first.report.problems).toEqual([]);
  truth = await rows(db);
  perStation = new Map(first.stations.map((s) => [s.station, s.headSeq]));
  for (const s of stations) expect((await segments(original, s)).length, `station ${s} has several segments`).toBeGreaterThan(2);
}, 120_000);
afterAll(() => dirs.cleanup());

describe('links are refused, wherever they point', () => {
  it('a segment symlinked to a copy inside the share: LINK, the station is imported up to the segment before it', async () => {
    const share = await fresh();
    const segs = await segments(share, A);
    const victim = segs[1] as string;
    const inside = path.join(share, 'elsewhere');
    await mkdir(inside);
    await rename(path.join(segDir(share, A), victim), path.join(inside, victim));
    await symlink(path.join(inside, victim), path.join(segDir(share, A), victim));
    const { result, imported } = await importChecked(share);
    expectProblem(result, { station: A, file: rel(A, 'segments', victim), code: 'LINK', severity: 'error' });
    const a = result.stations.find((s) => s.station === A);
    expect(a?.status).toBe('partial');
    const firstSeq = Number(victim.slice(8, 20));
    expect(a?.headSeq).toBe(firstSeq - 1);
    expect([...imported.keys()].filter((k) => k.startsWith(`${A}:`))).toHaveLength(firstSeq - 1);
  });

  it('a segment symlinked outside the share (the same bytes): LINK, never followed', async () => {
    const share = await fresh();
    const segs = await segments(share, A);
    const victim = segs[0] as string;
    const outside = await mkdtemp(path.join(tmpdir(), 'sw-outside-'));
    await rename(path.join(segDir(share, A), victim), path.join(outside, victim));
    await symlink(path.join(outside, victim), path.join(segDir(share, A), victim));
    try {
      const { result } = await importChecked(share);
      expectProblem(result, { station: A, code: 'LINK', file: rel(A, 'segments', victim) });
      expect(result.stations.find((s) => s.station === A)?.headSeq).toBe(0);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('station.json and the segments folder as links: the station is refused, the others imported', async () => {
    const share = await fresh();
    const outside = path.join(root, `identity-${n}.json`);
    await rename(path.join(share, 'stations', A, 'station.json'), outside);
    await symlink(outside, path.join(share, 'stations', A, 'station.json'));
    const { result } = await importChecked(share);
    expectProblem(result, { station: A, code: 'LINK', file: rel(A, 'station.json') });
    expect(result.stations.find((s) => s.station === A)?.status).toBe('rejected');

    const share2 = await fresh();
    const moved = path.join(root, `segments-${n}`);
    await rename(segDir(share2, A), moved);
    await symlink(moved, segDir(share2, A));
    const second = await importChecked(share2);
    expectProblem(second.result, { station: A, code: 'LINK', file: rel(A, 'segments') });
    expect(second.result.stations.find((s) => s.station === A)?.headSeq).toBe(0);
  });
});

describe('what is inserted is what was verified', () => {
  it('a segment swapped for a forged one after verification, before the insert: the verified bytes are imported', async () => {
    const share = await fresh();
    const victim = (await segments(share, A))[0] as string;
    const file = path.join(segDir(share, A), victim);
    const bytes = await readFile(file, 'utf8');
    // A forged copy of the same length: one actor changed (the chain and seal would no longer verify, but it is
    // swapped in after the verification, as the flip between real and forged files did).
    let forgedActor = '';
    const forged = bytes.replace(/"actor":"([^"]+)"/, (_m, a: string) => `"actor":"${(forgedActor = 'X'.repeat(a.length))}"`);
    expect(forged).not.toBe(bytes);
    expect(forged.length).toBe(bytes.length);
    let swapped = 0;
    const { result, imported } = await importChecked(share, {
      beforeInsert: async (batch) => {
        if (!batch.some((c) => c.station === A)) return;
        await writeFile(`${file}.forged`, forged);
        await rename(`${file}.forged`, file); // same name, other inode, other content
        swapped++;
      },
    });
    expect(swapped).toBe(1);
    expect(result.report.ok).toBe(true);
    expect(result.stations.find((s) => s.station === A)?.status).toBe('imported');
    expect([...imported.keys()].filter((k) => k.startsWith(`${A}:`))).toHaveLength(perStation.get(A) as number);
    // The forged actor itself (a bare 'XXXX' also turns up by chance in random ids and signatures).
    expect([...imported.values()].some((r) => r.includes(`"${forgedActor}"`))).toBe(false);
  });
});

describe('a seal is trusted only in a file without errors', () => {
  it('edited events re-chained behind a forged seal (another station, the seq of the line before) are not imported, nor the forged line', async () => {
    const share = await fresh();
    const segs = await segments(share, A);
    const victim = segs[segs.length - 1] as string;
    const file = path.join(segDir(share, A), victim);
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.length > 0);
    const seal = JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
    const events = lines.slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
    const first = events[0] as Record<string, unknown>;
    first.actor = 'forged-actor';
    first.at = new Date(Date.parse(String(first.at))).toISOString(); // the same instant, written with Z
    let prev = String(first.prev);
    const out: string[] = [];
    for (const e of events) {
      e.prev = prev;
      const text = JSON.stringify(e);
      out.push(text);
      prev = hashBytes(Buffer.from(text));
    }
    // The real seal gone; a line typed as a seal in its place, claiming the seq of the line before it.
    out.push(JSON.stringify({ ...seal, seq: (events[events.length - 1] as { seq: number }).seq, station: 'zz-forged' }));
    await writeFile(file, `${out.join('\n')}\n`);
    const { result, imported } = await importChecked(share);
    const a = result.stations.find((s) => s.station === A);
    expect(a?.status).toBe('partial');
    // The station ends at the file before (its last valid seal); nothing of the edited file, nothing of "zz-forged".
    const before = await readFile(path.join(segDir(share, A), segs[segs.length - 2] as string), 'utf8');
    const lastBefore = JSON.parse(before.trim().split('\n').pop() as string) as { seq: number };
    expect(a?.headSeq).toBe(lastBefore.seq);
    expect([...imported.keys()].filter((k) => k.startsWith(`${A}:`))).toHaveLength(lastBefore.seq);
    expect([...imported.keys()].some((k) => k.startsWith('zz-forged:'))).toBe(false);
    expect([...imported.values()].some((r) => r.includes('forged-actor'))).toBe(false);
    expect(problemsOf(result, A).map((p) => p.code)).toContain('BAD_SIGNATURE');
  });
});

describe('FIFOs, sockets and devices never block and are never read', () => {
  it('a FIFO as station.json: NOT_A_FILE at once, the station refused, the others imported', async () => {
    const share = await fresh();
    const file = path.join(share, 'stations', A, 'station.json');
    await rm(file);
    mkfifo(file);
    const { result, ms } = await importChecked(share);
    expectProblem(result, { station: A, code: 'NOT_A_FILE', file: rel(A, 'station.json') });
    expect(problemsOf(result, A).find((p) => p.code === 'NOT_A_FILE')?.found).toMatch(/FIFO/);
    expect(result.stations.find((s) => s.station === A)?.status).toBe('rejected');
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('a socket as station.json, and station.json linked to /dev/zero', async () => {
    const share = await fresh();
    const file = path.join(share, 'stations', A, 'station.json');
    await rm(file);
    const server = await socketAt(file);
    try {
      const { result } = await importChecked(share);
      expectProblem(result, { station: A, code: 'NOT_A_FILE', file: rel(A, 'station.json') });
    } finally {
      server.close();
    }
    const share2 = await fresh();
    const file2 = path.join(share2, 'stations', A, 'station.json');
    await rm(file2);
    await symlink('/dev/zero', file2);
    const second = await importChecked(share2);
    expectProblem(second.result, { station: A, code: 'LINK', file: rel(A, 'station.json') });
  });

  it('a FIFO, a socket and a /dev/zero link as segments', async () => {
    const share = await fresh();
    const segs = await segments(share, A);
    const [s0, s1, s2] = segs as [string, string, string];
    await rm(path.join(segDir(share, A), s2));
    mkfifo(path.join(segDir(share, A), s2));
    await rm(path.join(segDir(share, A), s1));
    const server = await socketAt(path.join(segDir(share, A), s1));
    try {
      const { result } = await importChecked(share);
      expectProblem(result, { station: A, code: 'NOT_A_FILE', file: rel(A, 'segments', s2) });
      expectProblem(result, { station: A, code: 'NOT_A_FILE', file: rel(A, 'segments', s1) });
      // the first segment, before them, is imported
      expect(result.stations.find((s) => s.station === A)?.headSeq).toBe(Number(s1.slice(8, 20)) - 1);
    } finally {
      server.close();
    }
    const share2 = await fresh();
    await rm(path.join(segDir(share2, A), s0));
    await symlink('/dev/zero', path.join(segDir(share2, A), s0));
    const second = await importChecked(share2);
    expectProblem(second.result, { station: A, code: 'LINK', file: rel(A, 'segments', s0) });
    expect(second.result.stations.find((s) => s.station === A)?.headSeq).toBe(0);
  });

  it('a FIFO, a socket and a /dev/zero link as conflict copies', async () => {
    const share = await fresh();
    const segs = await segments(share, A);
    const copyName = (s: string, tag: string) => s.replace('.jsonl', ` (${tag}).jsonl`);
    mkfifo(path.join(segDir(share, A), copyName(segs[1] as string, 'fifo')));
    await symlink('/dev/zero', path.join(segDir(share, A), copyName(segs[2] as string, 'zero')));
    const server = await socketAt(path.join(segDir(share, A), copyName(segs[2] as string, 'sock')));
    try {
      const { result } = await importChecked(share);
      expectProblem(result, { station: A, code: 'NOT_A_FILE', file: rel(A, 'segments', copyName(segs[1] as string, 'fifo')) });
      expectProblem(result, { station: A, code: 'LINK', file: rel(A, 'segments', copyName(segs[2] as string, 'zero')) });
      expectProblem(result, { station: A, code: 'NOT_A_FILE', file: rel(A, 'segments', copyName(segs[2] as string, 'sock')) });
      expect(result.stations.find((s) => s.station === A)?.headSeq).toBe(Number((segs[1] as string).slice(8, 20)) - 1);
    } finally {
      server.close();
    }
  });

  it('a FIFO, a socket and a /dev/zero link as standards: reported, not read, by the import and by a station pulling standards', async () => {
    const share = await fresh();
    const std = path.join(share, 'standards');
    mkfifo(path.join(std, 'fifo.json'));
    await symlink('/dev/zero', path.join(std, 'zero.json'));
    const server = await socketAt(path.join(std, 'sock.json'));
    try {
      const { result } = await importChecked(share);
      for (const [name, code] of [['fifo.json', 'NOT_A_FILE'], ['zero.json', 'LINK'], ['sock.json', 'NOT_A_FILE']] as const) {
        expect(result.report.problems).toContainEqual(expect.objectContaining({ station: '', file: `standards/${name}`, code, severity: 'warning' }));
      }
      expect(result.stations.find((s) => s.station === A)?.status).toBe('imported');

      const local = path.join(root, `pulled-${n}`);
      const t = performance.now();
      const pulled = await pullStandards(share, local);
      expect(performance.now() - t).toBeLessThan(BOUND_MS);
      for (const name of ['fifo.json', 'zero.json', 'sock.json']) {
        expect(pulled.problems).toContainEqual(expect.objectContaining({ file: path.join(std, name) }));
      }
      expect(pulled.copied.length).toBeGreaterThan(0); // the real standards still arrive
    } finally {
      server.close();
    }
  });
});

describe('sizes are capped before reading', () => {
  it('a 200 MB line: LINE_TOO_LONG within seconds and about 40 MB, the events before it imported', async () => {
    const share = await fresh();
    const segs = await segments(share, A);
    const nextSeq = (perStation.get(A) as number) + 1;
    const huge = path.join(segDir(share, A), `segment-${String(nextSeq).padStart(12, '0')}.jsonl`);
    // A sparse file: 200 MB of zero bytes, no "\n" — one line of 200 MB.
    const fh = await open(huge, 'w');
    await fh.truncate(200 * 1024 * 1024);
    await fh.close();
    // and a 200 MB station.json of another copy
    let peak = process.memoryUsage().rss;
    const before = peak;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const { result } = await importChecked(share);
      expectProblem(result, { station: A, code: 'LINE_TOO_LONG', file: rel(A, 'segments', path.basename(huge)), line: 1 });
      const a = result.stations.find((s) => s.station === A);
      expect(a?.status).toBe('partial');
      expect(a?.headSeq).toBe(perStation.get(A));
    } finally {
      clearInterval(sampler);
    }
    expect(peak - before, 'memory grows by far less than the line').toBeLessThan(150 * 1024 * 1024);
    expect(segs.length).toBeGreaterThan(0);
  });

  it('a 200 MB station.json: TOO_LARGE, not read', async () => {
    const share = await fresh();
    const fh = await open(path.join(share, 'stations', A, 'station.json'), 'r+');
    await fh.truncate(200 * 1024 * 1024);
    await fh.close();
    const { result, ms } = await importChecked(share);
    expectProblem(result, { station: A, code: 'TOO_LARGE', file: rel(A, 'station.json') });
    expect(ms).toBeLessThan(BOUND_MS);
  });
});

describe('nothing hangs', () => {
  it('a station whose share stops answering: NOT_ANSWERING after the deadline, the others imported', async () => {
    const share = await fresh();
    const victim = (await segments(share, A))[1] as string;
    const deadlineMs = 5000;
    const t = performance.now();
    const { result } = await importChecked(share, { deadlineMs, stall: { station: A, name: victim, ms: 120_000 } }, 60_000);
    expect(performance.now() - t, 'far less than the 120 s the share stalls').toBeLessThan(60_000);
    expectProblem(result, { station: A, code: 'NOT_ANSWERING' });
    expect(result.stations.find((s) => s.station === A)?.status).toBe('rejected');
  });

  it('many FIFOs at once (more than Node has file-I/O threads): a journal fdatasync meanwhile never waits behind them', async () => {
    const share = await fresh();
    const B = stations[1] as string;
    await rm(path.join(share, 'stations', A, 'station.json'));
    mkfifo(path.join(share, 'stations', A, 'station.json'));
    const segs = await segments(share, B);
    for (const [k, s] of segs.entries()) mkfifo(path.join(segDir(share, B), s.replace('.jsonl', ` (fifo ${k}).jsonl`)));
    for (let k = 0; k < 6; k++) mkfifo(path.join(share, 'standards', `fifo-${k}.json`));
    const journal = await open(path.join(root, `journal-${++n}.jsonl`), 'a');
    let worst = 0;
    let stop = false;
    const ticks = (async () => {
      while (!stop) {
        const t = performance.now();
        await journal.write('{"tick":1}\n');
        await journal.datasync();
        worst = Math.max(worst, performance.now() - t);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      const db = path.join(root, `db-${++n}.duckdb`);
      const t = performance.now();
      const result = await importShare(share, db, base);
      expect(performance.now() - t).toBeLessThan(BOUND_MS);
      expectProblem(result, { station: A, code: 'NOT_A_FILE' });
      expectProblem(result, { station: B, code: 'NOT_A_FILE' });
      expect(result.stations.find((s) => s.station === stations[2])?.status).toBe('imported');
    } finally {
      stop = true;
      await ticks;
      await journal.close();
    }
    expect(worst, 'the slowest write + fdatasync of the journal during the import (ms)').toBeLessThan(2000);
  });

  it('verify meets the same hostile files and answers, listing each', async () => {
    const share = await fresh();
    const file = path.join(share, 'stations', A, 'station.json');
    await rm(file);
    mkfifo(file);
    const t = performance.now();
    const report = await verifyShare(share, { nowMs: TEST_NOW, workers: 1, deadlineMs: DEADLINE_MS });
    expect(performance.now() - t).toBeLessThan(BOUND_MS);
    expect(report.problems).toContainEqual(expect.objectContaining({ station: A, code: 'NOT_A_FILE' }));
    for (const s of stations.filter((x) => x !== A)) expect(report.stations.find((x) => x.station === s)?.verifiedThrough?.seq).toBe(perStation.get(s));
  });

  it('closing the app stops a running import within seconds, whatever the share does', async () => {
    const share = await fresh();
    const victim = (await segments(share, A))[0] as string;
    const dataDir = path.join(root, `data-${++n}`);
    await mkdir(dataDir);
    const procurement = new Procurement({
      dataDir,
      importShare: (s, db, o) => importShare(s, db, { ...o, nowMs: TEST_NOW, workers: 1, deadlineMs: 120_000, stall: { station: A, name: victim, ms: 120_000 } }),
    });
    expect((await procurement.start(share)).ok).toBe(true);
    // wait until the import is verifying (the stalled station is in its worker)
    for (let k = 0; k < 200 && (await procurement.status()).state === 'running' && !(await procurement.status() as { progress?: unknown }).progress; k++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await procurement.status()).state, 'the import is still running (its share stalls for 120 s)').toBe('running');
    const t = performance.now();
    await procurement.close();
    expect(performance.now() - t, 'close waits at most 3 s for the import').toBeLessThan(6000);
    const status = await procurement.status();
    expect(status.state).toBe('failed');
  });
});
